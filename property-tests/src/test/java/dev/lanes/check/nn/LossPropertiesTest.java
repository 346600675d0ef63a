package dev.lanes.check.nn;

import static dev.lanes.check.Approx.U;
import static dev.lanes.check.Approx.gamma;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.Approx;
import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.check.UlpBounds;
import dev.lanes.check.reference.ExactSum;
import dev.lanes.check.reference.ReferenceLosses;
import dev.lanes.check.reference.ReferenceRows;
import dev.lanes.loss.BinaryCrossEntropy;
import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.Loss;
import dev.lanes.loss.MeanSquaredError;
import dev.lanes.loss.MulticlassHinge;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Parameters;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every loss against its textbook formula in double ({@link ReferenceLosses}) for the value, and against
 * centered differences of that formula for the gradient, on random shapes and inputs away from kinks.
 *
 * <p>Centered differences: (f(x + h) − f(x − h)) / 2h − f'(x) = h²/6·f'''(ξ), plus the reference's double
 * rounding e_f twice over 2h. e_f ≤ 2⁻⁴⁸·(1 + |f| + X²), X = 1 + max|x| + max|t|: the compensated sums round
 * once (2⁻⁵³·|f|) and the perturbed term, ≤ X², meets ≤ 16 double roundings and library calls. With
 * h = 2⁻¹⁰ (x ± h exact in double for our |x| ≤ 32), the difference error is ≤ 1.5e-8/B + 5e-9: far below
 * every gradient entry a wrong formula or mean convention would change (≥ 1/(B·W) ≥ 1e-3).
 */
class LossPropertiesTest {

    private static final double H = 0x1p-10;
    /** max |f'''| along one coordinate of a per-element log-sum-exp or softplus: p(1−p)(1−2p) ≤ 1/(6√3). */
    private static final double LSE_THIRD = 1 / (6 * Math.sqrt(3));

    private static final Sizes B = Sizes.MATRIX.named("batch").atLeast(1).atMost(12);
    private static final Sizes W = Sizes.MATRIX.named("width").atLeast(1).atMost(33);

    /** x: (B, W) logits or outputs, labels per row, t: (B, W) targets (values or probabilities). */
    record Case(int batch, int width, float[] x, int[] labels, float[] t, float[] p) {
        static Case make(Rnd r, int[] s) {
            int b = s[0];
            int w = s[1];
            double range = r.chance(0.5) ? 4 : 30;
            r.label(range == 4 ? "x in ±4" : "x in ±30");
            Rnd xs = r.stream();
            Rnd ts = r.stream();
            Rnd ls = r.stream();
            float[] x = new float[b * w];
            float[] t = new float[b * w];
            float[] p = new float[b * w];
            int[] labels = new int[b];
            for (int k = 0; k < b * w; k++) {
                x[k] = (float) ((2 * xs.at(k).nextDouble() - 1) * range);
                Rnd tk = ts.at(k);
                t[k] = (float) ((2 * tk.nextDouble() - 1) * 4);
                double q = tk.nextDouble();
                p[k] = q < 0.2 ? 0f : q < 0.4 ? 1f : (float) tk.nextDouble();
            }
            for (int i = 0; i < b; i++) {
                labels[i] = ls.at(i).nextInt(w);
            }
            return new Case(b, w, x, labels, t, p);
        }

        int n() {
            return batch * width;
        }

        double[] xd() {
            double[] d = new double[x.length];
            for (int k = 0; k < x.length; k++) {
                d[k] = x[k];
            }
            return d;
        }

        /** X of the class comment: 1 + max|x| + max|t|. */
        double magnitude() {
            double m = 0;
            for (int k = 0; k < x.length; k++) {
                m = Math.max(m, Math.abs(x[k]) + Math.max(Math.abs(t[k]), 1));
            }
            return 1 + m;
        }

        @Override
        public String toString() {
            return "batch=" + batch + " width=" + width + " x=" + Arrays.toString(x) + " labels="
                    + Arrays.toString(labels) + " t=" + Arrays.toString(t) + " p=" + Arrays.toString(p);
        }
    }

    @FunctionalInterface
    interface Ref {
        double f(double[] x);
    }

    /**
     * Runs the loss, checks the value against {@code ref} within {@code valueBound}, that forward gives the
     * same value bit for bit, that inputs are untouched and every grad entry written, and each entry of the
     * gradient against the centered difference within floatBound[k] + the difference's own error.
     */
    private static void checkLoss(String name, Loss loss, Case c, Targets targets, Ref ref, double valueBound,
                                  double[] floatBound, double third) {
        float[] x = c.x.clone();
        float[] grad = new float[c.n()];
        Arrays.fill(grad, Float.NaN);
        float value = loss.forwardBackward(grad, x, targets, c.batch, c.width);
        Approx.require(Arrays.equals(x, c.x), name + " modified its input");
        double[] xd = c.xd();
        double f = ref.f(xd);
        Approx.near(name + " value", -1, value, f, valueBound, 1);
        Approx.same(name + " forward vs forwardBackward", -1, loss.forward(x, targets, c.batch, c.width), value);
        double ef = 0x1p-48 * (1 + Math.abs(f) + c.magnitude() * c.magnitude());
        double fdError = H * H / 6 * third + ef / H;
        for (int k = 0; k < c.n(); k++) {
            double keep = xd[k];
            xd[k] = keep + H;
            double up = ref.f(xd);
            xd[k] = keep - H;
            double down = ref.f(xd);
            xd[k] = keep;
            Approx.near(name + " gradient vs centered difference", k, grad[k], (up - down) / (2 * H),
                    floatBound[k] + fdError, 1);
        }
    }

    @Test
    void meanSquaredError() {
        Property.of("MSE", Case::make, B, W).check(c -> {
            int n = c.n();
            double f = ReferenceLosses.meanSquaredError(c.xd(), c.t, c.batch, c.width);
            double[] gb = new double[n];
            for (int k = 0; k < n; k++) {
                // d·(2/n) in double (≤ 3 double roundings), rounded to float once.
                gb[k] = (U + 0x1p-50) * Math.abs(2.0 * ((double) c.x[k] - c.t[k]) / n) + 0x1p-149;
            }
            // Terms d² ≥ 0 formed and summed in double (≤ (n + 4) double roundings, relative), one float rounding.
            double vb = (U + (n + 4) * 0x1p-52) * f + 0x1p-149;
            checkLoss("MSE", new MeanSquaredError(), c, Targets.values(c.t, c.width),
                    x -> ReferenceLosses.meanSquaredError(x, c.t, c.batch, c.width), vb, gb, 0); // quadratic: f''' = 0
        });
    }

    @Test
    void softmaxCrossEntropy() {
        Property.of("softmax cross-entropy", Case::make, B, W).check(c -> {
            int b = c.batch;
            int w = c.width;
            double[] gb = new double[c.n()];
            double rowBounds = 0;
            double magnitude = 0;
            for (int i = 0; i < b; i++) {
                int row = i * w;
                double[] p = ReferenceRows.softmax(c.x, row, w);
                double[] logp = ReferenceRows.logSoftmax(c.x, row, w);
                float m = max(c.x, row, w);
                double lse = ReferenceRows.logSumExpShifted(c.x, row, w);
                double relS = gamma(Math.max(0, w - 1));
                for (int j = 0; j < w; j++) {
                    relS += p[j] * (U * Math.abs((double) c.x[row + j] - m) + 2 * U * UlpBounds.SOFTMAX_EXP);
                }
                for (int j = 0; j < w; j++) {
                    // softmaxRows entry bound (docs/properties.md), divided by B; then (p − [j = y])·(1/B) in
                    // double and one float rounding.
                    double eps = U * Math.abs((double) c.x[row + j] - m) + 2 * U * UlpBounds.SOFTMAX_EXP;
                    double pb = p[j] * (eps + relS + 2 * U) * (1 + 0x1p-10) + 2 * UlpBounds.SUBNORMAL_FLOOR;
                    double g = (p[j] - (j == c.labels[i] ? 1 : 0)) / b;
                    gb[k(i, j, w)] = pb / b + U * Math.abs(g) + 0x1p-50 * (p[j] + 1) / b + 0x1p-149;
                }
                // logSoftmaxRows bound at the label entry (docs/properties.md, log-softmax row).
                int y = c.labels[i];
                double r = logp[y];
                rowBounds += relS * (1 + 0x1p-10) + 2 * U * UlpBounds.SOFTMAX_LOG * Math.abs(lse)
                        + 2 * U * (Math.abs(m) + Math.abs(lse) + Math.abs((double) c.x[row + y] - m) + Math.abs(r))
                        + 0x1p-149;
                magnitude += Math.abs(r);
            }
            double f = ReferenceLosses.softmaxCrossEntropy(c.xd(), c.labels, b, w);
            // Row losses summed in double, divided by B, rounded to float once.
            double vb = rowBounds / b + U * Math.abs(f) + (b + 2) * 0x1p-52 * magnitude / b + 0x1p-149;
            checkLoss("softmax CE", new SoftmaxCrossEntropy(), c, Targets.classes(c.labels, w),
                    x -> ReferenceLosses.softmaxCrossEntropy(x, c.labels, b, w), vb, gb, LSE_THIRD / b);
        });
    }

    @Test
    void binaryCrossEntropy() {
        Property.of("binary cross-entropy", Case::make, B, W).check(c -> {
            int n = c.n();
            double[] gb = new double[n];
            double slack = 0;
            for (int k = 0; k < n; k++) {
                double g = (ReferenceLosses.sigmoid(c.x[k]) - c.p[k]) / n;
                // σ, σ − t and ·(1/n) in double (≤ 2⁻⁴⁸ absolute before the 1/n), one float rounding.
                gb[k] = U * Math.abs(g) + 0x1p-48 / n + 0x1p-149;
                // Both the stable form and the reference's identities: ≤ 16 double roundings and library calls
                // on terms ≤ 1 + 2|z|.
                slack += 0x1p-48 * (1 + 2 * Math.abs(c.x[k]));
            }
            double f = ReferenceLosses.binaryCrossEntropy(c.xd(), c.p, c.batch, c.width);
            double vb = U * Math.abs(f) + slack / n + 0x1p-149;
            checkLoss("BCE", new BinaryCrossEntropy(), c, Targets.values(c.p, c.width),
                    x -> ReferenceLosses.binaryCrossEntropy(x, c.p, c.batch, c.width), vb, gb, LSE_THIRD / n);
        });
    }

    /** Kinks: margins m = x_j − x_y + 1 within δ = 4h of 0 are moved off by shifting x_j 2⁻⁵ up, so a ±h
     *  perturbation never crosses one and the centered difference of the piecewise-linear loss is exact. */
    private static Case awayFromKinks(Case c) {
        float[] x = c.x.clone();
        for (int i = 0; i < c.batch; i++) {
            int row = i * c.width;
            for (int j = 0; j < c.width; j++) {
                while (j != c.labels[i] && Math.abs((double) x[row + j] - x[row + c.labels[i]] + 1) < 4 * H) {
                    x[row + j] = (float) (x[row + j] + 0x1p-5);
                }
            }
        }
        return new Case(c.batch, c.width, x, c.labels, c.t, c.p);
    }

    @Test
    void multiclassHinge() {
        Property.of("multiclass hinge", (r, s) -> awayFromKinks(Case.make(r, s)), B, W).check(c -> {
            int b = c.batch;
            int w = c.width;
            double[] gb = new double[c.n()];
            double slack = 0;
            for (int i = 0; i < b; i++) {
                double sy = c.x[i * w + c.labels[i]];
                int active = 0;
                for (int j = 0; j < w; j++) {
                    boolean on = j != c.labels[i] && c.x[i * w + j] - sy + 1 > 0;
                    active += on ? 1 : 0;
                    gb[k(i, j, w)] = on ? U / b : 0;
                    // A margin x_j − x_y + 1 and its running sum in double: ≤ 4 double roundings of ≤ |x_j| + |x_y| + 1.
                    slack += 0x1p-50 * (Math.abs(c.x[i * w + j]) + Math.abs(sy) + 1);
                }
                gb[k(i, c.labels[i], w)] = U * active / b; // −count/B rounded once
            }
            double f = ReferenceLosses.multiclassHinge(c.xd(), c.labels, b, w);
            double vb = U * Math.abs(f) + slack / b + 0x1p-149;
            checkLoss("hinge", new MulticlassHinge(), c, Targets.classes(c.labels, w),
                    x -> ReferenceLosses.multiclassHinge(x, c.labels, b, w), vb, gb, 0); // linear between kinks
        });
    }

    @Test
    void hingeAtTheKinkUsesTheZeroSubgradient() {
        // Margin of class 1 is 0 − 1 + 1 = 0 exactly: inactive, so loss 0 and gradient 0 (documented choice).
        float[] grad = new float[2];
        float loss = new MulticlassHinge().forwardBackward(grad, new float[] {1f, 0f},
                Targets.classes(new int[] {0}, 2), 1, 2);
        Approx.same("hinge at the kink", -1, loss, 0f);
        Approx.same("hinge gradient at the kink", 0, grad[0], 0f);
        Approx.same("hinge gradient at the kink", 1, grad[1], 0f);
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeAndEqualLogits() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        float[] x = {1e30f, -1e30f, 0f, -1e30f, 1e30f, 3f, Float.MAX_VALUE, -Float.MAX_VALUE, 0f};
        int[] labels = {0, 0, 1};
        float[] grad = new float[9];
        float loss = ce.forwardBackward(grad, x, Targets.classes(labels, 3), 3, 3);
        Approx.require(!Float.isNaN(loss) && loss > 0, "loss " + loss);
        for (int k = 0; k < 9; k++) {
            Approx.require(!Float.isNaN(grad[k]), "grad[" + k + "] = " + grad[k]);
        }
        // Row 0 is certain (p = 1 at its label): gradient exactly 0. Row 1: p = (0, 1, 0) against label 0,
        // so (−1/3, 1/3, 0); loss 2e30 for it (the −MAX_VALUE row adds +∞: beyond float, still not NaN).
        float third = (float) (1.0 / 3);
        float[] expected = {0f, 0f, 0f, -third, third, 0f};
        for (int k = 0; k < 6; k++) {
            Approx.same("huge-logit gradient", k, grad[k], expected[k]);
        }
        float[] equal = new float[7];
        Arrays.fill(equal, -1e30f);
        float[] g = new float[7];
        float l = ce.forwardBackward(g, equal, Targets.classes(new int[] {3}, 7), 1, 7);
        // Equal logits: loss log 7 and p = 1/7 within the log-softmax / softmax bounds (γ_8 + exp and log ulps,
        // plus 2u·|M| = 2u·1e30 from forming x − M − log S: at this scale log 7 itself is lost to rounding).
        Approx.near("equal logits loss", -1, l, Math.log(7), 2 * U * (1e30 + 2) + 1e-5, 1);
        for (int j = 0; j < 7; j++) {
            double ref = (1.0 / 7 - (j == 3 ? 1 : 0));
            Approx.near("equal logits gradient", j, g[j], ref, gamma(10) + 4 * U * UlpBounds.SOFTMAX_EXP / 7, 1);
        }
    }

    @Test
    void badTargetsAreRejectedNamingTheRow() {
        int[] labels = {0, 2, 3, 1};
        for (Loss loss : new Loss[] {new SoftmaxCrossEntropy(), new MulticlassHinge()}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.forwardBackward(new float[12], new float[12], Targets.classes(labels, 3), 4, 3));
            assertTrue(e.getMessage().contains("row 2"), e.getMessage());
            labels[2] = -1;
            e = assertThrows(IllegalArgumentException.class,
                    () -> loss.forward(new float[12], Targets.classes(labels, 3), 4, 3));
            assertTrue(e.getMessage().contains("row 2"), e.getMessage());
            labels[2] = 3;
        }
        float[] t = {0f, 1f, 0.5f, 1.5f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BinaryCrossEntropy()
                .forwardBackward(new float[4], new float[4], Targets.values(t, 2), 2, 2));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        t[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryCrossEntropy().forward(new float[4], Targets.values(t, 2), 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError()
                .forwardBackward(new float[4], new float[4], Targets.classes(new int[2], 2), 2, 2));
        float[] same = new float[4];
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError()
                .forwardBackward(same, same, Targets.values(new float[4], 2), 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError()
                .forward(new float[0], Targets.values(new float[0], 2), 0, 2));
    }

    @Test
    void l2RegularizationPenalisesDecayingSegmentsOnly() {
        Property.of("L2 regularization", (r, s) -> {
            Parameters.Builder b = new Parameters.Builder();
            int segments = r.between(1, 4);
            for (int k = 0; k < segments; k++) {
                b.add("p" + k, r.between(1, 5), s[0], r.nextBoolean());
            }
            Parameters p = b.build();
            Rnd v = r.stream();
            for (int i = 0; i < p.size(); i++) {
                p.values()[i] = (float) (8 * v.at(i).nextDouble() - 4);
                p.gradients()[i] = (float) (8 * v.at(i).nextDouble() - 4);
            }
            return new Object[] {p, (float) r.nextDouble()};
        }, W).check(o -> {
            Parameters p = (Parameters) o[0];
            float lambda = (float) o[1];
            float[] g0 = p.gradients().clone();
            ExactSum squares = new ExactSum();
            int longest = 0;
            for (Parameters.Segment seg : p.segments()) {
                for (int i = seg.offset(); seg.decays() && i < seg.offset() + seg.size(); i++) {
                    squares.add((double) p.values()[i] * p.values()[i]);
                }
                longest = Math.max(longest, seg.size());
            }
            L2Regularization l2 = new L2Regularization(lambda);
            double ref = 0.5 * lambda * squares.value();
            // Σw² per segment by the sumOfSquares kernel (γ_k·Σw² + 2k·η), segments summed in double,
            // ½·λ· in double, one float rounding.
            double bound = 0.5 * lambda * (gamma(longest + 2) * squares.value() + 2 * p.size() * Approx.ETA)
                    + U * ref + 0x1p-149;
            Approx.near("L2 forward", -1, l2.forward(p), ref, bound, 1);
            Approx.near("L2 forwardBackward", -1, l2.forwardBackward(p), ref, bound, 1);
            for (Parameters.Segment seg : p.segments()) {
                for (int i = seg.offset(); i < seg.offset() + seg.size(); i++) {
                    if (seg.decays()) {
                        double w = p.values()[i];
                        double want = g0[i] + lambda * w; // the derivative of ½λw², exactly
                        // axpy: γ_2·(|g| + |λw|) + η.
                        Approx.near("L2 gradient", i, p.gradients()[i], want,
                                gamma(2) * (Math.abs(g0[i]) + Math.abs(lambda * w)) + Approx.ETA, 1);
                    } else {
                        Approx.same("gradient of a non-decaying segment", i, p.gradients()[i], g0[i]);
                    }
                }
            }
        });
        assertThrows(IllegalArgumentException.class, () -> new L2Regularization(-1f));
        assertThrows(IllegalArgumentException.class, () -> new L2Regularization(Float.NaN));
    }

    private static int k(int i, int j, int w) {
        return i * w + j;
    }

    private static float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            m = Math.max(m, x[off + j]);
        }
        return m;
    }
}
