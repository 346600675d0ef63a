package dev.lanes.kernels;

/**
 * Argument checks for the {@link Kernels} facade. Every message names the argument and the numbers that
 * disagree, so a shape bug reads as a shape bug rather than an index error deep in a kernel.
 */
final class Checks {

    private Checks() {}

    static void size(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " = " + n + " is negative");
        }
    }

    /** x[off .. off+n) must lie inside x. */
    static void range(String name, float[] x, int off, int n) {
        if (x == null) {
            throw new NullPointerException(name + " is null");
        }
        if (off < 0 || (long) off + n > x.length) {
            throw new IndexOutOfBoundsException(name + ": range [" + off + ", " + ((long) off + n)
                    + ") is outside an array of length " + x.length);
        }
    }

    static void range(String name, int[] x, int off, int n) {
        if (x == null) {
            throw new NullPointerException(name + " is null");
        }
        if (off < 0 || (long) off + n > x.length) {
            throw new IndexOutOfBoundsException(name + ": range [" + off + ", " + ((long) off + n)
                    + ") is outside an array of length " + x.length);
        }
    }

    /** A (rows, cols) matrix at off with leading dimension ld must lie inside x; ld ≥ cols. */
    static void matrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (x == null) {
            throw new NullPointerException(name + " is null");
        }
        if (ld < cols || ld < 1) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " is smaller than its "
                    + cols + " columns");
        }
        long end = rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
        if (off < 0 || end > x.length) {
            throw new IndexOutOfBoundsException(name + ": a (" + rows + ", " + cols + ") matrix at offset " + off
                    + " with leading dimension " + ld + " needs elements up to " + end
                    + ", the array has " + x.length);
        }
    }

    /** Output and input must be the same range exactly or not overlap at all. */
    static void aliasExactOrNone(String out, float[] o, int oOff, String in, float[] x, int xOff, int n) {
        if (o == x && oOff != xOff && n > 0 && oOff < xOff + n && xOff < oOff + n) {
            throw new IllegalArgumentException(out + " [" + oOff + ", " + (oOff + n) + ") partly overlaps " + in
                    + " [" + xOff + ", " + (xOff + n) + "); in-place use needs the same offset");
        }
    }

    /** The element spans [off, end) of two matrices must not overlap (used for GEMM). */
    static void noOverlap(String out, float[] o, int oOff, long oEnd, String in, float[] x, int xOff, long xEnd) {
        if (o == x && oOff < xEnd && xOff < oEnd) {
            throw new IllegalArgumentException(out + " overlaps " + in + " in the same array; GEMM needs C apart"
                    + " from A and B");
        }
    }

    static long end(int off, int ld, int rows, int cols) {
        return rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
    }
}
