package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, sigmoid and tanh with their backward passes. The forward kernels call lanewise EXP / EXPM1, which C2
 * compiles to the platform's vector math library (SVML on x86), about 10× a scalar Math.exp loop; the scalar
 * tails use Math in double, which is at least as accurate. Measured errors: docs/kernels-accuracy.md.
 * The backward kernels evaluate the scalar loops' expression in the same order, so they are bit-exact.
 */
final class VectorTranscendentals {

    private VectorTranscendentals() {}

    private static final int SIGN = 0x8000_0000;

    /** Overflow to +∞ above ≈ 88.72, subnormals below ≈ −87.34, 0 below ≈ −103.97, as (float) Math.exp. */
    static void exp(float[] out, int outOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).lanewise(VectorOperators.EXP).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    /**
     * σ(x) with e = e^−|x| ∈ [0, 1], so nothing overflows: σ = 1/(1+e) for x ≥ 0 and e/(1+e) for x &lt; 0.
     * The second form keeps relative accuracy where σ(x) ≈ e^x is tiny (down to the subnormals), which
     * 1/(1+e^−x) would lose by overflowing e^−x to +∞ below x ≈ −88.7. Saturates to exactly 0 (e = 0) and
     * exactly 1 (1 + e rounds to 1); NaN only for NaN x. Error: the exp error plus two roundings.
     */
    static void sigmoid(float[] out, int outOff, float[] x, int xOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector e = v.abs().neg().lanewise(VectorOperators.EXP);
            one.blend(e, v.compare(VectorOperators.LT, 0f)).div(one.add(e)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    /** dx = (dy·y)·(1 − y), the scalar loop's order. */
    static void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector s = FloatVector.fromArray(F, y, yOff + i);
            FloatVector.fromArray(F, dy, dyOff + i).mul(s).mul(one.sub(s)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * s * (1f - s);
        }
    }

    /**
     * tanh|x| = −t / (t + 2) with t = expm1(−2|x|) ∈ [−1, 0], then the sign of x copied back bitwise.
     * No cancellation near 0 (expm1 is accurate there: t ≈ −2|x|, result ≈ |x|), no overflow for large
     * |x| (t → −1, result rounds to exactly 1 from |x| ≈ 9.01), tanh(−0.0) = −0.0, NaN stays NaN.
     * Chosen over lanewise TANH, which was slower here (docs/kernels-accuracy.md); error: expm1's plus two
     * roundings.
     */
    static void tanh(float[] out, int outOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector t = v.abs().mul(-2f).lanewise(VectorOperators.EXPM1);
            FloatVector r = t.neg().div(t.add(2f));
            IntVector sign = v.reinterpretAsInts().and(SIGN);
            r.reinterpretAsInts().or(sign).reinterpretAsFloats().intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    /** dx = dy·(1 − y·y), the scalar loop's order (no fma, so bit-exact). */
    static void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector t = FloatVector.fromArray(F, y, yOff + i);
            FloatVector.fromArray(F, dy, dyOff + i).mul(one.sub(t.mul(t))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }
}
