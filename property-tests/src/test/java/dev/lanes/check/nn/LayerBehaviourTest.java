package dev.lanes.check.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.Approx;
import dev.lanes.check.Floats;
import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.GradientCheck;
import dev.lanes.nn.Init;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Step;
import dev.lanes.random.Rng;
import org.junit.jupiter.api.Test;

/** Dropout's statistics and exact scaling, Step, dead-unit tracking, initialisers and argument checks. */
class LayerBehaviourTest {

    record DropCase(int batch, int width, double p, float[] x, long seed) {
        @Override
        public String toString() {
            return "batch " + batch + " width " + width + " p " + p + " seed " + seed;
        }
    }

    static DropCase dropCase(Rnd v, int[] s) {
        double p = v.chance(0.1) ? 0 : v.nextDouble() * 0.95;
        Rnd str = v.stream();
        float[] x = new float[s[0] * s[1]];
        for (int i = 0; i < x.length; i++) {
            x[i] = Floats.SPECIAL.next(str.at(i));
        }
        return new DropCase(s[0], s[1], p, x, v.nextLong());
    }

    /**
     * Inference is the identity (bit for bit, NaN payloads too); training keeps each value with probability
     * 1 − p and multiplies it by exactly {@code scale()} = fl(1/(1 − p)), one rounding, or zeroes it; backward
     * applies the same mask. The kept count K of N values is Binomial(N, 1 − p); by Hoeffding
     * P(|K/N − (1 − p)| ≥ t) ≤ 2·exp(−2N·t²), so t = √(ln(2·10⁹) / 2N) fails a correct layer once in 10⁹
     * cases.
     */
    @Test
    void dropoutKeepsAboutOneMinusPAndScalesExactly() {
        Property.of("Dropout mask", LayerBehaviourTest::dropCase, Sizes.MATRIX.named("batch").atLeast(1),
                Sizes.MATRIX.named("width").atLeast(1)).check(c -> {
                    Dropout d = new Dropout(c.width, c.p);
                    GradientCheck.prepare(d, c.batch, c.seed);
                    int n = c.x.length;
                    float[] y = new float[n];
                    d.forward(y, c.x, c.batch, false);
                    for (int i = 0; i < n; i++) {
                        Approx.require(Float.floatToRawIntBits(y[i]) == Float.floatToRawIntBits(c.x[i]),
                                "inference must be the identity at " + i);
                    }
                    d.forward(y, c.x, c.batch, true);
                    float[] dy = new float[n];
                    java.util.Arrays.fill(dy, 3f);
                    float[] dx = new float[n];
                    d.backward(dx, dy, c.x, y, c.batch);
                    float scale = (float) (1 / (1 - c.p));
                    Approx.require(d.scale() == scale, "scale " + d.scale());
                    int kept = 0;
                    for (int i = 0; i < n; i++) {
                        boolean keep = dx[i] != 0;
                        kept += keep ? 1 : 0;
                        Approx.same("dx", i, dx[i], keep ? 3f * scale : 0f);
                        Approx.same("y", i, y[i], keep ? c.x[i] * scale : c.x[i] * 0f);
                    }
                    double t = Math.sqrt(Math.log(2e9) / (2.0 * n));
                    Approx.require(Math.abs((double) kept / n - (1 - c.p)) <= t, "kept " + kept + " of " + n
                            + " at p = " + c.p + ", allowed deviation " + t);
                });
    }

    /** Dropout's own backward needs the mask of a training pass over the same rows. */
    @Test
    void dropoutsBackwardTakesTheRowsOfItsMask() {
        Dropout d = new Dropout(3, 0.5);
        GradientCheck.prepare(d, 4, 7);
        float[] x = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f};
        float[] y = new float[12];
        float[] dx = new float[12];
        d.forward(y, x, 4, false); // inference draws no mask
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> d.backward(dx, x, x, y, 4));
        assertTrue(none.getMessage().contains("backward needs a training forward pass first"), none.getMessage());
        d.forward(y, x, 2, true);
        assertMessage(() -> d.backward(dx, x, x, y, 4), "backward of 4 rows, but the last training pass drew a mask"
                + " for 2");
        d.backward(dx, x, x, y, 2);
        d.backward(null, x, x, y, 4); // no dx wanted: nothing to check
    }

    @Test
    void stepForwardAndItsBackwardThrows() {
        Step s = new Step(3);
        float[] y = new float[3];
        s.forward(y, new float[] {-1f, 0f, 2f}, 1, false);
        assertEquals(0f, y[0]);
        assertEquals(0f, y[1]);
        assertEquals(1f, y[2]);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> s.backward(new float[3], new float[3], new float[3], y, 1));
        assertTrue(e.getMessage().contains("Step(3 → 3)") && e.getMessage().contains("no useful gradient"),
                e.getMessage());
        dev.lanes.nn.Sequential net = dev.lanes.nn.Sequential.of(1, 1, new Dense(2, 3), new Step(3));
        net.forward(new float[] {1f, -1f}, 1, true);
        assertThrows(UnsupportedOperationException.class, () -> net.backward(new float[3], 1));
    }

    @Test
    void reluCountsUnitsThatNeverFiredInTraining() {
        Relu r = new Relu(4);
        float[] y = new float[8];
        // unit 0 fires in row 1 only, unit 2 never (≤ 0 or NaN), units 1, 3 in row 0
        float[] x = {-1f, 2f, 0f, 5f, 3f, -2f, Float.NaN, -0f};
        r.forward(y, x, 2, false);
        assertEquals(4, r.deadUnits(), "inference does not mark");
        r.forward(y, x, 2, true);
        assertEquals(1, r.deadUnits());
        assertEquals(4, r.units());
        r.resetActivity();
        assertEquals(4, r.deadUnits());
    }

    @Test
    void constructorsRejectBadArguments() {
        assertMessage(() -> new Dense(0, 3), "in must be at least 1, got 0");
        assertMessage(() -> new Dense(3, -1), "out must be at least 1, got -1");
        assertMessage(() -> new Relu(0), "width must be at least 1");
        assertMessage(() -> new Dropout(3, 1.0), "[0, 1)");
        assertMessage(() -> new Dropout(3, Double.NaN), "[0, 1)");
        assertMessage(() -> new Dropout(3, -0.1), "[0, 1)");
        assertMessage(() -> new Maxout(3, 0), "k (pieces per unit) must be at least 1");
        assertMessage(() -> new LeakyRelu(3, Float.NaN), "alpha must be finite");
        assertMessage(() -> new Softmax(0), "width");
        assertMessage(() -> Init.gaussian(-1), "std");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Dense(2, 2).forward(new float[2], new float[2], 1, false));
        assertTrue(e.getMessage().contains("Dense(2 → 2) has no parameters yet"), e.getMessage());
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable f, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, f);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    /**
     * Each initialiser reproduces bit for bit from a seed and has the variance its formula states. For n
     * samples the sample variance s² of a zero-mean distribution has standard deviation √((μ₄ − σ⁴)/n):
     * Gaussian μ₄ = 3σ⁴, uniform on (−a, a) μ₄ = a⁴/5 = 9σ⁴/5. Six standard deviations (plus the mean's
     * contribution, negligible at n = 20 000) leave false failures below 10⁻⁸.
     */
    @Test
    void initialisersHaveTheirVarianceAndAreReproducible() {
        int fanIn = 200;
        int fanOut = 100;
        checkInit(Init.heNormal(), 2.0 / fanIn, 3, fanIn, fanOut);
        checkInit(Init.heUniform(), 2.0 / fanIn, 1.8, fanIn, fanOut);
        checkInit(Init.xavierNormal(), 2.0 / (fanIn + fanOut), 3, fanIn, fanOut);
        checkInit(Init.xavierUniform(), 2.0 / (fanIn + fanOut), 1.8, fanIn, fanOut);
        checkInit(Init.glorotUniform(), 2.0 / (fanIn + fanOut), 1.8, fanIn, fanOut);
        checkInit(Init.gaussian(0.01), 1e-4, 3, fanIn, fanOut);
        float[] z = {1, 2, 3, 4, 5, 6, 7};
        Init.zeros().fill(z, 1, 2, 3, new Rng(1));
        assertTrue(z[0] == 1 && z[1] == 0 && z[6] == 0, java.util.Arrays.toString(z));
    }

    static void checkInit(Init init, double variance, double kurtosis, int fanIn, int fanOut) {
        int n = fanIn * fanOut;
        float[] a = new float[n];
        float[] b = new float[n];
        init.fill(a, 0, fanIn, fanOut, new Rng(42));
        init.fill(b, 0, fanIn, fanOut, new Rng(42));
        assertTrue(java.util.Arrays.equals(a, b), "same seed, same bits");
        double s = 0;
        for (float v : a) {
            s += (double) v * v;
        }
        double sampleVariance = s / n;
        double sd = Math.sqrt((kurtosis - 1) * variance * variance / n);
        assertTrue(Math.abs(sampleVariance - variance) <= 6 * sd,
                "variance " + sampleVariance + ", expected " + variance + " ± " + 6 * sd);
    }
}
