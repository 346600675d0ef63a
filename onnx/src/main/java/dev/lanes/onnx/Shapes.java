package dev.lanes.onnx;

import java.util.Arrays;

/** Shape arithmetic with overflow checks; every buffer Lanes allocates for a graph is sized through here. */
final class Shapes {
    /** Largest tensor Lanes allocates (2^28 floats = 1 GiB); forged shapes fail here instead of with an OOM. */
    static final long MAX_ELEMENTS = 1L << 28;

    private Shapes() {}

    static int size(int[] shape, String what) throws OnnxFormatException {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new OnnxFormatException(what + ": negative dimension in " + Arrays.toString(shape));
            n *= d;
            if (n > MAX_ELEMENTS) {
                throw new OnnxFormatException(what + ": shape " + Arrays.toString(shape) + " exceeds "
                        + MAX_ELEMENTS + " elements");
            }
        }
        return (int) n;
    }

    /** Product of shape[from, to). Callers have already checked the whole size. */
    static int product(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) n *= shape[i];
        return n;
    }

    /** Numpy (multidirectional) broadcasting of two shapes. */
    static int[] broadcast(int[] a, int[] b, String where) throws OnnxFormatException {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new OnnxFormatException(where + ": shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of {@code in} seen through an output of shape {@code out} (0 where {@code in} is broadcast). */
    static int[] broadcastStrides(int[] in, int[] out) {
        int r = out.length;
        int[] strides = new int[r];
        int stride = 1;
        for (int i = r - 1; i >= 0; i--) {
            int j = i - (r - in.length);
            int d = j < 0 ? 1 : in[j];
            strides[i] = d == 1 ? 0 : stride;
            stride *= d;
        }
        return strides;
    }

    static int axis(int axis, int rank, boolean allowRank, String where) throws OnnxFormatException {
        int hi = allowRank ? rank : rank - 1;
        if (axis < -rank || axis > hi) {
            throw new OnnxFormatException(where + ": axis " + axis + " out of range for rank " + rank);
        }
        return axis < 0 ? axis + rank : axis;
    }
}
