package dev.lanes.check;

/**
 * The accuracy each transcendental kernel promises, in one place so it can be set to the figure measured
 * and documented for the SIMD kernels (docs/kernels-accuracy.md: a sweep of 3.2e8 inputs per function).
 * The scalar kernels round a double result once, so they are within 0.5 ulp plus Math's error.
 */
public final class UlpBounds {

    /**
     * The sweep in docs/kernels-accuracy.md counts float steps between a result and the double reference
     * rounded to float; these bounds are distances from the exact (double) reference, in ulps of the result.
     * A result N steps from the rounded reference is at most N + ½ ulp from the exact value, hence the ½.
     */
    private static final double ROUNDED_REFERENCE = 0.5;

    /** Max error of exp: 1 step measured, so 1.5 ulps from the exact value. */
    public static final double EXP = 1 + ROUNDED_REFERENCE;
    /** Max error of sigmoid: 2 steps measured. */
    public static final double SIGMOID = 2 + ROUNDED_REFERENCE;
    /** Max error of tanh: 1 step measured. */
    public static final double TANH = 1 + ROUNDED_REFERENCE;
    /** Max error of the exp inside softmax and log-softmax, in ulps (the softmax bounds are derived from it). */
    public static final double SOFTMAX_EXP = EXP;
    /** Max error of the log inside log-softmax, in ulps: both implementations round Math.log (≤ 1 ulp in
     *  double) to float once per row, so 1 ulp plus that rounding. */
    public static final double SOFTMAX_LOG = 2;

    /**
     * Absolute floor for results below {@link Float#MIN_NORMAL}: there the spacing of floats is fixed at
     * 2⁻¹⁴⁹, so a relative bound turns absolute; 2⁻¹⁴⁸ (two subnormal spacings) leaves room for the
     * two-step scaling by 2^k a vector exp needs when k &lt; −126 (one extra rounding).
     */
    public static final double SUBNORMAL_FLOOR = 0x1p-148;

    private UlpBounds() {}
}
