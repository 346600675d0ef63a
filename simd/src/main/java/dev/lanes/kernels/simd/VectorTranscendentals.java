package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * exp, sigmoid and tanh with their backward passes. The forward kernels use {@link VectorExp}, not lanewise
 * EXP, so their results are the same bits in every JIT state; each scalar tail performs the vector body's
 * operations in the same order in float, so an element's result does not depend on where it sits in the
 * array. Measured errors: docs/kernels-accuracy.md. The backward kernels evaluate the scalar loops'
 * expression in the same order, so they are bit-exact against ScalarKernels.
 *
 * <p>Vector constants are broadcast inside the loops (C2 hoists them): a vector created before a loop that
 * a short input never enters would be a heap object in interpreted and C1 code on every call.
 */
final class VectorTranscendentals {

    private VectorTranscendentals() {}

    private static final int SIGN = 0x8000_0000;

    /** Overflow to +∞ above ≈ 88.72, subnormals below ≈ −87.34, 0 below ≈ −103.97; ≤ 1 float step from (float) Math.exp. */
    static void exp(float[] out, int outOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            VectorExp.exp(FloatVector.fromArray(F, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = VectorExp.exp(x[xOff + i]);
        }
    }

    /**
     * σ(x) with e = e^−|x| ∈ [0, 1], so nothing overflows: σ = 1/(1+e) for x ≥ 0 and e/(1+e) for x &lt; 0.
     * The second form keeps relative accuracy where σ(x) ≈ e^x is tiny (down to the subnormals), which
     * 1/(1+e^−x) would lose by overflowing e^−x to +∞ below x ≈ −88.7. Saturates to exactly 0 (e = 0) and
     * exactly 1 (1 + e rounds to 1); NaN only for NaN x. Error: the exp error plus two roundings.
     */
    static void sigmoid(float[] out, int outOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector one = FloatVector.broadcast(F, 1f);
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector e = VectorExp.exp(v.abs().neg());
            one.blend(e, v.compare(VectorOperators.LT, 0f)).div(one.add(e)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            float e = VectorExp.exp(-Math.abs(v));
            out[outOff + i] = (v < 0f ? e : 1f) / (1f + e);
        }
    }

    /** dx = (dy·y)·(1 − y), the scalar loop's order. */
    static void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector one = FloatVector.broadcast(F, 1f);
            FloatVector s = FloatVector.fromArray(F, y, yOff + i);
            FloatVector.fromArray(F, dy, dyOff + i).mul(s).mul(one.sub(s)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * s * (1f - s);
        }
    }

    /** Below this |x|, tanh is the polynomial; at and above it, the exp form (no cancellation: tanh ≥ 0.55). */
    private static final float TANH_SMALL = 0.625f;

    // tanh(x) = x + x³·R(x²) on |x| < 0.625: R of degree 4, fitted here for relative error (Lawson-weighted
    // least squares in double) to 4.4e-9 ≈ 0.07 ULP before float rounding; Taylor would need ~9 terms.
    private static final float R0 = -0.3333328068256378f;
    private static final float R1 = 0.13331441581249237f;
    private static final float R2 = -0.05373971164226532f;
    private static final float R3 = 0.020639078691601753f;
    private static final float R4 = -0.005704978480935097f;

    /**
     * Two branch-free forms on a = |x| blended per lane, then x's sign bit copied back, so tanh(−0.0) = −0.0.
     * a &lt; 0.625: a + a³·R(a²), which keeps relative accuracy for tiny a (a·a underflows to 0 and the
     * result is a itself). a ≥ 0.625: 1 − 2/(e^{2a} + 1); e^{2a} = +∞ above a ≈ 44.4 gives
     * exactly 1 (it already rounds to 1 from a ≈ 9.01), and NaN takes this path and stays NaN.
     * Chosen over lanewise TANH (~2× slower here) and an EXPM1 form (~1.5×, 2 ULP); docs/kernels-accuracy.md.
     */
    static void tanh(float[] out, int outOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector one = FloatVector.broadcast(F, 1f);
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            FloatVector a = v.abs();
            FloatVector big = one.sub(FloatVector.broadcast(F, 2f).div(VectorExp.exp(a.add(a)).add(one)));
            FloatVector t = a.mul(a);
            FloatVector r = t.fma(R4, R3)
                    .fma(t, FloatVector.broadcast(F, R2))
                    .fma(t, FloatVector.broadcast(F, R1))
                    .fma(t, FloatVector.broadcast(F, R0));
            FloatVector small = a.mul(t).fma(r, a);
            // Both forms on |x|, then x's sign bit: a sign-preserving formula on x would turn −0.0 into +0.0.
            IntVector sign = v.reinterpretAsInts().and(SIGN);
            big.blend(small, a.compare(VectorOperators.LT, TANH_SMALL))
                    .reinterpretAsInts().or(sign).reinterpretAsFloats().intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = tanh(x[xOff + i]);
        }
    }

    /** One lane of {@link #tanh(float[], int, float[], int, int)}: the same operations in the same order. */
    private static float tanh(float v) {
        float a = Math.abs(v);
        float big = 1f - 2f / (VectorExp.exp(a + a) + 1f);
        float t = a * a;
        float r = Math.fma(Math.fma(Math.fma(Math.fma(t, R4, R3), t, R2), t, R1), t, R0);
        float small = Math.fma(a * t, r, a);
        int bits = Float.floatToRawIntBits(a < TANH_SMALL ? small : big);
        return Float.intBitsToFloat(bits | (Float.floatToRawIntBits(v) & SIGN));
    }

    /** dx = dy·(1 − y·y), the scalar loop's order (no fma, so bit-exact). */
    static void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector one = FloatVector.broadcast(F, 1f);
            FloatVector t = FloatVector.fromArray(F, y, yOff + i);
            FloatVector.fromArray(F, dy, dyOff + i).mul(one.sub(t.mul(t))).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }
}
