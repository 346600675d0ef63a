package dev.lanes.check;

import static dev.lanes.check.Approx.U;
import static dev.lanes.check.Approx.gamma;

import dev.lanes.check.reference.ReferenceActivations;
import dev.lanes.check.reference.ReferenceRows;
import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Row-wise softmax and log-softmax: against the double reference with per-entry bounds derived below, rows
 * summing to 1, shift invariance, −∞ entries, non-finite row maxima, and log-softmax = log(softmax).
 */
class SoftmaxPropertiesTest {

    /** Row value regimes; one per case. */
    static Floats.Dist logits(Rnd r) {
        switch (r.nextInt(6)) {
            case 0:
                r.label("logits with −∞");
                return s -> s.chance(0.3) ? Float.NEGATIVE_INFINITY : (float) (s.nextDouble() * 40 - 20);
            case 1:
                r.label("logits ±1e30");
                return s -> s.pick(new float[] {1e30f, -1e30f, 0f, -0f, 3f, -Float.MAX_VALUE});
            case 2:
                r.label("equal logits");
                float v = r.pick(new float[] {0f, -7.5f, 1e30f, -1e30f, Float.MAX_VALUE});
                return s -> v;
            case 3:
                r.label("non-finite entries");
                return s -> s.chance(0.05) ? s.pick(new float[] {Float.NaN, Float.POSITIVE_INFINITY})
                        : s.chance(0.2) ? Float.NEGATIVE_INFINITY : (float) (s.nextDouble() * 10);
            case 4:
                r.label("integer logits");
                return Floats.integers(-20, 20);
            default:
                r.label("logits in ±30");
                return s -> (float) (s.nextDouble() * 60 - 30);
        }
    }

    record Case(Buf x, Buf out, float shift) {
        static Case make(Rnd r, int[] s) {
            Buf x = Buf.matrix(r, s[0], s[1], Buf.extraLd(r), logits(r));
            boolean inPlace = r.chance(0.3);
            r.label(inPlace ? "in place" : "separate out");
            Buf out = inPlace ? x : Buf.matrix(r, s[0], s[1], Buf.extraLd(r), Floats.SPECIAL);
            return new Case(x, out, r.between(-40, 40));
        }
    }

    private static final Sizes M = Sizes.MATRIX.named("m").atMost(12);
    private static final Sizes N = Sizes.VECTOR.named("n").atMost(700);

    /** Why a row max that is not finite matters: the contract then asks for NaN in the whole row. */
    private static boolean finiteMax(Buf x, int i) {
        float m = ReferenceActivations.max(x.originalArray(), x.off + i * x.ld, x.cols);
        return !Float.isNaN(m) && !Float.isInfinite(m);
    }

    /**
     * Relative error bound of each softmax entry p_j = e^(x_j − M) / S, S = Σ_l e^(x_l − M):
     * ê_j = e^(x_j − M)(1 + ε_j), |ε_j| ≤ u·|x_j − M| (x_j − M rounded once, then amplified by e^t's
     * derivative) + 2u·SOFTMAX_EXP (the exp's ulps, an ulp being ≤ 2u relative); Ŝ has relative error
     * ≤ Σ_l p_l·|ε_l| + γ_{n−1}; normalising is ≤ 2 roundings (division, or reciprocal and product). So
     * |p̂_j − p_j| ≤ p_j·(|ε_j| + relS + 2u)·(1 + 2⁻¹⁰) + 2·SUBNORMAL_FLOOR (second-order terms; subnormal
     * exp results and products).
     */
    static double[] softmaxBounds(float[] x, int off, int n, double[] p) {
        float m = ReferenceActivations.max(x, off, n);
        double[] eps = new double[n];
        double relS = gamma(Math.max(0, n - 1));
        for (int j = 0; j < n; j++) {
            eps[j] = U * Math.abs((double) x[off + j] - m) + 2 * U * UlpBounds.SOFTMAX_EXP;
            if (p[j] > 0) {
                relS += p[j] * eps[j];
            }
        }
        double[] bound = new double[n];
        for (int j = 0; j < n; j++) {
            double relative = p[j] == 0 ? 0 : p[j] * (eps[j] + relS + 2 * U) * (1 + 0x1p-10); // −∞: ε is ∞, p 0
            bound[j] = relative + 2 * UlpBounds.SUBNORMAL_FLOOR;
        }
        return bound;
    }

    @Test
    void softmaxMatchesReferenceAndRowsSumToOne() {
        Property.of("softmaxRows", Case::make, M, N).check(c -> {
            Buf x = c.x;
            Kernels.softmaxRows(c.out.a, c.out.off, c.out.ld, x.a, x.off, x.ld, x.rows, x.cols);
            for (int i = 0; i < x.rows; i++) {
                int row = x.off + i * x.ld;
                double[] p = ReferenceRows.softmax(x.originalArray(), row, x.cols);
                double[] bound = finiteMax(x, i) ? softmaxBounds(x.originalArray(), row, x.cols, p) : null;
                double total = 0;
                for (int j = 0; j < x.cols; j++) {
                    float got = c.out.get(i, j);
                    int at = i * x.cols + j;
                    if (bound == null) {
                        Approx.require(Float.isNaN(got), "row " + i + " has a non-finite max, entry " + j + " = " + got);
                        continue;
                    }
                    Approx.near("softmax", at, got, p[j], bound[j], 1);
                    Approx.require(got >= 0 && got <= 1, "softmax entry (" + i + ", " + j + ") = " + got);
                    if (x.orig(i, j) == Float.NEGATIVE_INFINITY) {
                        Approx.same("softmax of −∞ at", at, got, 0f); // exactly +0
                    }
                    total += got;
                }
                // Σ_j p̂_j = Σ_j ê_j·r̂·(1 + δ_j) with Ŝ = Σ ê_j·(1 + θ_j), |θ_j| ≤ γ_{n−1}: the exp errors cancel
                // and |Σ p̂_j − 1| ≤ γ_{n+2} (n − 1 additions, the normalisation's 2 roundings, 1 spare), plus
                // n·2⁻¹⁴⁸ for subnormal entries; the double sum here adds ≤ n·2⁻⁵³.
                if (bound != null && x.cols > 0) {
                    double allowed = gamma(x.cols + 2) + x.cols * (0x1p-148 + 0x1p-53);
                    Approx.require(Math.abs(total - 1) <= allowed, "row " + i + " sums to " + total + ", |Σ − 1| > "
                            + allowed);
                }
            }
            c.out.assertGuardsIntact("out");
            if (c.out != x) {
                x.assertUnchanged("x");
            }
        });
    }

    @Test
    void softmaxIsShiftInvariant() {
        Property.of("softmax shift invariance", (r, s) -> {
            Buf x = Buf.matrix(r, s[0], s[1], 0, Floats.integers(-20, 20));
            return new Case(x, Buf.matrix(r, s[0], s[1], 0, Floats.SPECIAL), r.between(-40, 40));
        }, M, N).check(c -> {
            Buf x = c.x;
            int m = x.rows;
            int n = x.cols;
            float[] plain = new float[m * n];
            float[] shifted = new float[m * n];
            float[] xs = new float[m * n];
            for (int i = 0; i < m * n; i++) {
                xs[i] = x.a[x.off + i] + c.shift; // integers below 2²⁴: exact, so x + c is the shifted input
            }
            Kernels.softmaxRows(plain, 0, Math.max(1, n), x.a, x.off, Math.max(1, n), m, n);
            Kernels.softmaxRows(shifted, 0, Math.max(1, n), xs, 0, Math.max(1, n), m, n);
            for (int i = 0; i < m; i++) {
                double[] p = ReferenceRows.softmax(x.originalArray(), x.off + i * n, n);
                double[] bound = softmaxBounds(x.originalArray(), x.off + i * n, n, p);
                for (int j = 0; j < n; j++) {
                    // Both are within bound_j of the same p_j (x_j − M is the same exact integer in both).
                    Approx.near("softmax(x + " + c.shift + ") vs softmax(x) at", i * n + j, shifted[i * n + j],
                            plain[i * n + j], 2 * bound[j], 1);
                }
            }
        });
    }

    @Test
    void logSoftmaxMatchesReferenceAndLogOfSoftmax() {
        Property.of("logSoftmaxRows", Case::make, M, N).check(c -> {
            Buf x = c.x;
            int n = x.cols;
            float[] sm = new float[x.rows * n];
            Kernels.softmaxRows(sm, 0, Math.max(1, n), x.a, x.off, x.ld, x.rows, n);
            Kernels.logSoftmaxRows(c.out.a, c.out.off, c.out.ld, x.a, x.off, x.ld, x.rows, n);
            for (int i = 0; i < x.rows; i++) {
                int row = x.off + i * x.ld;
                float[] xo = x.originalArray();
                double[] ref = ReferenceRows.logSoftmax(xo, row, n);
                boolean finite = finiteMax(x, i);
                double[] p = finite ? ReferenceRows.softmax(xo, row, n) : null;
                double[] pBound = finite ? softmaxBounds(xo, row, n, p) : null;
                float m = ReferenceActivations.max(xo, row, n);
                double lse = finite ? ReferenceRows.logSumExpShifted(xo, row, n) : 0;
                double relS = finite ? relSumError(xo, row, n, p) : 0;
                for (int j = 0; j < n; j++) {
                    float got = c.out.get(i, j);
                    int at = i * n + j;
                    if (!finite) {
                        Approx.require(Float.isNaN(got), "row " + i + " has a non-finite max, entry " + j + " = " + got);
                        continue;
                    }
                    if (xo[row + j] == Float.NEGATIVE_INFINITY) {
                        Approx.same("log-softmax of −∞ at", at, got, Float.NEGATIVE_INFINITY);
                        continue;
                    }
                    // x_j − M − log Ŝ: log Ŝ is off by ≤ relS (log(1 + ε) ≤ ε) plus SOFTMAX_LOG ulps of L = log S;
                    // forming it rounds ≤ 2 more times, each ≤ u·(|M| + |L| + |x_j − M| + |result|).
                    double bound = relS * (1 + 0x1p-10) + 2 * U * UlpBounds.SOFTMAX_LOG * Math.abs(lse)
                            + 2 * U * (Math.abs(m) + Math.abs(lse) + Math.abs((double) xo[row + j] - m)
                            + Math.abs(ref[j])) + 0x1p-149;
                    Approx.near("logSoftmax", at, got, ref[j], bound, Math.abs(ref[j]) + Math.abs(m));
                    float s = sm[at];
                    if (s >= Float.MIN_NORMAL && p[j] > 0) {
                        // log(p̂_j) = log p_j + log(1 + ε), |ε| ≤ bound_j/p_j ≤ 1/2, so |log(1 + ε)| ≤ 2|ε|.
                        double logBound = bound + 2 * pBound[j] / p[j];
                        Approx.near("logSoftmax vs log(softmax) at", at, got, Math.log(s), logBound + 2 * U, 1);
                    }
                }
            }
            c.out.assertGuardsIntact("out");
        });
    }

    /** relS of {@link #softmaxBounds}: the relative error of the computed Σ_l ê_l. */
    private static double relSumError(float[] x, int off, int n, double[] p) {
        float m = ReferenceActivations.max(x, off, n);
        double relS = gamma(Math.max(0, n - 1));
        for (int j = 0; j < n; j++) {
            if (p[j] > 0) {
                relS += p[j] * (U * Math.abs((double) x[off + j] - m) + 2 * U * UlpBounds.SOFTMAX_EXP);
            }
        }
        return relS;
    }

    @Test
    void equalAndExtremeLogitsNeverGiveNaN() {
        float[][] rows = {{1e30f, 1e30f, 1e30f}, {-1e30f, 1e30f}, {-Float.MAX_VALUE, Float.MAX_VALUE}, {0f, -0f},
            {Float.MAX_VALUE, Float.MAX_VALUE}, {5f, Float.NEGATIVE_INFINITY, 5f}};
        for (float[] x : rows) {
            float[] out = new float[x.length];
            Kernels.softmaxRows(out, 0, x.length, x, 0, x.length, 1, x.length);
            for (float v : out) {
                Approx.require(!Float.isNaN(v) && v >= 0 && v <= 1, java.util.Arrays.toString(x) + " gave "
                        + java.util.Arrays.toString(out));
            }
        }
        float[] equal = new float[13];
        java.util.Arrays.fill(equal, -1e30f);
        float[] out = new float[13];
        Kernels.softmaxRows(out, 0, 13, equal, 0, 13, 1, 13);
        for (int j = 0; j < 13; j++) {
            // Each ê = e^0 within SOFTMAX_EXP ulps (2u each, in p̂ and Ŝ), the sum γ_12, 2 normalising roundings.
            Approx.near("equal logits", j, out[j], 1.0 / 13, (gamma(14) + 4 * U * UlpBounds.SOFTMAX_EXP) / 13, 1);
        }
    }
}
