package dev.lanes.infer;

/**
 * A session would need more memory than its limit ({@link MemoryLimit}); thrown before anything is allocated.
 * The message says what needed how much, the limit, and how to raise it.
 */
public final class MemoryLimitException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long needed;
    private final long limit;

    public MemoryLimitException(long needed, long limit, String message) {
        super(message);
        this.needed = needed;
        this.limit = limit;
    }

    /** Bytes the session would allocate (Long.MAX_VALUE when that overflows a long). */
    public long needed() {
        return needed;
    }

    /** The limit it exceeds, in bytes. */
    public long limit() {
        return limit;
    }
}
