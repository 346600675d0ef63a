package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.MR;
import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorGemmKernel.SMALL_MR;
import static dev.lanes.kernels.simd.VectorShapes.L;

import java.util.Arrays;

/**
 * GEMM on the Vector API, C = α·op(A)·op(B) + β·C, blocked for registers and caches (BLIS loop order; see
 * docs/gemm.md for the design and measurements).
 *
 * <pre>
 * for jc in n by NC:                      B block (KC × NC) packed in NR-column panels, lives in L2/L3
 *   for pc in k by KC:
 *     pack op(B)[pc.., jc..]
 *     for ic in m by MC:                  A block (MC × KC) packed in MR-row strips, lives in L2
 *       pack op(A)[ic.., pc..]
 *       for jr in NC by NR:               one B panel (KC × NR = 64 KiB at KC = 1024) stays in L2
 *         for ir in MC by MR:             micro-kernel: MR × NR tile of C in registers over KC
 * </pre>
 * The first k block writes C = α·A·B + β·C (β = 0: C not read), later ones add into C. Small shapes skip
 * packing (see {@link #gemm}). Scratch arrays are per thread and grow on demand, so calls allocate nothing
 * after warm-up and the shared kernel instance is thread-safe.
 */
final class VectorGemm {

    private VectorGemm() {}

    /**
     * Depth of a k block. Measured (docs/gemm.md): 1024 beats 256 by 10–30 % at 1024³ and 256×784×128 on
     * Zen 3. The likely reason (not isolated): every k block after the first re-reads and re-writes all of C,
     * whose rows are ldc·4 B apart; fewer blocks, fewer passes. Packing was measured at ~3 % of the time and
     * the kernel alone at in-cache speed, which leaves the C passes. The B micro-panel
     * (KC × NR × 4 B = 64 KiB) then lives in L2 beside the A block, not in L1; the kernel still runs at its
     * in-cache speed because it loads only 80 B per 8 fmas.
     */
    static final int KC = 1024;
    /** Rows of an A block: MC × KC × 4 B = 192 KiB, under half of the 512 KiB L2 next to a 64 KiB B panel. */
    static final int MC = 48;
    /** Columns of a B block: at most KC × NC × 4 B = 8 MiB, a quarter of the shared L3. */
    static final int NC = 2048;
    /**
     * The unpacked path runs while B has at most this many floats (k·n·4 B ≤ 32 KiB, the L1d): then the
     * interior tiles read B's rows from L1 where they lie and packing would only add copies. Measured (see
     * docs/gemm.md): 64³ and 16×64×64 are 15–35 % faster unpacked; 96³ and 8×784×128 faster packed, and
     * 32×784×128 (B = 400 KiB, rows 512 B apart) four times faster packed.
     */
    static final int SMALL_KN = 8192;

    /** Per-thread packing buffers, grown on demand (bounded by MC·KC and KC·NC floats). */
    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                     float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        if (m == 0 || n == 0) {
            return;
        }
        if (alpha == 0f || k == 0) {
            scale(c, cOff, ldc, m, n, beta); // BLAS: A and B are not read
            return;
        }
        int acs = transA ? lda : 1; // op(A)[i, p] = a[aOff + i·ars + p·acs]
        int ars = transA ? 1 : lda;
        if (m <= 2 && !transB) {
            for (int i = 0; i < m; i++) {
                VectorGemmSmall.rowTimesB(c, cOff + i * ldc, a, aOff + i * ars, acs, b, bOff, ldb, n, k, alpha, beta);
            }
        } else if (m <= 2 && !transA) {
            for (int i = 0; i < m; i++) {
                VectorGemmSmall.rowTimesBt(c, cOff + i * ldc, a, aOff + i * lda, b, bOff, ldb, n, k, alpha, beta);
            }
        } else if (n < L && !transA) {
            tinyN(c, cOff, ldc, a, aOff, lda, b, bOff, ldb, transB, m, n, k, alpha, beta);
        } else if (!transB && (long) k * n <= SMALL_KN) {
            unpacked(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, m, n, k, alpha, beta);
        } else {
            blocked(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
        }
    }

    /** The packed, cache-blocked path. */
    private static void blocked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                                float[] b, int bOff, int ldb, boolean transB, int m, int n, int k,
                                float alpha, float beta) {
        // Equal-sized blocks (k = 300 → 150 + 150, not 256 + 44) so no block is a sliver.
        int kcMax = ceilDiv(k, ceilDiv(k, KC));
        int mcMax = roundUp(ceilDiv(m, ceilDiv(m, MC)), MR);
        int ncMax = roundUp(ceilDiv(n, ceilDiv(n, NC)), NR);
        Scratch s = SCRATCH.get();
        float[] ap = s.a(mcMax * kcMax);
        float[] bp = s.b(ncMax * kcMax);
        float[] tile = s.tile;
        for (int jc = 0; jc < n; jc += ncMax) {
            int nc = Math.min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                GemmPacking.packB(bp, b, bOff, ldb, transB, pc, jc, kc, nc);
                for (int ic = 0; ic < m; ic += mcMax) {
                    int mc = Math.min(mcMax, m - ic);
                    // A untransposed and α = 1: whole strips read A where it lies (its rows stay in L1 while
                    // the B panel streams), only a ragged last strip is packed. Otherwise all of A is packed.
                    boolean inPlace = !transA && alpha == 1f;
                    int mcFull = inPlace ? mc - mc % MR : 0;
                    if (mcFull < mc) {
                        GemmPacking.packA(ap, a, aOff, lda, transA, ic + mcFull, pc, mc - mcFull, kc);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        int cCol = cOff + jc + jr;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int cIdx = cCol + (ic + ir) * ldc;
                            if (ir < mcFull) {
                                int aIdx = aOff + (ic + ir) * lda + pc;
                                if (cols == NR && betaBlock == 0f) {
                                    inPlaceTile(kc, a, aIdx, lda, bp, jr * kc, c, cIdx, ldc);
                                } else {
                                    inPlaceTile(kc, a, aIdx, lda, bp, jr * kc, tile, 0, NR);
                                    merge(tile, c, cIdx, ldc, rows, cols, 1f, betaBlock);
                                }
                                continue;
                            }
                            int aStrip = (ir - mcFull) * kc;
                            if (rows == MR && cols == NR && betaBlock == 0f) {
                                VectorGemmKernel.tilePacked(kc, ap, aStrip, bp, jr * kc, c, cIdx, ldc, alpha);
                            } else if (rows == MR && cols == NR) {
                                VectorGemmKernel.tilePacked(kc, ap, aStrip, bp, jr * kc, tile, 0, NR, alpha);
                                VectorGemmKernel.addTile(tile, c, cIdx, ldc, MR, betaBlock);
                            } else {
                                VectorGemmKernel.tilePacked(kc, ap, aStrip, bp, jr * kc, tile, 0, NR, 1f);
                                VectorGemmKernel.mergeEdge(tile, c, cIdx, ldc, rows, cols, alpha, betaBlock);
                            }
                        }
                    }
                }
            }
        }
    }

    /** MR rows of A read in place (row r at aIdx + r·lda) times one packed B panel into d (α = 1, no bias). */
    private static void inPlaceTile(int kc, float[] a, int aIdx, int lda, float[] bp, int bIdx, float[] d, int dIdx,
                                    int ldd) {
        if (MR == 8) {
            VectorGemmFused.tile8(kc, a, aIdx, lda, bp, bIdx, d, dIdx, ldd, null, 0, false);
        } else {
            VectorGemmFused.tile4(kc, a, aIdx, lda, bp, bIdx, d, dIdx, ldd, null, 0, false);
        }
    }

    /** A tile computed into scratch (α already applied) merged into C: whole tiles by addTile, edges by mergeEdge. */
    private static void merge(float[] tile, float[] c, int cIdx, int ldc, int rows, int cols, float alpha,
                              float beta) {
        if (cols == NR && beta != 0f) {
            VectorGemmKernel.addTile(tile, c, cIdx, ldc, rows, beta);
        } else {
            VectorGemmKernel.mergeEdge(tile, c, cIdx, ldc, rows, cols, alpha, beta);
        }
    }

    /**
     * Small shapes, B not transposed: interior tiles read A (through its strides) and B's rows where they
     * lie; only the ragged last strip of rows (MR × k) and panel of columns (k × NR) are packed, zero-padded.
     */
    private static void unpacked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                                 float[] b, int bOff, int ldb, int m, int n, int k, float alpha, float beta) {
        int acs = transA ? lda : 1;
        int ars = transA ? 1 : lda;
        Scratch s = SCRATCH.get();
        float[] tile = s.tile;
        int mFull = m - m % SMALL_MR;
        int nFull = n - n % NR;
        float[] ap = null;
        float[] bp = null;
        if (mFull < m) {
            ap = s.a(MR * k);
            GemmPacking.packA(ap, a, aOff, lda, transA, mFull, 0, m - mFull, k); // one MR strip, < 4 rows used
        }
        if (nFull < n) {
            bp = s.b(NR * k);
            GemmPacking.packB(bp, b, bOff, ldb, false, 0, nFull, k, n - nFull);
        }
        for (int i = 0; i < m; i += SMALL_MR) {
            boolean fullRows = i < mFull;
            float[] as = fullRows ? a : ap;
            int aIdx = fullRows ? aOff + i * ars : 0;
            int rs = fullRows ? ars : 1;
            int cs = fullRows ? acs : MR;
            for (int j = 0; j < n; j += NR) {
                int cIdx = cOff + i * ldc + j;
                if (j < nFull) {
                    if (fullRows && beta == 0f) {
                        VectorGemmKernel.tile(k, as, aIdx, rs, cs, b, bOff + j, ldb, c, cIdx, ldc, alpha);
                    } else if (fullRows) {
                        VectorGemmKernel.tile(k, as, aIdx, rs, cs, b, bOff + j, ldb, tile, 0, NR, alpha);
                        VectorGemmKernel.addTile(tile, c, cIdx, ldc, SMALL_MR, beta);
                    } else {
                        VectorGemmKernel.tile(k, as, aIdx, rs, cs, b, bOff + j, ldb, tile, 0, NR, 1f);
                        VectorGemmKernel.mergeEdge(tile, c, cIdx, ldc, m - i, NR, alpha, beta);
                    }
                } else {
                    VectorGemmKernel.tile(k, as, aIdx, rs, cs, bp, 0, NR, tile, 0, NR, 1f);
                    VectorGemmKernel.mergeEdge(tile, c, cIdx, ldc, Math.min(SMALL_MR, m - i), n - j, alpha, beta);
                }
            }
        }
    }

    /**
     * Fewer columns than a vector (n = 2 for a two-class output): a row tile would be mostly padding, so each
     * entry is a dot product of a row of A with a column of op(B), both contiguous (op(B)ᵀ is B itself when
     * transB, otherwise copied once into n × k scratch).
     */
    private static void tinyN(float[] c, int cOff, int ldc, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, boolean transB, int m, int n, int k,
                              float alpha, float beta) {
        // op(B) packed once as a narrow panel, so the fused kernels' narrow rows compute the products, as at
        // inference (VectorGemmPacked.narrow): each output one fma chain over p in order, several rows at once
        // to hide the fma latency.
        float[] bp = SCRATCH.get().b(k * L);
        GemmPacking.packNarrowB(bp, b, bOff, ldb, transB, k, n);
        float[] t = VectorGemmPacked.SCRATCH.get();
        for (int i = 0; i < m; ) {
            int rows = VectorGemmPacked.narrowRows(k, a, aOff + i * lda, lda, bp, m - i, t);
            putRows(t, c, cOff + i * ldc, ldc, rows, n, alpha, beta);
            i += rows;
        }
    }

    /** C rows = α·t + β·C for the first n columns of t's rows (L floats apart); β = 0: C not read. */
    private static void putRows(float[] t, float[] c, int cIdx, int ldc, int rows, int n, float alpha, float beta) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                VectorGemmSmall.put(c, cIdx + r * ldc + j, t[r * L + j], alpha, beta);
            }
        }
    }

    /** C ·= β with β = 0 writing zeros without reading C (BLAS semantics: NaN in C does not survive). */
    private static void scale(float[] c, int cOff, int ldc, int m, int n, float beta) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
