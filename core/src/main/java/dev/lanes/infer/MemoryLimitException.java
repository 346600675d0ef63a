package dev.lanes.infer;

/**
 * A session would need more memory than its limit ({@link MemoryLimit}); thrown before anything is allocated.
 * The message says what needed how much, the limit, and how to raise it.
 */
public final class MemoryLimitException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** See {@link #needed()}. */
    private final long needed;
    /** See {@link #limit()}. */
    private final long limit;

    /**
     * An exception for a session that would exceed its limit; {@link MemoryLimit#check} makes the message.
     *
     * @param needed  the bytes the session would allocate
     * @param limit   the limit, in bytes
     * @param message what needed how much, the limit, and how to raise it
     */
    public MemoryLimitException(long needed, long limit, String message) {
        super(message);
        this.needed = needed;
        this.limit = limit;
    }

    /** {@return the bytes the session would allocate (Long.MAX_VALUE when that overflows a long)} */
    public long needed() {
        return needed;
    }

    /** {@return the limit it exceeds, in bytes} */
    public long limit() {
        return limit;
    }
}
