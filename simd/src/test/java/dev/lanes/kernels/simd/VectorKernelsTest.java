package dev.lanes.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.ScalarKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * VectorKernels against ScalarKernels, the oracle, over awkward sizes and offsets (so both the vector body
 * and every tail length run). Bit-exact where the contract or the implementation promises it; otherwise a
 * tolerance derived beside each assertion. Transcendental accuracy is swept in VectorAccuracyTest.
 */
class VectorKernelsTest {

    static final int[] SIZES = {0, 1, 4, 6, 7, 8, 9, 13, 15, 16, 17, 25, 31, 32, 33, 63, 64, 65, 100, 1000, 4098};
    static final int[] OFFSETS = {0, 3};
    static final double U = 0x1p-24;

    final KernelSupport scalar = new ScalarKernels();
    final KernelSupport vector = new VectorKernels();
    final Random random = new Random(42);

    float[] gaussian(int length) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    /** Signed zeros, NaN, ±∞ and ties sprinkled into gaussian data, for the Math.max-family kernels. */
    float[] nasty(int length) {
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, 1f};
        float[] a = gaussian(length);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(8) == 0) {
                a[i] = specials[random.nextInt(specials.length)];
            }
        }
        return a;
    }

    /** γ_n = n·u/(1 − n·u): the worst-case relative growth of a recursive sum of n terms. */
    static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    /**
     * Both implementations are within γ_n·Σ|terms| of the exact sum (terms exact in double here), so they
     * differ by at most 2·γ_n·Σ|terms|; the vector result is also checked against the double sum directly.
     */
    static void assertWithinSumBound(double exact, double absSum, int n, float expected, float actual) {
        double bound = gamma(n) * absSum;
        assertTrue(Math.abs(actual - exact) <= bound, () -> "vector " + actual + " vs exact " + exact + " > " + bound);
        assertTrue(Math.abs(actual - expected) <= 2 * bound, () -> "vector " + actual + " vs scalar " + expected);
    }

    @Test
    void reductionsStayWithinGammaN() {
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                float[] x = gaussian(n + off);
                float[] y = gaussian(n + off);
                double dot = 0, dotAbs = 0, sum = 0, sumAbs = 0, sq = 0;
                for (int i = off; i < n + off; i++) {
                    dot += (double) x[i] * y[i];
                    dotAbs += Math.abs((double) x[i] * y[i]);
                    sum += x[i];
                    sumAbs += Math.abs(x[i]);
                    sq += (double) x[i] * x[i];
                }
                // Products are exact in double (24+24 bits), so dot/sq above are the exact Σ to double rounding.
                assertWithinSumBound(dot, dotAbs, n, scalar.dot(x, off, y, off, n), vector.dot(x, off, y, off, n));
                assertWithinSumBound(sum, sumAbs, n, scalar.sum(x, off, n), vector.sum(x, off, n));
                assertWithinSumBound(sq, sq, n, scalar.sumOfSquares(x, off, n), vector.sumOfSquares(x, off, n));
            }
        }
    }

    @Test
    void maxAndArgmaxAreBitExact() {
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                for (int trial = 0; trial < 4; trial++) {
                    float[] x = trial == 0 ? gaussian(n + off) : nasty(n + off);
                    assertBits(scalar.max(x, off, n), vector.max(x, off, n));
                    if (n > 0) {
                        int m = 3;
                        float[] rows = trial == 0 ? gaussian(off + m * (n + 2)) : nasty(off + m * (n + 2));
                        int[] want = new int[m + 1];
                        int[] got = new int[m + 1];
                        scalar.argmaxRows(want, 1, rows, off, n + 2, m, n);
                        vector.argmaxRows(got, 1, rows, off, n + 2, m, n);
                        assertArrayEquals(want, got, "argmax n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void maxFamilyFollowsMathMaxOnZerosAndNaN() {
        float[] x = new float[64];
        java.util.Arrays.fill(x, -0f);
        x[40] = 0f;
        assertBits(0f, vector.max(x, 0, 64));
        java.util.Arrays.fill(x, -0f);
        assertBits(-0f, vector.max(x, 0, 64));
        x[9] = Float.NaN;
        assertTrue(Float.isNaN(vector.max(x, 0, 64)));
        float[] out = new float[64];
        vector.relu(out, 0, x, 0, 64);
        assertBits(0f, out[0]);
        int[] arg = new int[1];
        x[3] = 0f;
        x[50] = Float.NaN;
        vector.argmaxRows(arg, 0, x, 0, 64, 1, 64);
        assertEquals(9, arg[0], "first NaN wins");
        x[9] = 0f;
        x[50] = 0f;
        vector.argmaxRows(arg, 0, x, 0, 64, 1, 64);
        assertEquals(0, arg[0], "-0.0 ties +0.0, first wins");
    }

    @Test
    void elementwiseAndActivationsAreBitExact() {
        for (int n : SIZES) {
            for (int off : OFFSETS) {
                float[] a = nasty(n + off);
                float[] b = nasty(n + off);
                check(n, off, (k, out) -> k.scale(out, off, 1.7f, a, off, n));
                check(n, off, (k, out) -> k.add(out, off, a, off, b, off, n));
                check(n, off, (k, out) -> k.sub(out, off, a, off, b, off, n));
                check(n, off, (k, out) -> k.mul(out, off, a, off, b, off, n));
                check(n, off, (k, out) -> k.maximum(out, off, a, off, b, off, n));
                check(n, off, (k, out) -> k.relu(out, off, a, off, n));
                check(n, off, (k, out) -> k.reluBackward(out, off, b, off, a, off, n));
                check(n, off, (k, out) -> k.leakyRelu(out, off, a, off, 0.01f, n));
                check(n, off, (k, out) -> k.leakyReluBackward(out, off, b, off, a, off, 0.01f, n));
                check(n, off, (k, out) -> k.sigmoidBackward(out, off, b, off, a, off, n));
                check(n, off, (k, out) -> k.tanhBackward(out, off, b, off, a, off, n));
            }
        }
    }

    /**
     * The bit-exact claims must hold for C2's code too, not only for the interpreter's per-lane fallback
     * the other tests mostly see: the same checks, repeated until the kernels are compiled.
     */
    @Test
    void maxFamilyStaysBitExactOnceCompiled() {
        int n = 67;
        float[] a = nasty(n);
        float[] b = nasty(n);
        int[] want = new int[2];
        int[] got = new int[2];
        for (int round = 0; round < 4000; round++) {
            assertBits(scalar.max(a, 0, n), vector.max(a, 0, n));
            scalar.argmaxRows(want, 0, a, 0, 33, 2, 33);
            vector.argmaxRows(got, 0, a, 0, 33, 2, 33);
            assertArrayEquals(want, got);
            check(n, 0, (k, out) -> k.maximum(out, 0, a, 0, b, 0, n));
            check(n, 0, (k, out) -> k.relu(out, 0, a, 0, n));
            check(n, 0, (k, out) -> k.reluBackward(out, 0, b, 0, a, 0, n));
            check(32, 0, (k, out) -> k.maxout(out, 0, a, 0, 2, 16, 2));
            check(64, 0, (k, out) -> k.maxoutBackward(out, 0, b, 0, a, 0, 2, 16, 2));
        }
    }

    @Test
    void inPlaceAliasingMatches() {
        for (int n : SIZES) {
            float[] a = nasty(n);
            float[] b = nasty(n);
            float[] s = a.clone();
            float[] v = a.clone();
            scalar.add(s, 0, s, 0, b, 0, n);
            vector.add(v, 0, v, 0, b, 0, n);
            scalar.relu(s, 0, s, 0, n);
            vector.relu(v, 0, v, 0, n);
            assertArrayBits(s, v);
        }
    }

    /** axpy rounds twice, fl(y + fl(a·x)), in the vector body as in the scalar loop: bit-exact. */
    @Test
    void axpyIsBitExact() {
        for (int n : SIZES) {
            float[] x = gaussian(n);
            float[] y0 = gaussian(n);
            float[] s = y0.clone();
            float[] v = y0.clone();
            scalar.axpy(s, 0, 0.3f, x, 0, n);
            vector.axpy(v, 0, 0.3f, x, 0, n);
            assertArrayBits(s, v);
        }
    }

    /**
     * Regression: with an fma in the vector body, these values (cancellation: y ≈ −a·x) gave y[0] =
     * −2.3889542E-4 from the body and −2.3887707E-4 from the tail at n = 33 (16 lanes); every position must
     * give the same bits. The vector kernel is called directly: two vectors and a tail at any width.
     */
    @Test
    void axpyDoesNotDependOnPosition() {
        int n = 2 * VectorShapes.L + 1;
        float[] y = new float[n];
        float[] x = new float[n];
        java.util.Arrays.fill(y, 0.5891127586364746f);
        java.util.Arrays.fill(x, 0.4060250222682953f);
        VectorElementwise.axpy(y, 0, -1.451515555381775f, x, 0, n);
        for (int i = 1; i < n; i++) {
            assertEquals(Float.floatToIntBits(y[0]), Float.floatToIntBits(y[i]), "axpy at " + i + " vs 0");
        }
        assertEquals(0.5891127586364746f + -1.451515555381775f * 0.4060250222682953f, y[0]);
    }

    @Test
    void maxoutForwardAndBackwardAreBitExact() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {2, 8, 3}, {4, 17, 4}, {2, 33, 1}, {5, 64, 3}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int units = shape[1];
            int k = shape[2];
            for (int trial = 0; trial < 4; trial++) {
                float[] x = nasty(2 + m * units * k);
                float[] dy = gaussian(1 + m * units);
                check(m * units, 1, (ker, out) -> ker.maxout(out, 1, x, 2, m, units, k));
                check(m * units * k, 0, (ker, out) -> ker.maxoutBackward(out, 0, dy, 1, x, 2, m, units, k));
            }
        }
    }

    /** Row kernels: add/column sums keep the scalar order, so bit-exact; softmax is tested for tolerance. */
    @Test
    void rowBroadcastsAreBitExact() {
        for (int n : SIZES) {
            int m = 6;
            int ld = n + 3;
            float[] x = gaussian(1 + m * ld);
            float[] bias = gaussian(2 + n);
            check(m * ld, 1, (k, c) -> {
                System.arraycopy(x, 0, c, 0, x.length);
                k.addRowVector(c, 1, ld, bias, 2, m, n);
            });
            check(n, 2, (k, out) -> {
                System.arraycopy(bias, 0, out, 0, bias.length);
                k.addColumnSums(out, 2, x, 1, ld, m, n);
            });
        }
    }

    interface Kernel {
        void run(KernelSupport k, float[] out);
    }

    /** Runs the same call on both implementations into identically pre-filled outputs and compares bits. */
    void check(int n, int off, Kernel kernel) {
        float[] s = new float[n + off + 2];
        java.util.Arrays.fill(s, 7f);
        float[] v = s.clone();
        kernel.run(scalar, s);
        kernel.run(vector, v);
        assertArrayBits(s, v);
    }

    /** floatToIntBits: exact, with every NaN collapsed to one (payloads are not part of the contract). */
    static void assertBits(float expected, float actual) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), expected + " vs " + actual);
    }

    static void assertArrayBits(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    () -> "at " + at + ": " + expected[at] + " vs " + actual[at]);
        }
    }
}
