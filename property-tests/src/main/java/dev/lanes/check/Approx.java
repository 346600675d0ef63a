package dev.lanes.check;

/**
 * Comparisons of kernel results with double-precision references, each failing with an AssertionError that
 * names the element, the values (exactly) and the bound. Bounds follow Higham's model (Accuracy and
 * Stability of Numerical Algorithms, ch. 2–3): fl(a ∘ b) = (a ∘ b)(1 + δ) + η, |δ| ≤ u = 2⁻²⁴, where the
 * underflow term η is 0 for additions and |η| ≤ 2⁻¹⁵⁰ for a product. See docs/properties.md.
 */
public final class Approx {

    /** Unit roundoff of float. */
    public static final double U = 0x1p-24;
    /** Largest absolute error of one float product from gradual underflow: half the subnormal spacing. */
    public static final double ETA = 0x1p-150;

    private Approx() {}

    /** γ_k = k·u / (1 − k·u): the relative error bound of k chained roundings. */
    public static double gamma(int k) {
        return k * U / (1 - k * U);
    }

    /**
     * Fails unless {@code actual} is within {@code bound} of the exact {@code ref}, with IEEE rules for
     * non-finite values: a NaN reference needs NaN, an infinite one the same infinity. {@code magnitude}
     * is Σ|terms| of the computation: when it reaches {@link Float#MAX_VALUE} some evaluation order may
     * overflow (to ±∞, or NaN from ∞ − ∞), so a non-finite result is then also accepted.
     */
    public static void near(String what, int index, float actual, double ref, double bound, double magnitude) {
        boolean mayOverflow = !(magnitude * (1 + 1e-3) < Float.MAX_VALUE);
        if (Double.isNaN(ref)) {
            if (!Float.isNaN(actual)) {
                fail(what, index, actual, ref, "expected NaN");
            }
        } else if (Double.isInfinite(ref)) {
            if (actual != ref && !(mayOverflow && Float.isNaN(actual))) {
                fail(what, index, actual, ref, "expected that infinity");
            }
        } else if (Float.isNaN(actual) || Float.isInfinite(actual)) {
            if (!mayOverflow) {
                fail(what, index, actual, ref, "a finite result (Σ|terms| = " + magnitude + " cannot overflow)");
            }
        } else if (!(Math.abs(actual - ref) <= bound)) {
            fail(what, index, actual, ref, "|error| = " + Math.abs(actual - ref) + " > bound " + bound);
        }
    }

    /** Fails unless {@code actual} and {@code expected} are the same float: equal bits, or both NaN. */
    public static void same(String what, int index, float actual, float expected) {
        if (Float.floatToIntBits(actual) != Float.floatToIntBits(expected)) {
            fail(what, index, actual, expected, "bit-exact " + Show.value(expected));
        }
    }

    /**
     * Fails unless {@code actual} is within {@code maxUlps} units in the last place of the exact {@code ref}
     * (ulp of ref rounded to float), or within {@code absFloor} of it; an infinite result counts as ±2¹²⁸, the
     * next value past {@link Float#MAX_VALUE}, so results at the overflow threshold are judged by ULPs too;
     * for a reference of 2¹²⁸ or more, the infinity of its sign is exact.
     */
    public static void ulps(String what, int index, float actual, double ref, double maxUlps, double absFloor) {
        if (Double.isNaN(ref) || Float.isNaN(actual)) {
            if (!(Double.isNaN(ref) && Float.isNaN(actual))) {
                fail(what, index, actual, ref, "NaN exactly when the reference is NaN");
            }
            return;
        }
        if (Double.isInfinite(ref)) {
            if (actual != ref) {
                fail(what, index, actual, ref, "that infinity");
            }
            return;
        }
        if (Float.isInfinite(actual) && Math.abs(ref) >= 0x1p128 && Math.signum(actual) == Math.signum(ref)) {
            return; // past 2¹²⁸ the correctly rounded result is that infinity
        }
        double a = Float.isInfinite(actual) ? Math.copySign(0x1p128, actual) : actual;
        double ulp = Math.ulp((float) Math.min(Math.abs(ref), Float.MAX_VALUE));
        double err = Math.abs(a - ref);
        if (!(err <= maxUlps * ulp || err <= absFloor)) {
            fail(what, index, actual, ref, "|error| = " + err / ulp + " ulp > " + maxUlps + " ulp (floor "
                    + absFloor + ")");
        }
    }

    static void fail(String what, int index, float actual, double ref, String expectation) {
        String where = index < 0 ? what : what + "[" + index + "]";
        throw new AssertionError(where + " = " + Show.value(actual) + " (bits 0x"
                + Integer.toHexString(Float.floatToRawIntBits(actual)) + "), reference " + ref + ": " + expectation);
    }

    /** Fails with {@code message} unless {@code ok}. */
    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
