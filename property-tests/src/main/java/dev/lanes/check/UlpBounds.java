package dev.lanes.check;

/**
 * The accuracy each transcendental kernel promises, in one place so it can be set to the figure measured
 * and documented for the SIMD kernels (docs/kernels.md). The scalar kernels round a double result once, so
 * they are within 0.5 ulp plus StrictMath's error; the values here are the placeholders until the SIMD
 * measurements land.
 */
public final class UlpBounds {

    /** Max error of exp, in ulps of the correctly rounded float result. */
    public static final double EXP = 2;
    /** Max error of sigmoid, in ulps. */
    public static final double SIGMOID = 2;
    /** Max error of tanh, in ulps. */
    public static final double TANH = 2;
    /** Max error of the exp inside softmax and log-softmax, in ulps (the softmax bounds are derived from it). */
    public static final double SOFTMAX_EXP = EXP;
    /** Max error of the log inside log-softmax, in ulps. */
    public static final double SOFTMAX_LOG = 2;

    /**
     * Absolute floor for results below {@link Float#MIN_NORMAL}: there the spacing of floats is fixed at
     * 2⁻¹⁴⁹, so a relative bound turns absolute; 2⁻¹⁴⁸ (two subnormal spacings) leaves room for the
     * two-step scaling by 2^k a vector exp needs when k &lt; −126 (one extra rounding).
     */
    public static final double SUBNORMAL_FLOOR = 0x1p-148;

    private UlpBounds() {}
}
