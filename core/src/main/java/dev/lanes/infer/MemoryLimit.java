package dev.lanes.infer;

import java.util.Locale;

/**
 * The most memory one inference session may allocate for its buffers. A session's buffers are sized from the
 * compiled program before any is allocated ({@code Program.bytes}), so a model that would need more — a
 * forged file whose every tensor is within the per-tensor cap but whose broadcasts add up to gigabytes, or a
 * huge batch — fails at once with a {@link MemoryLimitException} saying what needed how much, instead of an
 * {@link OutOfMemoryError} after allocating part of it.
 *
 * <p>The limit is {@value #DEFAULT_TEXT} unless the system property {@value #PROPERTY} sets another (bytes,
 * or with a suffix {@code k}, {@code m}, {@code g}: {@code -Dlanes.session.maxBytes=4g}); {@code
 * Model.newSession(maxBatch, maxBytes)} and {@code OnnxModel.newSession(maxBytes)} take one per session.
 */
public final class MemoryLimit {

    /** The system property that sets the default limit. */
    public static final String PROPERTY = "lanes.session.maxBytes";
    /** The default limit: 1 GiB. */
    public static final long DEFAULT = 1L << 30;
    private static final String DEFAULT_TEXT = "1 GiB";

    private MemoryLimit() {}

    /**
     * The limit in force: {@value #PROPERTY} when set, else {@link #DEFAULT}.
     *
     * @return the limit in bytes, ≥ 1
     * @throws IllegalArgumentException when the property is set to something that is not a size
     */
    public static long current() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + ": " + e.getMessage(), e);
        }
    }

    /**
     * A size in bytes: digits, optionally followed by k, m or g (powers of 1024, either case); at least 1.
     *
     * @param text the size, e.g. {@code "4g"} or {@code "1048576"}
     * @return the size in bytes, ≥ 1
     * @throws IllegalArgumentException naming the text when it is not such a size or overflows a long
     */
    public static long parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = 0;
            }
        }
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' is not a size (bytes, or a number with k, m or g)");
        }
        long n = Long.parseLong(digits);
        if (n < 1 || n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("'" + text + "' is not a size between 1 byte and 2^63 - 1 bytes");
        }
        return n << shift;
    }

    /**
     * Throws when {@code needed} bytes exceed {@code limit}.
     *
     * @param needed the bytes needed, ≥ 0
     * @param limit  the limit, in bytes
     * @param what   what needs the memory, for the message ("a session of Model: 2 → 3, … for batches of 64 rows")
     * @param detail how it adds up, for the message ("12 buffers, the largest 1.0 GiB"); may be empty
     * @throws MemoryLimitException when needed &gt; limit
     */
    public static void check(long needed, long limit, String what, String detail) {
        if (needed > limit) {
            throw new MemoryLimitException(needed, limit, what + " needs " + format(needed)
                    + (detail.isEmpty() ? "" : " (" + detail + ")") + ", more than the session memory limit of "
                    + format(limit) + "; raise it with -D" + PROPERTY + "=SIZE or a newSession limit argument,"
                    + " or use smaller batches");
        }
    }

    /**
     * A byte count for people: "1 073 741 824 bytes (1.0 GiB)".
     *
     * @param bytes the byte count
     * @return the text
     */
    public static String format(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 2^63 bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return bytes + " bytes" + (u < 0 ? "" : String.format(Locale.ROOT, " (%.1f %s)", v, units[u]));
    }
}
