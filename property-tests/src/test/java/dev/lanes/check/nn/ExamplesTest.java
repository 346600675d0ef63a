package dev.lanes.check.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.Property;
import dev.lanes.check.Sizes;
import dev.lanes.examples.AddMultiplyCircuit;
import dev.lanes.examples.SigmoidNeuron;
import dev.lanes.examples.StagedExpression;
import dev.lanes.nn.GradientCheck;
import org.junit.jupiter.api.Test;

/**
 * The course's worked backprop examples: their staged gradients against {@link GradientCheck#function} in
 * double, at the notes' points and at random ones in [−2, 2].
 *
 * <p>Tolerance: h = 1e-5, τ = 1e-7 relative, and an absolute floor for what does not scale with the gradient.
 * Rounding: each evaluation has ≤ 8 roundings of quantities bounded by 1 + |f|, so ε ≤ 8·2⁻⁵³·(1 + |f|), and
 * the difference of two over 2h errs by ≤ ε/h; doubled for the change of |f| over ±h. Truncation: the
 * centred difference errs by h²/6·|∂³f/∂x_i³| at a point within ±h; that is not a fixed fraction of f'
 * (where f' nears 0 the ratio is unbounded: the staged expression at f' ≈ −0.04 had |f'''| ≈ 260), so
 * the floor adds 2·h²/6·|f'''|, with |f'''| along each axis estimated at the point by the five-point
 * formula with step 1e-2 (its own error, O(1e-4·f⁽⁵⁾), is covered by the factor 2). The floor is that
 * absolute error divided by τ, so a saturated neuron (f ≈ 1, f' ≈ 1e-5) is judged absolutely.
 */
class ExamplesTest {

    static final double H = 1e-5;
    static final double TAU = 1e-7;

    static GradientCheck.Settings settings(GradientCheck.ScalarFunction f, double[] x) {
        double value = f.value(x.clone());
        double truncation = 2 * H * H / 6 * thirdDerivative(f, x);
        return new GradientCheck.Settings(H, TAU, (16 * 0x1p-53 * (1 + Math.abs(value)) / H + truncation) / TAU);
    }

    /** max over i of |∂³f/∂x_i³| at x: (f(x+2s) − 2f(x+s) + 2f(x−s) − f(x−2s)) / (2s³), s = 1e-2 along x_i. */
    static double thirdDerivative(GradientCheck.ScalarFunction f, double[] x) {
        double s = 1e-2;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double[] a = x.clone();
            double[] v = new double[4];
            double[] steps = {2 * s, s, -s, -2 * s};
            for (int j = 0; j < 4; j++) {
                a[i] = x[i] + steps[j];
                v[j] = f.value(a.clone());
            }
            worst = Math.max(worst, Math.abs((v[0] - 2 * v[1] + 2 * v[2] - v[3]) / (2 * s * s * s)));
        }
        return worst;
    }

    @Test
    void circuitAtTheNotesPoint() {
        // x = −2, y = 5, z = −4: q = 3, f = −12, df/dx = df/dy = z = −4, df/dz = q = 3 (exact in binary)
        assertEquals(-12, AddMultiplyCircuit.value(-2, 5, -4));
        double[] g = AddMultiplyCircuit.gradient(-2, 5, -4);
        assertEquals(-4, g[0]);
        assertEquals(-4, g[1]);
        assertEquals(3, g[2]);
    }

    @Test
    void sigmoidNeuronAtTheNotesPoint() {
        // w = (2, −3, −3), x = (−1, −2): w·x + w2 = 1, f = σ(1) ≈ 0.731, dot gradient σ'(1) ≈ 0.197
        SigmoidNeuron.Gradient g = SigmoidNeuron.gradient(new double[] {2, -3, -3}, new double[] {-1, -2});
        double s = 1 / (1 + Math.exp(-1));
        double d = s * (1 - s);
        assertEquals(0.1966, d, 1e-4);
        assertEquals(-d, g.dw()[0], 1e-15);
        assertEquals(-2 * d, g.dw()[1], 1e-15);
        assertEquals(d, g.dw()[2], 1e-15);
        assertEquals(2 * d, g.dx()[0], 1e-15);
        assertEquals(-3 * d, g.dx()[1], 1e-15);
    }

    @Test
    void examplesMatchNumericalGradients() {
        Property.of("backprop examples", (v, s) -> {
            double[] p = new double[5];
            for (int i = 0; i < p.length; i++) {
                p[i] = 4 * v.nextDouble() - 2;
            }
            return p;
        }, Sizes.MATRIX.named("unused").atMost(0)).check(p -> {
            double[] xyz = {p[0], p[1], p[2]};
            GradientCheck.ScalarFunction circuit = a -> AddMultiplyCircuit.value(a[0], a[1], a[2]);
            report(GradientCheck.function("(x + y)·z", circuit, xyz.clone(),
                    AddMultiplyCircuit.gradient(p[0], p[1], p[2]), settings(circuit, xyz)));

            double[] w = {p[0], p[1], p[2]};
            double[] x = {p[3], p[4]};
            SigmoidNeuron.Gradient g = SigmoidNeuron.gradient(w, x);
            GradientCheck.ScalarFunction byW = a -> SigmoidNeuron.value(a, x);
            GradientCheck.ScalarFunction byX = a -> SigmoidNeuron.value(w, a);
            report(GradientCheck.function("neuron dw", byW, w.clone(), g.dw(), settings(byW, w)));
            report(GradientCheck.function("neuron dx", byX, x.clone(), g.dx(), settings(byX, x)));

            double[] xy = {p[0], p[1]};
            GradientCheck.ScalarFunction staged = a -> StagedExpression.value(a[0], a[1]);
            report(GradientCheck.function("staged f(x, y)", staged, xy.clone(),
                    StagedExpression.gradient(p[0], p[1]), settings(staged, xy)));
        });
    }

    static void report(GradientCheck.Report r) {
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void mainMethodsRun() {
        AddMultiplyCircuit.main(new String[0]);
        SigmoidNeuron.main(new String[0]);
        StagedExpression.main(new String[0]);
    }
}
