package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x in float, built only from operations that are exactly rounded IEEE lane-wise in every JIT state
 * (add, mul, fma, compare and blend, integer add and shifts, bit reinterpretation). lanewise(EXP) is not: the
 * interpreter and C1 fall back to per-lane Math.exp while C2 calls the platform's vector math stub, and
 * the two differ in the last bit, so the same inputs gave different results before and after C2 compiled a
 * kernel. {@link #exp(FloatVector)} and {@link #exp(float)} perform the same operations in the same order,
 * so a lane and the scalar tail give identical bits for the same input.
 *
 * <p>Method: x clamped to [−104, 89] (NaN passes the clamp); k = round(x·log₂e) by adding
 * 1.5·2²³ in one fma, whose integer bits then hold k; r = x − k·ln2 with ln2 split hi + lo (k·hi is exact
 * and x − k·hi is exact too: both are multiples of 2⁻²⁵ and |r| &lt; ½); e^r = 1 + r·(1 + r·P(r)) on
 * |r| ≤ ln2/2 with P of degree 4; then ·2^k in two exact-exponent steps 2^⌊k/2⌋·2^(k−⌊k/2⌋), so subnormal
 * results are rounded once and overflow to +∞ comes out of the last multiply.
 *
 * <p>Error: the polynomial is 3.6e-9 relative (0.06 ulp) with float coefficients; r's rounding, the
 * Horner roundings and the last rounding keep the result under 1 ulp from exact (faithful), i.e. at most
 * one float step from the correctly rounded result. Measured in docs/kernels-accuracy.md.
 */
final class VectorExp {

    private VectorExp() {}

    /** Below: e^x &lt; 2⁻¹⁵⁰ rounds to 0 (from x ≈ −103.97); k stays ≥ −150, so both 2^k steps are normal. */
    private static final float MIN_X = -104f;
    /** Above: e^x overflows (from x ≈ 88.72); k stays ≤ 128. */
    private static final float MAX_X = 89f;

    /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits (valid for |k| &lt; 2²²). */
    private static final float ROUNDER = 0x1.8p23f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float LOG2E = 0x1.715476p0f;
    /** ln2 = LN2_HI + LN2_LO to about 2⁻⁵³; LN2_HI is ln2 rounded to float. */
    private static final float LN2_HI = 0x1.62e43p-1f;
    private static final float LN2_LO = -0x1.05c61p-29f;

    // e^r = 1 + r + r²·P(r), P(r) = C2 + C3·r + … + C6·r⁴, fitted here for relative error on
    // |r| ≤ 1.0005·ln2/2 (iteratively reweighted least squares in double against mpmath's exp, then rounded
    // to float: 3.6e-9). Taylor's 1/k! would need degree 7 for the same error.
    private static final float C2 = 0x1.fffffcp-2f;
    private static final float C3 = 0x1.555492p-3f;
    private static final float C4 = 0x1.5558f2p-5f;
    private static final float C5 = 0x1.123a2p-7f;
    private static final float C6 = 0x1.6a23cep-10f;

    /** e^x per lane; NaN → NaN, −∞ → 0, +∞ → +∞. */
    static FloatVector exp(FloatVector x) {
        // Clamped by compare and blend (false for NaN, so NaN passes): cheaper than lanewise MIN/MAX, whose
        // Math.min/max semantics (NaN, −0.0) cost AVX2 several instructions each.
        FloatVector xc = x.blend(MIN_X, x.compare(VectorOperators.LT, MIN_X));
        xc = xc.blend(MAX_X, xc.compare(VectorOperators.GT, MAX_X));
        FloatVector t = xc.fma(LOG2E, ROUNDER);
        IntVector k = t.reinterpretAsInts().sub(ROUNDER_BITS);
        FloatVector kf = t.sub(ROUNDER);
        FloatVector r = kf.fma(FloatVector.broadcast(F, -LN2_HI), xc);
        r = kf.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(C6, C5);
        p = p.fma(r, FloatVector.broadcast(F, C4));
        p = p.fma(r, FloatVector.broadcast(F, C3));
        p = p.fma(r, FloatVector.broadcast(F, C2));
        FloatVector one = FloatVector.broadcast(F, 1f);
        p = p.fma(r, one);
        p = p.fma(r, one);
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = k.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    /** The same computation as {@link #exp(FloatVector)} on one float: identical bits to a lane. */
    static float exp(float x) {
        float xc = x < MIN_X ? MIN_X : x;
        xc = xc > MAX_X ? MAX_X : xc;
        float t = Math.fma(xc, LOG2E, ROUNDER);
        int k = Float.floatToRawIntBits(t) - ROUNDER_BITS;
        float kf = t - ROUNDER;
        float r = Math.fma(kf, -LN2_HI, xc);
        r = Math.fma(kf, -LN2_LO, r);
        float p = Math.fma(r, C6, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int k1 = k >> 1;
        int k2 = k - k1;
        float s1 = Float.intBitsToFloat((k1 + 127) << 23);
        float s2 = Float.intBitsToFloat((k2 + 127) << 23);
        return p * s1 * s2;
    }
}
