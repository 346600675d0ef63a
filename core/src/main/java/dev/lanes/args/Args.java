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

    /**
     * {@code value}, or a NullPointerException "NAME is null".
     *
     * @param <T>   the value's type
     * @param name  the argument's name, for the message
     * @param value the argument
     * @return {@code value}
     */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new NullPointerException(name + " is null");
        }
        return value;
    }

    /**
     * Every element of {@code values} non-null: "NAME[i] is null" for the first that is.
     *
     * @param <T>    the element type
     * @param name   the argument's name, for the message
     * @param values the array
     * @return {@code values}
     */
    public static <T> T[] noNulls(String name, T[] values) {
        notNull(name, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(name + "[" + i + "] is null");
            }
        }
        return values;
    }

    /**
     * {@code n} when ≥ 0, else "NAME = n is negative".
     *
     * @param name the argument's name, for the message
     * @param n    the size
     * @return {@code n}
     */
    public static int size(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " = " + n + " is negative");
        }
        return n;
    }

    /**
     * {@code n} when ≥ 1, else "NAME must be at least 1, got n".
     *
     * @param name the argument's name, for the message
     * @param n    the count
     * @return {@code n}
     */
    public static int positive(String name, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + n);
        }
        return n;
    }

    /**
     * Checks that an integer argument lies in a closed range.
     *
     * @param name the argument's name, for the message
     * @param n    the value
     * @param min  the smallest value allowed
     * @param max  the largest value allowed
     * @return {@code n}
     * @throws IllegalArgumentException "NAME must be in [min, max], got n" when it does not
     */
    public static int inRange(String name, int n, int min, int max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }

    /**
     * a · b as the length of one array, when it fits ({@link #MAX_ARRAY}); else an IllegalArgumentException
     * "aName × bName = a × b = product, more than one Java array holds (…)". Both must be ≥ 0.
     *
     * @param aName the first factor's name, for the message
     * @param a     the first factor, ≥ 0
     * @param bName the second factor's name, for the message
     * @param b     the second factor, ≥ 0
     * @return a · b
     */
    public static int product(String aName, int a, String bName, int b) {
        long n = (long) size(aName, a) * size(bName, b);
        if (n > MAX_ARRAY) {
            throw new IllegalArgumentException(aName + " × " + bName + " = " + a + " × " + b + " = " + n
                    + ", more than one Java array holds (" + MAX_ARRAY + ")");
        }
        return (int) n;
    }

    /**
     * a · b · c as one array's length, checked as {@link #product(String, int, String, int)}.
     *
     * @param aName the first factor's name, for the message
     * @param a     the first factor, ≥ 0
     * @param bName the second factor's name, for the message
     * @param b     the second factor, ≥ 0
     * @param cName the third factor's name, for the message
     * @param c     the third factor, ≥ 0
     * @return a · b · c
     */
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
