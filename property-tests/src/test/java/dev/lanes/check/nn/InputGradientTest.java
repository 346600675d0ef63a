package dev.lanes.check.nn;

import static dev.lanes.check.Approx.U;
import static dev.lanes.check.Approx.gamma;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.GradientCheck;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Parameters;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Tanh;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential#backward(float[], int, float[])}'s input gradient against centered differences of the
 * whole network, and the layer and weight accessors with their shape checks.
 *
 * <p><b>The bound</b>, for x: (batch, in) through Dense(in, h) → Tanh(h) → Dense(h, out), L = Σ r·y with
 * GradientCheck's projection r, H = 2⁻⁶, per input x_i of a row (rows do not interact):
 * <pre>
 *   |a_i − n_i| ≤ H²/6·M_i + 2ε/H + 2⁻⁵⁰·Λ/H + back_i
 * </pre>
 * <ul>
 *   <li>truncation: L''' along x_i = Σ_k c_k·tanh'''(z_k)·W1_ik³ with c_k = Σ_j r_j·W2_kj, and |tanh'''| ≤ 2,
 *       so M_i = 2·Σ_k |c_k|·|W1_ik|³;
 *   <li>ε, the rounding error of one evaluation of L in the row: z_k errs by e_z = γ_{in+3}·(Σ_i|x_i·W1_ik| +
 *       |b1_k|) (GEMM plus the bias, as LayerGradientPropertiesTest's dense bound), tanh adds 1.5 ulp ≤ 3u·|t_k|
 *       and passes e_z on with slope ≤ 1, so e_t = 3u·|t_k| + e_z; the output errs by γ_{h+3}·(Σ_k|t_k·W2_kj| +
 *       |b2_j|) + Σ_k |W2_kj|·e_t; ε = Σ_j |r_j|·e_y. Two evaluations over a step of 2H give ε/H; the factor 2
 *       covers the magnitudes at x ± H (the existing layer bounds' argument);
 *   <li>2⁻⁵⁰·Λ/H with Λ = Σ_j |r_j·y_j|: the double sum of the differences;
 *   <li>back_i, the analytic gradient's own rounding: dt_k = Σ_j W2_kj·r_j errs by γ_out·S_k (S_k =
 *       Σ_j|W2_kj·r_j|); tanh's backward multiplies by 1 − t² (t within 3u, ≤ 3 more roundings: within 9u + 2u
 *       of a factor ≤ 1), so dz_k errs by ≤ γ_{out+12}·S_k; dx_i = Σ_k W1_ik·dz_k adds γ_h·Σ_k|W1_ik·dz_k|.
 * </ul>
 * The check passes when every |a − n| is within the case's largest B (relative tolerance 2⁻⁴⁰, so nothing but
 * B decides).
 */
class InputGradientTest {

    static final double H = 0x1p-6;
    static final double TAU = 0x1p-40;

    static final Sizes BATCH = Sizes.MATRIX.named("batch").atLeast(1).atMost(6);
    static final Sizes WIDTH = Sizes.MATRIX.named("width").atLeast(1).atMost(12);

    record Case(int batch, int in, int hidden, int out, long seed, float[] x) {
        @Override
        public String toString() {
            return in + "-" + hidden + "-" + out + " tanh, batch " + batch + ", seed " + seed;
        }
    }

    static Case make(Rnd v, int[] s) {
        int batch = s[0];
        int in = s[1];
        Rnd e = v.stream();
        float[] x = new float[batch * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * e.at(i).nextDouble() - 1);
        }
        return new Case(batch, in, s[2], s[3], v.nextLong(), x);
    }

    /** The whole network as one layer for GradientCheck: forward copies the output, backward asks for dx. */
    static final class Whole extends Layer {
        final Sequential net;

        Whole(Sequential net) {
            this.net = net;
        }

        @Override
        public int inputWidth() {
            return net.inputWidth();
        }

        @Override
        public int outputWidth() {
            return net.outputWidth();
        }

        @Override
        public void forward(float[] y, float[] x, int batch, boolean training) {
            System.arraycopy(net.forward(x, batch, training), 0, y, 0, batch * net.outputWidth());
        }

        @Override
        public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
            net.parameters().zeroGradients();
            net.backward(dy, batch, dx);
        }
    }

    @Test
    void theInputGradientMatchesCenteredDifferences() {
        Property.of("input gradient", InputGradientTest::make, BATCH, WIDTH.named("in"), WIDTH.named("hidden"),
                WIDTH.named("out")).check(c -> {
                    Sequential net = Sequential.of(c.batch, c.seed, new Dense(c.in, c.hidden), new Tanh(c.hidden),
                            new Dense(c.hidden, c.out));
                    float[] r = GradientCheck.projection(c.seed, c.batch * c.out);
                    double b = bound(net, c, r);
                    GradientCheck.LayerReport report = GradientCheck.layer(new Whole(net),
                            new Parameters.Builder().build(), c.x, c.batch, c.seed,
                            new GradientCheck.Settings(H, TAU, b / TAU));
                    if (!report.passed()) {
                        throw new AssertionError("bound B = " + b + "\n" + report);
                    }
                });
    }

    /** The largest B_i of the case (class comment). */
    static double bound(Sequential net, Case c, float[] r) {
        float[][] w1 = ((Dense) net.layer("dense0")).weights();
        float[] b1 = ((Dense) net.layer("dense0")).bias();
        float[][] w2 = ((Dense) net.layer("dense1")).weights();
        float[] b2 = ((Dense) net.layer("dense1")).bias();
        double worst = 0;
        for (int row = 0; row < c.batch; row++) {
            double[] t = new double[c.hidden];
            double[] et = new double[c.hidden];
            for (int k = 0; k < c.hidden; k++) {
                double z = b1[k];
                double m = Math.abs(b1[k]);
                for (int i = 0; i < c.in; i++) {
                    z += c.x[row * c.in + i] * (double) w1[i][k];
                    m += Math.abs(c.x[row * c.in + i] * (double) w1[i][k]);
                }
                t[k] = Math.tanh(z);
                et[k] = 3 * U * Math.abs(t[k]) + gamma(c.in + 3) * m;
            }
            double eps = 0;
            double lambda = 0;
            double[] cK = new double[c.hidden];
            double[] s = new double[c.hidden];
            for (int j = 0; j < c.out; j++) {
                double rj = r[row * c.out + j];
                double y = b2[j];
                double m = Math.abs(b2[j]);
                double carried = 0;
                for (int k = 0; k < c.hidden; k++) {
                    y += t[k] * w2[k][j];
                    m += Math.abs(t[k] * w2[k][j]);
                    carried += Math.abs(w2[k][j]) * et[k];
                    cK[k] += rj * w2[k][j];
                    s[k] += Math.abs(rj * w2[k][j]);
                }
                eps += Math.abs(rj) * (gamma(c.hidden + 3) * m + carried);
                lambda += Math.abs(rj * y);
            }
            for (int i = 0; i < c.in; i++) {
                double third = 0;
                double back = 0;
                for (int k = 0; k < c.hidden; k++) {
                    double w = Math.abs(w1[i][k]);
                    third += 2 * Math.abs(cK[k]) * w * w * w;
                    double dz = s[k]; // |dz_k| ≤ S_k: |1 − t²| ≤ 1
                    back += gamma(c.hidden) * w * dz + (1 + gamma(c.hidden)) * w * gamma(c.out + 12) * s[k];
                }
                double bi = H * H / 6 * third + 2 * eps / H + 0x1p-50 * lambda / H + back;
                worst = Math.max(worst, bi);
            }
        }
        return worst;
    }

    /** The gradient lands in dInput; with null, or through the two-argument form, nothing else changes. */
    @Test
    void dInputIsWrittenOnRequestOnly() {
        Sequential net = Sequential.of(4, 9, new Dense(3, 5), new Relu(5), new Dense(5, 2), new Softmax(2));
        float[] x = {0.5f, -1f, 2f, 0.25f, 3f, -2f};
        float[] dOut = {1f, -1f, 0.5f, 0.25f};
        net.forward(x, 2, true);
        net.parameters().zeroGradients();
        net.backward(dOut, 2);
        float[] grads = net.parameters().gradients().clone();
        float[] dx = new float[6];
        net.parameters().zeroGradients();
        net.backward(dOut, 2, dx);
        assertArrayEquals(grads, net.parameters().gradients(), "parameter gradients do not depend on dInput");
        // dx = dz·W1ᵀ, computed from the layers' own passes.
        float[] h = new float[10];
        float[] a = new float[10];
        float[] o = new float[4];
        float[] p = new float[4];
        List<Layer> l = net.layers();
        l.get(0).forward(h, x, 2, true);
        l.get(1).forward(a, h, 2, true);
        l.get(2).forward(o, a, 2, true);
        l.get(3).forward(p, o, 2, true);
        float[] d3 = new float[4];
        float[] d2 = new float[10];
        float[] d1 = new float[10];
        float[] d0 = new float[6];
        l.get(3).backward(d3, dOut, o, p, 2);
        l.get(2).backward(d2, d3, a, o, 2);
        l.get(1).backward(d1, d2, h, a, 2);
        l.get(0).backward(d0, d1, x, h, 2);
        assertArrayEquals(d0, dx);
        net.backward(dOut, 2, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.backward(dOut, 2, new float[5]));
        assertTrue(e.getMessage().contains("dInput holds 5 floats, but 2 rows of 3 need 6"), e.getMessage());
        float[] both = new float[6];
        assertThrows(IllegalArgumentException.class, () -> net.backward(both, 2, both));
    }

    /**
     * Backward takes the rows of the last forward pass and no others: past them lie another batch's
     * activations (here the first pass's third row), which would give a wrong gradient without a word.
     */
    @Test
    void backwardTakesTheLastForwardPassesRows() {
        Sequential net = Sequential.of(4, 3, new Dense(3, 5), new Relu(5), new Dense(5, 2));
        float[] x = {0.5f, -1f, 2f, 0.25f, 3f, -2f, 1f, 1f, 1f};
        float[] dOut = {1f, -1f, 0.5f, 0.25f, 2f, 1f};
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> net.backward(dOut, 3));
        assertTrue(none.getMessage().contains("backward needs a forward pass first"), none.getMessage());
        net.forward(x, 3, true);
        net.forward(x, 2, true);
        IllegalArgumentException more = assertThrows(IllegalArgumentException.class, () -> net.backward(dOut, 3));
        assertEquals("backward of 3 rows, but the last forward pass ran 2: backpropagate the rows of the last"
                + " forward pass", more.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.backward(dOut, 1, new float[3]));
        net.parameters().zeroGradients();
        net.backward(dOut, 2); // the rows of the last pass: accepted
    }

    /**
     * After an inference pass Dropout is y = x, and backward goes through that function: the input and
     * parameter gradients equal those of the same network without the Dropout, bit for bit (dropout's
     * backward is then a copy). Before any training pass its mask is all zeros, so a backward through the
     * mask would give dx = 0.
     */
    @Test
    void backwardAfterAnInferencePassTreatsDropoutAsTheIdentity() {
        Sequential with = Sequential.of(2, 5, new Dense(3, 4), new Tanh(4), new Dropout(4, 0.5), new Dense(4, 2));
        Sequential without = Sequential.of(2, 5, new Dense(3, 4), new Tanh(4), new Dense(4, 2));
        System.arraycopy(with.parameters().values(), 0, without.parameters().values(), 0,
                with.parameters().size());
        float[] x = {0.5f, -1f, 2f, 0.25f, 3f, -2f};
        float[] dOut = {1f, -1f, 0.5f, 0.25f};
        float[] dxWith = new float[6];
        float[] dxWithout = new float[6];
        for (Sequential net : new Sequential[] {with, without}) {
            net.forward(x, 2, false);
            net.parameters().zeroGradients();
            net.backward(dOut, 2, net == with ? dxWith : dxWithout);
        }
        assertArrayEquals(dxWithout, dxWith);
        assertArrayEquals(without.parameters().gradients(), with.parameters().gradients());
        assertTrue(Math.abs(dxWith[0]) + Math.abs(dxWith[1]) + Math.abs(dxWith[2]) > 0, "a gradient, not zeros");
        // After a training pass the mask applies: some of the hidden gradient is dropped.
        with.forward(x, 2, true);
        with.parameters().zeroGradients();
        with.backward(dOut, 2, dxWith);
        assertTrue(!java.util.Arrays.equals(dxWith, dxWithout), "the training pass's mask is used");
    }

    @Test
    void layersByNameAndWeightsByShape() {
        Sequential net = Sequential.of(4, 1, new Dense(2, 3), new Relu(3), new Dense(3, 1), new Relu(1));
        assertEquals(List.of("dense0", "relu0", "dense1", "relu1"), net.layerNames());
        Dense d = (Dense) net.layer("dense0");
        assertEquals(net.layer(0), d);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.layer("dense2"));
        assertTrue(e.getMessage().contains("no layer called \"dense2\"; this network has dense0, relu0, dense1, relu1"),
                e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> net.layer(4));

        // W as (in, out): W[i][j] from input i to output j.
        d.setWeights(new float[][] {{1, 2, 3}, {4, 5, 6}});
        d.setBias(new float[] {0.5f, 0, -0.5f});
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, java.util.Arrays.copyOfRange(net.parameters().values(),
                d.weightOffset(), d.weightOffset() + 6), "row-major (in, out) in the flat store");
        float[] y = new float[3];
        d.forward(y, new float[] {1, 10}, 1, false);
        assertArrayEquals(new float[] {1 + 40 + 0.5f, 2 + 50, 3 + 60 - 0.5f}, y, "y_j = Σ_i x_i·W[i][j] + b_j");
        assertArrayEquals(new float[] {4, 5, 6}, d.weights()[1]);
        assertArrayEquals(new float[] {0.5f, 0, -0.5f}, d.bias());
        d.setWeights(new float[] {6, 5, 4, 3, 2, 1});
        assertArrayEquals(new float[] {6, 5, 4}, d.weights()[0]);
        d.weights()[0][0] = 99;
        assertEquals(6, d.weights()[0][0], "weights() is a copy");

        assertShape(() -> d.setWeights(new float[3][2]), "W is (in, out) = (2, 3), 2 rows of 3; got 3 rows");
        assertShape(() -> d.setWeights(new float[][] {{1, 2, 3}, {4, 5}}), "row 1 holds 2 values, not 3");
        assertShape(() -> d.setWeights(new float[5]), "W is (in, out) = (2, 3), 6 values row-major; got 5");
        assertShape(() -> d.setBias(new float[2]), "b is (out) = (3); got 2 values");
    }

    static void assertShape(org.junit.jupiter.api.function.Executable call, String phrase) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith("Dense(2 → 3): ") && e.getMessage().contains(phrase), e.getMessage());
    }
}
