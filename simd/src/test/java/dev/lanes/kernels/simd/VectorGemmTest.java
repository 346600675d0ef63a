package dev.lanes.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** VectorGemm against a double-precision triple loop, over shapes that straddle every block boundary. */
class VectorGemmTest {

    private static final double U = 0x1p-24; // unit round-off of float

    /**
     * m, n, k: tiny, k = 1, m = 1, n < 8 (tiny-n path), odd, MR/NR/KC/MC/NC boundaries (MR = 4, NR = 16 at
     * 8 lanes; MR = 8, NR = 32 at 16 lanes; KC = 1024, MC = 48, NC = 2048), strips read in place beside a
     * packed ragged one (m mod MR ≠ 0 in an MC block), and the unpacked/packed switch (k·n = 8192).
     */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 16, 1}, {7, 9, 1}, {1, 5, 3}, {1, 128, 784}, {2, 33, 17}, {2, 7, 40}, {3, 40, 20},
        {5, 17, 13}, {33, 65, 31}, {4, 16, 256}, {4, 16, 257}, {5, 17, 257}, {8, 32, 300}, {96, 16, 256},
        {97, 17, 255}, {97, 33, 513}, {193, 47, 70}, {300, 100, 2}, {300, 2, 100}, {2, 300, 100},
        {64, 64, 64}, {65, 63, 67}, {130, 50, 300}, {20, 4100, 5}, {32, 128, 784}, {40, 128, 64},
        {6, 3, 50}, {5, 7, 9}, {12, 7, 300}, {49, 33, 1025}, {50, 17, 2049}, {9, 2050, 20}, {48, 16, 1024},
        {15, 65, 300}, {16, 64, 300}, {17, 63, 301}, {47, 96, 400}, {55, 40, 1100}, {8, 33, 2000},
    };

    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}, {2f, -1f}};

    @Test
    void matchesDoublePrecisionReference() {
        SplittableRandom r = new SplittableRandom(42);
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                for (float[] ab : ALPHA_BETA) {
                    check(r, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, ab[0], ab[1]);
                }
            }
        }
    }

    @Test
    void betaZeroDoesNotReadC() {
        SplittableRandom r = new SplittableRandom(7);
        for (int[] s : new int[][] {{1, 9, 5}, {5, 17, 13}, {33, 65, 31}, {97, 33, 513}, {2, 7, 4}}) {
            for (int t = 0; t < 4; t++) {
                Case x = new Case(r, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0);
                fillMatrix(x.c, x.cOff, x.ldc, s[0], s[1], Float.NaN);
                x.run(1f, 0f);
                x.verify(1f, 0f);
            }
        }
    }

    @Test
    void alphaZeroDoesNotReadAOrB() {
        SplittableRandom r = new SplittableRandom(9);
        for (int t = 0; t < 4; t++) {
            Case x = new Case(r, 33, 65, 31, (t & 1) != 0, (t & 2) != 0);
            Arrays.fill(x.a, Float.NaN);
            Arrays.fill(x.b, Float.NaN);
            float[] before = x.c.clone();
            x.run(0f, 0.5f);
            for (int i = 0; i < 33; i++) {
                for (int j = 0; j < 65; j++) {
                    int idx = x.cOff + i * x.ldc + j;
                    assertEquals(0.5f * before[idx], x.c[idx], "C[" + i + "," + j + "]"); // exact: a power of 2
                }
            }
            x.run(0f, 0f);
            for (int i = 0; i < 33; i++) {
                for (int j = 0; j < 65; j++) {
                    assertEquals(0f, x.c[x.cOff + i * x.ldc + j]);
                }
            }
        }
    }

    @Test
    void threadsDoNotShareScratch() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            long seed = t;
            threads[t] = new Thread(() -> {
                try {
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int rep = 0; rep < 20; rep++) {
                        check(r, 97 + (int) seed, 33 + 16 * (int) seed, 300, seed % 2 == 0, seed > 1, 1f, 0f);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            fail(failure.get());
        }
    }

    private static void check(SplittableRandom r, int m, int n, int k, boolean transA, boolean transB,
                              float alpha, float beta) {
        Case x = new Case(r, m, n, k, transA, transB);
        x.run(alpha, beta);
        x.verify(alpha, beta);
    }

    /** One GEMM problem at random offsets with leading dimensions larger than the widths. */
    private static final class Case {
        final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff;
        final boolean transA, transB;
        final float[] a, b, c, c0;

        Case(SplittableRandom r, int m, int n, int k, boolean transA, boolean transB) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            lda = aCols + r.nextInt(4);
            ldb = bCols + r.nextInt(4);
            ldc = n + r.nextInt(4);
            aOff = r.nextInt(5);
            bOff = r.nextInt(5);
            cOff = r.nextInt(5);
            a = random(r, aOff + aRows * lda + 3);
            b = random(r, bOff + bRows * ldb + 3);
            c = random(r, cOff + m * ldc + 3);
            c0 = c.clone();
        }

        void run(float alpha, float beta) {
            VectorGemm.gemm(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
        }

        float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        void verify(float alpha, float beta) {
            String what = m + "x" + n + "x" + k + (transA ? " Aᵀ" : " A") + (transB ? " Bᵀ" : " B")
                    + " α=" + alpha + " β=" + beta;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double t = (double) opA(i, p) * opB(p, j); // exact in double
                        dot += t;
                        abs += Math.abs(t);
                    }
                    int idx = cOff + i * ldc + j;
                    double cOld = beta == 0f ? 0 : c0[idx];
                    double expected = alpha * dot + beta * cOld;
                    // Every product passes through at most k + 2 float roundings: ≤ kc in its k block's
                    // accumulator (fma: one per step), one per later block added into C (≤ number of blocks
                    // − 1, and kc + blocks − 1 ≤ k), one for α·acc, one for the fma with β·C; β·C itself
                    // through at most blocks + 1 ≤ k + 2. Hence the classic bound
                    //   |ĉ − c| ≤ γ_{k+2}·(|α|·Σ_p |a_ip·b_pj| + |β·c_ij|),  γ_n = n·u / (1 − n·u), u = 2⁻²⁴.
                    // The double reference adds ≈ k·2⁻⁵³·Σ|terms|, negligible beside it.
                    double g = gamma(k + 2);
                    double tol = g * (Math.abs(alpha) * abs + Math.abs(beta * cOld)) + Double.MIN_NORMAL;
                    double err = Math.abs(c[idx] - expected);
                    if (!(err <= tol)) {
                        fail(what + ": C[" + i + "," + j + "] = " + c[idx] + ", expected " + expected
                                + " (|err| " + err + " > " + tol + ")");
                    }
                }
            }
            // Nothing outside C's (m, n) window may change.
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - cOff;
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside) {
                    assertTrue(Float.compare(c[idx], c0[idx]) == 0, what + ": wrote outside C at " + idx);
                }
            }
        }
    }

    private static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static void fillMatrix(float[] x, int off, int ld, int rows, int cols, float v) {
        for (int i = 0; i < rows; i++) {
            Arrays.fill(x, off + i * ld, off + i * ld + cols, v);
        }
    }
}
