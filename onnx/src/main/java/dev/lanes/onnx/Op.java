package dev.lanes.onnx;

import dev.lanes.infer.engine.Step;
import dev.lanes.kernels.Kernels;

import java.util.Arrays;

/**
 * One node of an imported graph, with its attributes resolved at load. {@link #plan} infers the output shape
 * from the input shapes (checking them) and returns the allocation-free step for those shapes.
 */
abstract class Op {
    final String where;
    final int[] in;  // value slots of the inputs; -1 for an omitted optional input
    final int out;   // value slot of the output

    Op(String where, int[] in, int out) {
        this.where = where;
        this.in = in;
        this.out = out;
    }

    /** Sets shapes[out] from the input shapes and returns the step computing it. */
    abstract Step plan(int[][] shapes) throws OnnxFormatException;

    // ------------------------------------------------------------------ element-wise with broadcasting

    static final int ADD = 0, SUB = 1, MUL = 2, MAX = 3, PRELU = 4;

    private static float apply(int kind, float x, float y) {
        return switch (kind) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case MAX -> (x != x || y != y) ? Float.NaN : Math.max(x, y);
            default -> x < 0 ? x * y : x;
        };
    }

    private static void flat(int kind, float[] o, int oOff, float[] a, int aOff, float[] b, int bOff, int n) {
        switch (kind) {
            case ADD -> Kernels.add(o, oOff, a, aOff, b, bOff, n);
            case SUB -> Kernels.sub(o, oOff, a, aOff, b, bOff, n);
            case MUL -> Kernels.mul(o, oOff, a, aOff, b, bOff, n);
            default -> {
                for (int i = 0; i < n; i++) o[oOff + i] = apply(kind, a[aOff + i], b[bOff + i]);
            }
        }
    }

    /**
     * o = a ⊙ b with numpy broadcasting, a: aShape, b: bShape, o: oShape (already the broadcast shape). The
     * innermost dimension runs through the vector kernels when neither side is broadcast along it.
     */
    static Step broadcastStep(int kind, int a, int[] aShape, int b, int[] bShape, int o, int[] oShape) {
        int n = Shapes.product(oShape, 0, oShape.length);
        if (Arrays.equals(aShape, oShape) && Arrays.equals(bShape, oShape)) {
            return (slots, rows) -> flat(kind, slots[o], 0, slots[a], 0, slots[b], 0, n);
        }
        int r = oShape.length;
        int[] sa = Shapes.broadcastStrides(aShape, oShape);
        int[] sb = Shapes.broadcastStrides(bShape, oShape);
        int inner = r == 0 ? 1 : oShape[r - 1];
        int ia = r == 0 ? 0 : sa[r - 1], ib = r == 0 ? 0 : sb[r - 1];
        int[] counter = new int[Math.max(r, 1)];
        return (slots, rows) -> {
            float[] x = slots[a], y = slots[b], z = slots[o];
            Arrays.fill(counter, 0);
            int aOff = 0, bOff = 0;
            for (int base = 0; base < n; base += inner) {
                if (ia == 1 && ib == 1) {
                    flat(kind, z, base, x, aOff, y, bOff, inner);
                } else {
                    for (int j = 0; j < inner; j++) z[base + j] = apply(kind, x[aOff + j * ia], y[bOff + j * ib]);
                }
                // advance the outer counters (dimensions r-2 .. 0), odometer style
                for (int d = r - 2; d >= 0; d--) {
                    counter[d]++;
                    aOff += sa[d];
                    bOff += sb[d];
                    if (counter[d] < oShape[d]) break;
                    aOff -= sa[d] * oShape[d];
                    bOff -= sb[d] * oShape[d];
                    counter[d] = 0;
                }
            }
        };
    }

    /** o = x broadcast to oShape, s: x's strides from {@link Shapes#broadcastStrides}, counter: rank ints. */
    static void broadcastCopy(float[] o, int[] oShape, float[] x, int[] s, int[] counter) {
        int r = oShape.length;
        int n = Shapes.product(oShape, 0, r);
        Arrays.fill(counter, 0);
        int off = 0;
        for (int i = 0; i < n; i++) {
            o[i] = x[off];
            for (int d = r - 1; d >= 0; d--) {
                counter[d]++;
                off += s[d];
                if (counter[d] < oShape[d]) break;
                off -= s[d] * oShape[d];
                counter[d] = 0;
            }
        }
    }
}
