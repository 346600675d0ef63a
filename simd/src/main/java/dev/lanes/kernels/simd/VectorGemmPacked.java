package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import dev.lanes.kernels.PackedB;

/**
 * The dense layer's product on pre-packed weights with its epilogue fused: C = epilogue(A·B + bias).
 *
 * <p>A B narrower than one vector (n &lt; L: a classifier's last layer) is packed as one zero-padded L-wide
 * panel and runs {@link VectorGemmFused#narrow8} (or 4, or 1 row): one vector per row, no padding beyond
 * the vector (a 2L panel cost 3.4 µs for 32 × 128 × 10, all edge tiles; dot products against the rows of
 * Bᵀ 1.9 µs, most of it in the lane reductions). Otherwise B is packed into NR-column panels over the
 * whole depth, panel t (columns t·NR ..) holding for each p its NR values at {@code t·NR·k + p·NR}, columns
 * past n zero ({@link GemmPacking#packB} with one block), and:
 * <ul>
 *   <li>rows in groups of 8 (16 lanes) or 4 run the micro-kernels of {@link VectorGemmFused} over every whole
 *       panel, A read in place: a group's rows stay in L1 while B streams from L2;
 *   <li>the rest (fewer rows than a group, and batches of 1 or 2), and the last, partly padded panel, run
 *       the row path {@link VectorGemvPacked}.
 * </ul>
 * There are no k blocks: every output is one sequential fma chain over the whole depth, then + bias, then
 * the epilogue, in every path. So a row's result does not depend on the batch it is in or its place in it,
 * and the scalar and SIMD packing never copy A. The price is a B panel (k × NR floats) that outgrows L2 for
 * k beyond about 8000 (16 lanes), where a k-blocked path would keep it; no Lanes layer is that deep yet.
 */
final class VectorGemmPacked {

    private VectorGemmPacked() {}

    /**
     * Rows per micro-tile: 8 at 16 lanes, where 32 vector registers hold 16 accumulators; 4 at narrower
     * species (16 registers at 8 lanes; see VectorGemmKernel).
     */
    static final int ROWS = L >= 16 ? 8 : 4;

    /** The layout name packed matrices carry: the kernels and the vector width. */
    static final String LAYOUT = "simd/" + F.vectorBitSize() + "-bit panels";

    static PackedB pack(float[] b, int bOff, int ldb, boolean transB, int k, int n) {
        if (n < L) { // narrow: one L-wide panel, zero-padded
            float[] panel = new float[Math.multiplyExact(k, L)];
            GemmPacking.packNarrowB(panel, b, bOff, ldb, transB, k, n);
            return PackedB.of(panel, k, n, LAYOUT);
        }
        int panels = (n + NR - 1) / NR;
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(panels, NR), k)];
        if (k > 0) {
            GemmPacking.packB(data, b, bOff, ldb, transB, 0, 0, k, n);
        }
        return PackedB.of(data, k, n, LAYOUT);
    }

    static void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, PackedB packed,
                     float[] bias, int biasOff, boolean relu, int m) {
        int k = packed.rows();
        int n = packed.columns();
        float[] bp = packed.data();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = finish(0f, bias, biasOff + j, relu);
                }
            }
        } else if (n < L) {
            narrow(c, cOff, ldc, a, aOff, lda, bp, k, n, bias, biasOff, relu, m);
        } else {
            int nFull = n - n % NR;
            int i = 0;
            if (ROWS == 8) {
                for (; i + 8 <= m; i += 8) {
                    for (int j = 0; j < nFull; j += NR) {
                        VectorGemmFused.tile8(k, a, aOff + i * lda, lda, bp, j * k, c, cOff + i * ldc + j, ldc,
                                bias, biasOff + j, relu);
                    }
                }
            }
            for (; i + 4 <= m; i += 4) {
                for (int j = 0; j < nFull; j += NR) {
                    VectorGemmFused.tile4(k, a, aOff + i * lda, lda, bp, j * k, c, cOff + i * ldc + j, ldc,
                            bias, biasOff + j, relu);
                }
            }
            for (int r = 0; r < i && nFull < n; r++) {
                VectorGemvPacked.lastPanel(c, cOff + r * ldc, a, aOff + r * lda, bp, k, n, bias, biasOff, relu);
            }
            for (int r = i; r < m; r++) {
                VectorGemvPacked.row(c, cOff + r * ldc, a, aOff + r * lda, bp, k, n, bias, biasOff, relu);
            }
        }
    }

    /** C for a B narrower than one vector: ROWS rows at a time, then single rows, finished from scratch. */
    private static void narrow(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] bp, int k,
                               int n, float[] bias, int biasOff, boolean relu, int m) {
        float[] t = SCRATCH.get();
        for (int i = 0; i < m; ) {
            int rows = narrowRows(k, a, aOff + i * lda, lda, bp, m - i, t);
            finishRows(t, c, cOff + i * ldc, ldc, rows, n, bias, biasOff, relu);
            i += rows;
        }
    }

    /**
     * The raw sums of the next rows of A against a narrow panel bp (k rows of L floats), into t (rows × L):
     * ROWS rows when at least that many are left, else one. Each output is one fma chain over p in order,
     * whichever rows it is computed with. Returns the number of rows done.
     */
    static int narrowRows(int k, float[] a, int aIdx, int lda, float[] bp, int left, float[] t) {
        if (left < ROWS) {
            VectorGemmFused.narrow1(k, a, aIdx, bp, t);
            return 1;
        }
        if (ROWS == 8) {
            VectorGemmFused.narrow8(k, a, aIdx, lda, bp, t);
        } else {
            VectorGemmFused.narrow4(k, a, aIdx, lda, bp, t);
        }
        return ROWS;
    }

    private static void finishRows(float[] t, float[] c, int cIdx, int ldc, int rows, int n, float[] bias,
                                   int biasOff, boolean relu) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                c[cIdx + r * ldc + j] = finish(t[r * L + j], bias, biasOff + j, relu);
            }
        }
    }

    /**
     * Per-thread scratch for raw sums whose columns are finished one by one: a narrow tile (up to 8 × L) or
     * the last, partly padded panel of a row (NR = 2L, {@link VectorGemvPacked#lastPanel}).
     */
    static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[8 * L]);

    /** The epilogue of one element: + bias (when there is one), then ReLU (when asked). */
    static float finish(float v, float[] bias, int biasIdx, boolean relu) {
        if (bias != null) {
            v += bias[biasIdx];
        }
        return relu ? Math.max(v, 0f) : v;
    }
}
