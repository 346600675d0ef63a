package dev.lanes.check.nn;

import static dev.lanes.check.Approx.U;
import static dev.lanes.check.Approx.gamma;

import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.GradientCheck;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Linear;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Parameters;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Tanh;
import dev.lanes.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Every trainable layer passes {@link GradientCheck} (input and parameter gradients) on random shapes,
 * batch 1..9 and widths 1..17, with a per-case bound derived from the layer's rounding errors.
 *
 * <p><b>The bound.</b> With L = Σ r_j·y_j, step h = 2⁻⁶ and y₊, y₋ the outputs at a ± h, the numerical
 * derivative errs by at most
 * <pre>
 *   B_i = h²/6·max|L'''|  +  2·ε_i/h  +  2⁻⁵⁰·Λ_i/h  +  back_i
 * </pre>
 * <ul>
 *   <li>truncation: 0 for layers linear in the perturbed value between kinks (Dense, ReLU family, maxout,
 *       identity, dropout: inputs keep |x| ≥ 2h from 0 and maxout pieces ≥ 2h apart); sigmoid
 *       |σ'''| ≤ 1/8; tanh |tanh'''| ≤ 2; softmax, along x_i, is R + (r_i − R)·σ(x_i + c) with R a mean of
 *       the other r, so |L'''| ≤ 2·max|r|/8;
 *   <li>ε_i = Σ_{j depends on i} |r_j|·e_j with e_j the forward error bound of y_j (below); outputs that do
 *       not depend on the perturbed value are bit-identical in both evaluations and cancel. Two evaluations
 *       over 2h give ε/h; the factor 2 covers the magnitudes at a ± h, which differ from those at a by
 *       O(h) relative;
 *   <li>2⁻⁵⁰·Λ_i/h, Λ_i = Σ_dep |r_j·y_j|: the double sum Σ r_j·(y₊_j − y₋_j);
 *   <li>back_i: the analytic gradient's own rounding, where it can cancel (dense and softmax backward).
 * </ul>
 * Forward errors e_j: ReLU, identity, maxout exact (0); leaky/PReLU, dropout one rounding u·|y|; sigmoid
 * 2.5 ulp ≤ 5u·|y|, tanh 1.5 ulp ≤ 3u·|y| (UlpBounds; ulp(y) ≤ 2u·|y|); dense γ_{in+3}·(Σ_k|x_k·W_kj| + |b_j|)
 * (GEMM's γ_{k+2} plus the bias addition); softmax γ_{n+17}·p_j (properties.md's entry bound with
 * |x_j − M| ≤ 2: ε_j ≤ 2u + 3u, relS ≤ γ_{n−1} + 5u).
 *
 * <p>The check passes {@code floor = B/τ}: then relative error ≤ τ means |a − n| ≤ max(B, τ·|a|, τ·|n|).
 * τ = 1e-4 covers the errors relative to the gradient itself (elementwise backward kernels: ≤ 3 roundings
 * plus y's forward error amplified by ≤ |y/(1 − y)| ≤ 3 for |x| ≤ 1: ≤ 25u ≈ 1.5e-6).
 */
class LayerGradientPropertiesTest {

    static final double H = 0x1p-6;
    static final double TAU = 1e-4;
    static final float MARGIN = 0x1p-5f; // 2h: x ± h never reaches a kink at 0

    static final Sizes BATCH = Sizes.MATRIX.named("batch").atLeast(1).atMost(9);
    static final Sizes WIDTH = Sizes.MATRIX.named("width").atLeast(1).atMost(17);
    static final Sizes IN = Sizes.MATRIX.named("in").atLeast(1).atMost(17);
    static final Sizes PIECES = Sizes.MATRIX.named("k").atLeast(1).atMost(4);

    /** A layer with its input. */
    record Case(Layer layer, Parameters params, float[] x, int batch, long seed) {
        @Override
        public String toString() {
            return layer + " batch=" + batch + " seed=" + seed + " x=" + java.util.Arrays.toString(x);
        }
    }

    interface Bound {
        /** B: the largest allowed |analytic − numeric| over all checked coordinates of this case. */
        double of(Case c, float[] y, float[] r);
    }

    /** |x| in [2h, 1], random sign; prefix-stable per (row, column). */
    static float[] awayFromZero(Rnd values, int batch, int width) {
        Rnd s = values.stream();
        float[] x = new float[batch * width];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < width; j++) {
                Rnd e = s.at(i, j);
                float v = MARGIN + (float) e.nextDouble() * (1 - MARGIN);
                x[i * width + j] = e.nextBoolean() ? v : -v;
            }
        }
        return x;
    }

    static Case make(Rnd values, Layer layer, int batch, float[] x) {
        long seed = values.nextLong();
        Parameters p = GradientCheck.prepare(layer, batch, seed);
        return new Case(layer, p, x, batch, seed);
    }

    static void check(Case c, Bound bound) {
        float[] y = new float[c.batch * c.layer.outputWidth()];
        c.layer.forward(y, c.x, c.batch, true);
        double b = bound.of(c, y, GradientCheck.projection(c.seed, y.length));
        GradientCheck.Settings s = new GradientCheck.Settings(H, TAU, b / TAU);
        GradientCheck.LayerReport report = GradientCheck.layer(c.layer, c.params, c.x, c.batch, c.seed, s);
        if (!report.passed()) {
            throw new AssertionError("bound B = " + b + "\n" + report);
        }
    }

    /** Elementwise layers: dep(i) = {i}; e_i = rel·|y_i|; truncation h²/6·third·|r_i|. */
    static Bound elementwise(double rel, double third) {
        return (c, y, r) -> {
            double worst = 0;
            for (int i = 0; i < y.length; i++) {
                double ri = Math.abs(r[i]);
                double b = H * H / 6 * third * ri + 2 * rel * Math.abs(y[i]) * ri / H
                        + 0x1p-50 * ri * Math.abs(y[i]) / H;
                worst = Math.max(worst, b);
            }
            return worst;
        };
    }

    static Property<Case> elementwiseProperty(String name, java.util.function.BiFunction<Rnd, Integer, Layer> make) {
        return Property.of(name, (v, s) -> make(v, make.apply(v, s[1]), s[0], awayFromZero(v, s[0], s[1])),
                BATCH, WIDTH);
    }

    @Test
    void relu() {
        elementwiseProperty("Relu gradient", (v, w) -> new Relu(w)).check(c -> check(c, elementwise(0, 0)));
    }

    @Test
    void linear() {
        elementwiseProperty("Linear gradient", (v, w) -> new Linear(w)).check(c -> check(c, elementwise(0, 0)));
    }

    @Test
    void leakyRelu() {
        elementwiseProperty("LeakyRelu gradient", (v, w) -> new LeakyRelu(w, (float) v.nextDouble() * 0.5f))
                .check(c -> check(c, elementwise(U, 0)));
    }

    @Test
    void sigmoid() {
        elementwiseProperty("Sigmoid gradient", (v, w) -> new Sigmoid(w)).check(c -> check(c, elementwise(5 * U, 0.125)));
    }

    @Test
    void tanh() {
        elementwiseProperty("Tanh gradient", (v, w) -> new Tanh(w)).check(c -> check(c, elementwise(3 * U, 2)));
    }

    @Test
    void dropoutWithAFrozenMask() {
        elementwiseProperty("Dropout gradient", (v, w) -> new FrozenDropout(new Dropout(w, v.nextDouble() * 0.9),
                v.nextLong())).check(c -> check(c, elementwise(U, 0)));
    }

    @Test
    void prelu() {
        Property.of("PRelu gradient", (v, s) -> {
            Case c = make(v, new PRelu(s[1]), s[0], awayFromZero(v, s[0], s[1]));
            int off = ((PRelu) c.layer).slopeOffset();
            for (int j = 0; j < s[1]; j++) {
                c.params.values()[off + j] = (float) (1.5 * v.nextDouble() - 0.5); // slopes in [-0.5, 1)
            }
            return c;
        }, BATCH, WIDTH).check(c -> check(c, (cc, y, r) -> {
            // input: elementwise, one rounding. a_j: dep = column j; back: da_j sums batch products.
            int w = cc.layer.outputWidth();
            double worst = elementwise(U, 0).of(cc, y, r);
            for (int j = 0; j < w; j++) {
                double eps = 0;
                double lam = 0;
                double terms = 0;
                for (int b = 0; b < cc.batch; b++) {
                    int i = b * w + j;
                    eps += Math.abs(r[i]) * U * Math.abs(y[i]);
                    lam += Math.abs(r[i] * y[i]);
                    terms += Math.abs(cc.x[i] * r[i]);
                }
                worst = Math.max(worst, 2 * eps / H + 0x1p-50 * lam / H + gamma(cc.batch) * terms);
            }
            return worst;
        }));
    }

    @Test
    void maxout() {
        Property.of("Maxout gradient", (v, s) -> {
            int batch = s[0];
            int units = s[1];
            int k = s[2];
            // Pieces of one unit sit on distinct rungs 0.1 apart, jittered by < 0.04: gaps ≥ 0.06 > 2h, so
            // x ± h never changes which piece wins.
            Rnd str = v.stream();
            float[] x = new float[batch * units * k];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < units; j++) {
                    Rnd e = str.at(b, j);
                    int shift = e.nextInt(k);
                    for (int p = 0; p < k; p++) {
                        x[b * units * k + p * units + j] =
                                (float) (((p + shift) % k) * 0.1 + e.nextDouble() * 0.04 - 0.05 * k);
                    }
                }
            }
            return make(v, new Maxout(units, k), batch, x);
        }, BATCH, WIDTH.named("units"), PIECES).check(c -> check(c, elementwise(0, 0)));
    }

    @Test
    void softmax() {
        Property.of("Softmax gradient", (v, s) -> make(v, new Softmax(s[1]), s[0], awayFromZero(v, s[0], s[1])),
                BATCH, WIDTH).check(c -> check(c, (cc, y, r) -> {
                    int w = cc.layer.outputWidth();
                    double worst = 0;
                    for (int b = 0; b < cc.batch; b++) {
                        double eps = 0;
                        double lam = 0;
                        double maxR = 0;
                        double sdy = 0;
                        for (int j = b * w; j < (b + 1) * w; j++) {
                            eps += Math.abs(r[j]) * gamma(w + 17) * y[j];
                            lam += Math.abs(r[j] * y[j]);
                            maxR = Math.max(maxR, Math.abs(r[j]));
                            sdy += Math.abs(r[j] * y[j]);
                        }
                        double trunc = H * H / 6 * 2 * maxR / 8;
                        for (int j = b * w; j < (b + 1) * w; j++) {
                            // dx_j = y_j·(dy_j − s): s within γ_w, y within γ_{w+17}; 2 more roundings
                            double back = 2 * gamma(2 * w + 20) * y[j] * (Math.abs(r[j]) + sdy);
                            worst = Math.max(worst, trunc + 2 * eps / H + 0x1p-50 * lam / H + back);
                        }
                    }
                    return worst;
                }));
    }

    @Test
    void dense() {
        Property.of("Dense gradient", (v, s) -> make(v, new Dense(s[1], s[2]), s[0], awayFromZero(v, s[0], s[1])),
                BATCH, IN, WIDTH.named("out")).check(c -> check(c, LayerGradientPropertiesTest::denseBound));
    }

    /** Dense: x[b,k] depends on row b of y; W[k,j] and b[j] on column j. Linear in each: no truncation. */
    static double denseBound(Case c, float[] y, float[] r) {
        Dense d = (Dense) c.layer;
        int in = d.inputWidth();
        int out = d.outputWidth();
        float[] p = c.params.values();
        int wOff = d.weightOffset();
        int bOff = d.biasOffset();
        double[] e = new double[c.batch * out]; // forward error bound per output
        for (int b = 0; b < c.batch; b++) {
            for (int j = 0; j < out; j++) {
                double m = Math.abs(p[bOff + j]);
                for (int k = 0; k < in; k++) {
                    m += Math.abs(c.x[b * in + k] * p[wOff + k * out + j]);
                }
                e[b * out + j] = gamma(in + 3) * m;
            }
        }
        double worst = 0;
        for (int b = 0; b < c.batch; b++) { // inputs of row b
            double eps = 0;
            double lam = 0;
            for (int j = 0; j < out; j++) {
                eps += Math.abs(r[b * out + j]) * e[b * out + j];
                lam += Math.abs(r[b * out + j] * y[b * out + j]);
            }
            for (int k = 0; k < in; k++) {
                double terms = 0; // dx[b,k] = Σ_j dy[b,j]·W[k,j]
                for (int j = 0; j < out; j++) {
                    terms += Math.abs(r[b * out + j] * p[wOff + k * out + j]);
                }
                worst = Math.max(worst, 2 * eps / H + 0x1p-50 * lam / H + gamma(out) * terms);
            }
        }
        for (int j = 0; j < out; j++) { // W[·, j] and b[j]
            double eps = 0;
            double lam = 0;
            double dbTerms = 0;
            for (int b = 0; b < c.batch; b++) {
                eps += Math.abs(r[b * out + j]) * e[b * out + j];
                lam += Math.abs(r[b * out + j] * y[b * out + j]);
                dbTerms += Math.abs(r[b * out + j]);
            }
            double base = 2 * eps / H + 0x1p-50 * lam / H;
            worst = Math.max(worst, base + gamma(c.batch) * dbTerms);
            for (int k = 0; k < in; k++) {
                double terms = 0; // dW[k,j] = Σ_b x[b,k]·dy[b,j]
                for (int b = 0; b < c.batch; b++) {
                    terms += Math.abs(c.x[b * in + k] * r[b * out + j]);
                }
                worst = Math.max(worst, base + gamma(c.batch) * terms);
            }
        }
        return worst;
    }

    /** Dropout whose mask is redrawn from the same seed on every forward pass, so it is a fixed function. */
    static final class FrozenDropout extends Layer {
        final Dropout dropout;
        final long seed;

        FrozenDropout(Dropout dropout, long seed) {
            this.dropout = dropout;
            this.seed = seed;
        }

        @Override
        public int inputWidth() {
            return dropout.inputWidth();
        }

        @Override
        public int outputWidth() {
            return dropout.outputWidth();
        }

        @Override
        public void allocate(int maxBatch) {
            dropout.allocate(maxBatch);
        }

        @Override
        public void forward(float[] y, float[] x, int batch, boolean training) {
            dropout.initialize(new Rng(seed));
            dropout.forward(y, x, batch, training);
        }

        @Override
        public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
            dropout.backward(dx, dy, x, y, batch);
        }

        @Override
        public String toString() {
            return "Frozen" + dropout;
        }
    }
}
