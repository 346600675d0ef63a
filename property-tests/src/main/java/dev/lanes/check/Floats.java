package dev.lanes.check;

/**
 * Float value distributions. Each is a {@link Dist}: one value from one element's {@link Rnd}.
 *
 * <ul>
 *   <li>{@link #MODERATE}: finite, signed, magnitudes 2⁻²⁰..2²⁰ and some ±0, so sums of thousands of products
 *       neither overflow nor underflow: the regime where the γ_n bounds are tight.
 *   <li>{@link #SPECIAL}: moderate values with one in four replaced by ±0, ±∞, NaN, a subnormal, a tiny
 *       (near 2⁻¹²⁶) or huge (near 2¹²⁷, up to {@link Float#MAX_VALUE}) number.
 *   <li>{@link #FINITE}: {@link #SPECIAL} without NaN and ±∞.
 *   <li>{@link #UNIT}: uniform in [−1, 1).
 *   <li>{@link #integers}: small integers, whose sums and differences are exact.
 * </ul>
 */
public final class Floats {

    /** One value from one element's source. */
    @FunctionalInterface
    public interface Dist {
        float next(Rnd r);
    }

    public static final Dist MODERATE = Floats::moderate;
    public static final Dist SPECIAL = r -> r.chance(0.25) ? special(r, true) : moderate(r);
    public static final Dist FINITE = r -> r.chance(0.25) ? special(r, false) : moderate(r);
    public static final Dist UNIT = r -> (float) (2 * r.nextDouble() - 1);

    private Floats() {}

    /** One value from the element's own source, a stream's source and its (row, column) index. */
    @FunctionalInterface
    public interface Indexed {
        float next(Rnd stream, int i, int j);
    }

    /** Picks one of the distributions above for a whole case, and labels the case with it. */
    public static Dist any(Rnd r) {
        return switch (r.nextInt(5)) {
            case 0 -> labelled(r, "values moderate", MODERATE);
            case 1 -> labelled(r, "values special", SPECIAL);
            case 2 -> labelled(r, "values finite wide", FINITE);
            case 3 -> labelled(r, "values unit", UNIT);
            default -> labelled(r, "values integer", integers(-8, 8));
        };
    }

    private static Dist labelled(Rnd r, String label, Dist d) {
        r.label(label);
        return d;
    }

    /**
     * Ill-conditioned data: columns 2j and 2j+1 hold v and −v·(1 + d), |d| ≤ 2⁻¹⁶, so a sum cancels to about
     * 2⁻¹⁶ of its Σ|terms| (condition number ≈ 2¹⁶). Pair with {@link #PAIRED} for dot products.
     */
    public static final Indexed CANCELLING = (s, i, j) -> {
        float v = moderate(s.at(i, j / 2));
        if (j % 2 == 0) {
            return v;
        }
        double d = (2 * s.at(i, j).nextDouble() - 1) * 0x1p-16;
        return (float) (-v * (1 + d));
    };

    /** Columns 2j and 2j+1 hold the same moderate value. */
    public static final Indexed PAIRED = (s, i, j) -> moderate(s.at(i, j / 2 + 0x40000000L));

    /** Integers in [lo, hi], exactly representable while |lo|, |hi| ≤ 2²⁴. */
    public static Dist integers(int lo, int hi) {
        return r -> r.between(lo, hi);
    }

    static float moderate(Rnd r) {
        if (r.chance(0.04)) {
            return r.nextBoolean() ? 0f : -0f;
        }
        double mantissa = 1 + r.nextDouble();
        int exponent = r.between(-20, 20);
        float v = (float) Math.scalb(mantissa, exponent);
        return r.nextBoolean() ? v : -v;
    }

    static float special(Rnd r, boolean nonFinite) {
        int kind = r.nextInt(nonFinite ? 10 : 7);
        float v = switch (kind) {
            case 0 -> 0f;
            case 1 -> Float.intBitsToFloat(r.between(1, 0x007F_FFFF)); // subnormal
            case 2 -> Float.MIN_VALUE;
            case 3 -> (float) Math.scalb(1 + r.nextDouble(), r.between(-126, -100)); // tiny
            case 4 -> (float) Math.scalb(1 + r.nextDouble(), r.between(100, 126)); // huge
            case 5 -> Float.MAX_VALUE;
            case 6 -> Float.MIN_NORMAL;
            case 7, 8 -> Float.POSITIVE_INFINITY;
            default -> Float.NaN;
        };
        return r.nextBoolean() ? v : -v;
    }

    /** Labels the case with the kinds of special values among a[off .. off+n). */
    static void classify(Rnd r, float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            float v = a[i];
            if (Float.isNaN(v)) {
                r.label("has NaN");
            } else if (Float.isInfinite(v)) {
                r.label("has ±∞");
            } else if (v == 0 && Float.floatToRawIntBits(v) != 0) {
                r.label("has -0.0");
            } else if (v != 0 && Math.abs(v) < Float.MIN_NORMAL) {
                r.label("has subnormal");
            } else if (Math.abs(v) >= 0x1p100f) {
                r.label("has huge");
            }
        }
    }
}
