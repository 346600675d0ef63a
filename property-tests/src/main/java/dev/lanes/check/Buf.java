package dev.lanes.check;

import java.util.Arrays;

/**
 * A float array holding one vector or row-major matrix at an offset, with a leading dimension and guard
 * elements around it. The guards (and the gaps between rows when ld &gt; cols) hold {@link #GUARD}; an output
 * must leave them untouched, an input must stay wholly unchanged. {@link #original} keeps the contents as
 * generated, for the reference and for failure messages.
 */
public final class Buf {

    /** The value kept in guard elements; any kernel write there is caught bit for bit. */
    public static final float GUARD = Float.intBitsToFloat(0x7FC0_BEEF); // a NaN with a recognisable payload

    public final float[] a;
    public final int off;
    public final int ld;
    public final int rows;
    public final int cols;
    private final float[] original;

    private Buf(float[] a, int off, int ld, int rows, int cols) {
        this.a = a;
        this.off = off;
        this.ld = ld;
        this.rows = rows;
        this.cols = cols;
        this.original = a.clone();
    }

    /** A vector of n values from {@code dist}, at a random offset (0 half the time), with guards after it. */
    public static Buf vector(Rnd r, int n, Floats.Dist dist) {
        return matrix(r, 1, n, 0, dist);
    }

    /**
     * A (rows, cols) matrix at a random offset with leading dimension cols + extraLd, values from
     * {@code dist}, prefix-stable in both indices (see {@link Rnd#at(long, long)}).
     */
    public static Buf matrix(Rnd r, int rows, int cols, int extraLd, Floats.Dist dist) {
        return matrix(r, rows, cols, extraLd, (s, i, j) -> dist.next(s.at(i, j)));
    }

    /** A vector whose values depend on their index (see {@link Floats#CANCELLING}). */
    public static Buf vector(Rnd r, int n, Floats.Indexed dist) {
        return matrix(r, 1, n, 0, dist);
    }

    /** A matrix whose values depend on their indices. */
    public static Buf matrix(Rnd r, int rows, int cols, int extraLd, Floats.Indexed dist) {
        int off = r.chance(0.5) ? 0 : r.between(1, 17);
        int tail = r.between(0, 3);
        int ld = Math.max(1, cols + extraLd); // the facade wants ld ≥ 1 even for empty matrices
        Rnd stream = r.stream();
        int end = rows == 0 || cols == 0 ? off : off + (rows - 1) * ld + cols;
        float[] a = new float[end + tail];
        Arrays.fill(a, GUARD);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[off + i * ld + j] = dist.next(stream, i, j);
            }
        }
        Buf b = new Buf(a, off, ld, rows, cols);
        for (int i = 0; i < rows; i++) {
            Floats.classify(r, a, off + i * ld, cols);
        }
        return b;
    }

    /** A random leading-dimension slack: 0 half the time, else 1..9. */
    public static int extraLd(Rnd r) {
        return r.chance(0.5) ? 0 : r.between(1, 9);
    }

    /** Element i of a vector as generated. */
    public float orig(int i) {
        return original[off + i];
    }

    /** Element (i, j) of a matrix as generated. */
    public float orig(int i, int j) {
        return original[off + i * ld + j];
    }

    /** The whole array as generated (same layout as {@link #a}); callers must not modify it. */
    public float[] originalArray() {
        return original;
    }

    /** Element i of a vector now. */
    public float get(int i) {
        return a[off + i];
    }

    /** Element (i, j) of a matrix now. */
    public float get(int i, int j) {
        return a[off + i * ld + j];
    }

    /** The number of elements of a vector. */
    public int n() {
        return rows * cols;
    }

    /** Fails unless every element outside the (rows, cols) window is as generated. */
    public void assertGuardsIntact(String name) {
        for (int p = 0; p < a.length; p++) {
            int rel = p - off;
            boolean inside = rel >= 0 && cols > 0 && rel / ld < rows && rel % ld < cols;
            if (!inside && Float.floatToRawIntBits(a[p]) != Float.floatToRawIntBits(original[p])) {
                throw new AssertionError(name + ": element " + p + " outside the (" + rows + ", " + cols
                        + ") window at offset " + off + " with ld " + ld + " was overwritten with " + a[p]);
            }
        }
    }

    /** Fails unless the whole array is as generated (for inputs). */
    public void assertUnchanged(String name) {
        for (int p = 0; p < a.length; p++) {
            if (Float.floatToRawIntBits(a[p]) != Float.floatToRawIntBits(original[p])) {
                throw new AssertionError(name + " is an input but element " + p + " changed from " + original[p]
                        + " to " + a[p]);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append('(').append(rows).append(", ").append(cols).append(") off=").append(off);
        if (rows > 1) {
            s.append(" ld=").append(ld);
        }
        s.append(" length=").append(a.length).append(' ');
        s.append(Show.window(original, off, ld, rows, cols));
        return s.toString();
    }
}
