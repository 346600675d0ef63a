package dev.lanes.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernels.KernelSupport;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stated accuracy of VectorKernels' exp, sigmoid, tanh (docs/kernels-accuracy.md) on a coarse sweep of
 * every 4099th float in [−100, 100], their saturation and special values, and softmax / log-softmax against
 * a double reference. The kernels are warmed up first so that C2's vector code, not the interpreter's
 * per-lane fallback, is what gets checked.
 */
class VectorAccuracyTest {

    static final double U = 0x1p-24;
    static final int N = 4096;

    final KernelSupport vector = new VectorKernels();

    interface Unary {
        void run(float[] out, float[] x, int n);
    }

    interface Reference {
        double at(double x);
    }

    /** Distance in representable floats; ±0 are one point apart, matching the order of the bit patterns. */
    static long ulps(float a, float b) {
        return Math.abs(ordinal(a) - ordinal(b));
    }

    static long ordinal(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & 0x7fff_ffff) : bits;
    }

    static long maxUlpsOverSweep(Unary kernel, Reference reference) {
        float[] x = new float[N];
        float[] out = new float[N];
        for (int warm = 0; warm < 3000; warm++) {
            kernel.run(out, x, 256);
        }
        long worst = 0;
        int limit = Float.floatToRawIntBits(100f);
        int k = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int bits = 0; bits <= limit; bits += 4099) {
                x[k++] = Float.intBitsToFloat(bits | (sign << 31));
                if (k == N) {
                    kernel.run(out, x, N);
                    for (int i = 0; i < N; i++) {
                        worst = Math.max(worst, ulps(out[i], (float) reference.at(x[i])));
                    }
                    k = 0;
                }
            }
        }
        return worst;
    }

    @Test
    void expWithinOneUlp() {
        long worst = maxUlpsOverSweep((out, x, n) -> vector.exp(out, 0, x, 0, n), Math::exp);
        assertTrue(worst <= 1, "exp: " + worst + " ULP");
    }

    @Test
    void sigmoidWithinTwoUlps() {
        long worst = maxUlpsOverSweep((out, x, n) -> vector.sigmoid(out, 0, x, 0, n), v -> 1 / (1 + Math.exp(-v)));
        assertTrue(worst <= 2, "sigmoid: " + worst + " ULP");
    }

    @Test
    void tanhWithinOneUlp() {
        long worst = maxUlpsOverSweep((out, x, n) -> vector.tanh(out, 0, x, 0, n), Math::tanh);
        assertTrue(worst <= 1, "tanh: " + worst + " ULP");
    }

    /** Specials, each placed at every lane position and in the scalar tail (n = 19 with L ≤ 16). */
    @Test
    void specialValuesSaturateAndPropagate() {
        float inf = Float.POSITIVE_INFINITY;
        float[][] cases = {
            // x, exp, sigmoid, tanh
            {0f, 1f, 0.5f, 0f},
            {-0f, 1f, 0.5f, -0f},
            {1e-30f, 1f, 0.5f, 1e-30f},
            {-Float.MIN_VALUE, 1f, 0.5f, -Float.MIN_VALUE},
            {89f, inf, 1f, 1f},
            {-89f, (float) Math.exp(-89), (float) Math.exp(-89), -1f},
            {-104f, 0f, (float) (1 / (1 + Math.exp(104))), -1f},
            {-120f, 0f, 0f, -1f},
            {inf, inf, 1f, 1f},
            {-inf, 0f, 0f, -1f},
        };
        float[] x = new float[19];
        float[] out = new float[19];
        for (int warm = 0; warm < 3000; warm++) {
            vector.tanh(out, 0, x, 0, 16);
            vector.sigmoid(out, 0, x, 0, 16);
            vector.exp(out, 0, x, 0, 16);
        }
        for (float[] c : cases) {
            Arrays.fill(x, c[0]);
            vector.exp(out, 0, x, 0, 19);
            assertAllBits(c[1], out, "exp(" + c[0] + ")");
            vector.sigmoid(out, 0, x, 0, 19);
            assertAllBits(c[2], out, "sigmoid(" + c[0] + ")");
            vector.tanh(out, 0, x, 0, 19);
            assertAllBits(c[3], out, "tanh(" + c[0] + ")");
        }
        Arrays.fill(x, Float.NaN);
        vector.exp(out, 0, x, 0, 19);
        assertAllNaN(out);
        vector.sigmoid(out, 0, x, 0, 19);
        assertAllNaN(out);
        vector.tanh(out, 0, x, 0, 19);
        assertAllNaN(out);
    }

    /**
     * Softmax against double. Per entry, relative error ≤ 2·(d·u + 2u) + γ_n + 2u, d = max_j |x_j − M|: the
     * rounded argument x_j − M shifts e^(x_j − M) by up to d·u relatively, exp adds ≤ 1 ULP ≤ 2u; the same
     * holds for every term of Σ, whose summation adds γ_n (positive terms); 1/Σ and the product round once each.
     */
    @Test
    void softmaxRowsMatchDoubleWithinDerivedBound() {
        Random random = new Random(7);
        for (int n : VectorKernelsTest.SIZES) {
            if (n == 0) {
                continue;
            }
            int m = 3;
            int ld = n + 1;
            float[] x = new float[m * ld];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (4 * random.nextGaussian());
            }
            float[] out = new float[m * ld];
            float[] logOut = new float[m * ld];
            for (int warm = 0; warm < (n < 100 ? 300 : 10); warm++) {
                vector.softmaxRows(out, 0, ld, x, 0, ld, m, n);
                vector.logSoftmaxRows(logOut, 0, ld, x, 0, ld, m, n);
            }
            for (int i = 0; i < m; i++) {
                checkRow(x, i * ld, out, logOut, n);
            }
        }
    }

    private static void checkRow(float[] x, int row, float[] out, float[] logOut, int n) {
        double max = Double.NEGATIVE_INFINITY;
        double spread = 0;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[row + j]);
        }
        double total = 0;
        for (int j = 0; j < n; j++) {
            spread = Math.max(spread, max - x[row + j]);
            total += Math.exp(x[row + j] - max);
        }
        double gamma = n * U / (1 - n * U);
        double relative = 2 * (spread * U + 2 * U) + gamma + 2 * U;
        double shift = max + Math.log(total);
        for (int j = 0; j < n; j++) {
            double want = Math.exp(x[row + j] - max) / total;
            double got = out[row + j];
            assertTrue(Math.abs(got - want) <= relative * want + Float.MIN_VALUE, "softmax " + got + " vs " + want);
            // log-softmax: x_j − (M + log Σ); the shift carries Σ's relative error as an absolute one, plus one
            // rounding of log, of M + log Σ (≤ u·|shift|) and of the subtraction (≤ u·|result|).
            double logWant = x[row + j] - shift;
            double logBound = relative + U * (Math.abs(Math.log(total)) + 2 * Math.abs(shift) + Math.abs(logWant));
            assertTrue(Math.abs(logOut[row + j] - logWant) <= logBound, "log-softmax " + logOut[row + j]);
        }
    }

    @Test
    void softmaxHandlesInfinitiesAsSpecified() {
        float inf = Float.POSITIVE_INFINITY;
        int n = 21;
        float[] x = new float[3 * n];
        Arrays.fill(x, 0, n, 1f);
        x[2] = -inf;
        x[17] = -inf;
        Arrays.fill(x, n, 2 * n, -inf);        // row 1: all −∞
        Arrays.fill(x, 2 * n, 3 * n, 0.5f);
        x[2 * n + 9] = inf;                    // row 2: a +∞
        float[] out = new float[3 * n];
        float[] logOut = new float[3 * n];
        vector.softmaxRows(out, 0, n, x, 0, n, 3, n);
        vector.logSoftmaxRows(logOut, 0, n, x, 0, n, 3, n);
        assertEquals(0f, out[2], 0f);
        assertEquals(0f, out[17], 0f);
        assertEquals(-inf, logOut[2], 0f);
        assertEquals(-inf, logOut[17], 0f);
        assertEquals(1f / 19, out[0], 2 * U);
        for (int j = n; j < 3 * n; j++) {
            assertTrue(Float.isNaN(out[j]) && Float.isNaN(logOut[j]), "non-finite row max gives NaN at " + j);
        }
    }

    static void assertAllBits(float expected, float[] out, String what) {
        for (int i = 0; i < out.length; i++) {
            assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(out[i]),
                    what + " at " + i + ": " + out[i]);
        }
    }

    static void assertAllNaN(float[] out) {
        for (float v : out) {
            assertTrue(Float.isNaN(v));
        }
    }
}
