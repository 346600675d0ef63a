package dev.lanes.args;

/**
 * The argument checks every public entry point of Lanes shares, so a bad call reads the same everywhere: a
 * null names the argument ({@code "input is null"}), a negative size names it and its value, and a product of
 * sizes that would overflow an {@code int} (a buffer no Java array can hold) names the factors and the numbers
 * as an {@link IllegalArgumentException}, never a bare {@link ArithmeticException}.
 */
public final class Args {

    /** The largest array length every JVM allocates (a few header words below Integer.MAX_VALUE). */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Args() {}

    /** {@code value}, or a NullPointerException "NAME is null". */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new NullPointerException(name + " is null");
        }
        return value;
    }

    /** Every element of {@code values} non-null: "NAME[i] is null" for the first that is. */
    public static <T> T[] noNulls(String name, T[] values) {
        notNull(name, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(name + "[" + i + "] is null");
            }
        }
        return values;
    }

    /** {@code n} when ≥ 0, else "NAME = n is negative". */
    public static int size(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " = " + n + " is negative");
        }
        return n;
    }

    /** {@code n} when ≥ 1, else "NAME must be at least 1, got n". */
    public static int positive(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
        return n;
    }

    /** {@code n} when {@code min ≤ n ≤ max}, else "NAME must be in [min, max], got n". */
    public static int inRange(String name, int n, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }

    /**
     * a · b as the length of one array, when it fits ({@link #MAX_ARRAY}); else an IllegalArgumentException
     * "aName × bName = a × b = product, more than one Java array holds (…)". Both must be ≥ 0.
     */
    public static int product(String aName, int a, String bName, int b) {
        long n = (long) size(aName, a) * size(bName, b);
        if (n > MAX_ARRAY) {
            throw new IllegalArgumentException(aName + " × " + bName + " = " + a + " × " + b + " = " + n
                    + ", more than one Java array holds (" + MAX_ARRAY + ")");
        }
        return (int) n;
    }

    /** a · b · c as one array's length, checked as {@link #product(String, int, String, int)}. */
    public static int product(String aName, int a, String bName, int b, String cName, int c) {
        long ab = (long) size(aName, a) * size(bName, b); // < 2^62: no wrap; ab ≤ MAX_ARRAY before · c
        long n = size(cName, c) == 0 ? 0 : ab > MAX_ARRAY ? Long.MAX_VALUE : ab * c;
        if (n > MAX_ARRAY) {
            throw new IllegalArgumentException(aName + " × " + bName + " × " + cName + " = " + a + " × " + b
                    + " × " + c + (n == Long.MAX_VALUE ? "" : " = " + n) + ", more than one Java array holds ("
                    + MAX_ARRAY + ")");
        }
        return (int) n;
    }
}
