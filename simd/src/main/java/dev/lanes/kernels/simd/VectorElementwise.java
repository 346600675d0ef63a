package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * BLAS-1 and element-wise kernels: axpy, scale, add, sub, mul, maximum. All arrays are length-n slices.
 *
 * <p>These are memory-bound, so one vector per iteration is enough (C2 unrolls the counted loop itself);
 * the tail of fewer than L elements is scalar. Every kernel computes the same operation per element as
 * ScalarKernels and is bit-exact against it, at every position: axpy rounds twice, y + round(a·x), in the
 * vector body as in the tail and the scalar loop (an fma would round once, and under cancellation differ
 * from the tail by over a thousand ulps; axpy is memory-bound, so the fused form bought no speed). Exact aliasing of an output
 * with an input is safe: each element is read before it is written, and never read again.
 *
 * <p>No vector is created outside a vector loop (a broadcast is written inside the loop; C2 hoists it). A
 * vector made before a loop that a short input never enters is a heap object wherever the Vector API is not
 * intrinsified, in interpreted and C1-compiled code: axpy's hoisted broadcast cost 88 bytes per call with
 * n &lt; L (the vector, its float[] payload, the lambda that fills it) for as long as C2 had not compiled it.
 */
final class VectorElementwise {

    private VectorElementwise() {}

    static void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector av = FloatVector.broadcast(F, a); // in the loop: see the class comment
            FloatVector.fromArray(F, x, xOff + i).mul(av).add(FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    static void scale(float[] out, int outOff, float a, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(a).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a * x[xOff + i];
        }
    }

    static void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i).add(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    static void sub(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i).sub(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    static void mul(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i).mul(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /** Math.max semantics, bit-exact: lanewise MAX propagates NaN and orders −0.0 below +0.0 like Math.max. */
    static void maximum(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, aOff + i)
                    .lanewise(VectorOperators.MAX, FloatVector.fromArray(F, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
        }
    }
}
