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
 * <p>Tolerance: h = 1e-5, τ = 1e-7 relative. Truncation h²/6·|f'''| stays far below τ·|f'| here (f''' / f' is
 * at most x³ for the neuron and about 1/den² ≤ 70 for the staged expression, with den ≥ σ(−2)): ≤ 2e-9
 * relative. Rounding does not scale with the gradient: each evaluation has ≤ 8 roundings of quantities
 * bounded by 1 + |f|, so ε ≤ 8·2⁻⁵³·(1 + |f|), and the difference of two over 2h errs by ≤ ε/h; doubled for
 * the change of |f| over ±h. The floor is that absolute error divided by τ, so a saturated neuron
 * (f ≈ 1, f' ≈ 1e-5) is judged absolutely.
 */
class ExamplesTest {

    static final double H = 1e-5;
    static final double TAU = 1e-7;

    static GradientCheck.Settings settings(double f) {
        return new GradientCheck.Settings(H, TAU, 16 * 0x1p-53 * (1 + Math.abs(f)) / H / TAU);
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
            report(GradientCheck.function("(x + y)·z", a -> AddMultiplyCircuit.value(a[0], a[1], a[2]), xyz,
                    AddMultiplyCircuit.gradient(p[0], p[1], p[2]), settings(AddMultiplyCircuit.value(p[0], p[1], p[2]))));

            double[] w = {p[0], p[1], p[2]};
            double[] x = {p[3], p[4]};
            SigmoidNeuron.Gradient g = SigmoidNeuron.gradient(w, x);
            GradientCheck.Settings sn = settings(SigmoidNeuron.value(w, x));
            report(GradientCheck.function("neuron dw", a -> SigmoidNeuron.value(a, x), w.clone(), g.dw(), sn));
            report(GradientCheck.function("neuron dx", a -> SigmoidNeuron.value(w, a), x.clone(), g.dx(), sn));

            double[] xy = {p[0], p[1]};
            report(GradientCheck.function("staged f(x, y)", a -> StagedExpression.value(a[0], a[1]), xy,
                    StagedExpression.gradient(p[0], p[1]), settings(StagedExpression.value(p[0], p[1]))));
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
