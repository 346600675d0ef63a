package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.MR;
import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Packing for the blocked GEMM. Transposition is resolved here, once per element, so the micro-kernel only
 * ever sees one layout:
 * <ul>
 *   <li>A block op(A)[i0 .. i0+mc, p0 .. p0+kc) → MR-row strips; strip s holds, for each p, the MR values
 *       op(A)[i0 + s·MR + r, p0 + p] contiguously at {@code s·MR·kc + p·MR + r}. Rows past mc are zero.
 *   <li>B block op(B)[p0 .. p0+kc, j0 .. j0+nc) → NR-column panels; panel t holds, for each p, the NR values
 *       op(B)[p0 + p, j0 + t·NR + j] contiguously at {@code t·NR·kc + p·NR + j}. Columns past nc are zero.
 * </ul>
 * The zero padding lets edge tiles run the same full-width micro-kernel; their results go through a scratch
 * tile and only the valid part reaches C.
 *
 * <p>Two of the four cases are transposes: A row-major (MR rows interleaved, an MR × MR block transpose per MR
 * values of p, in scalar moves) and Bᵀ (each row of B is a column of the panel, an L × L block transpose in
 * registers at 4, 8 or 16 lanes, see {@link Transposes}). Aᵀ is a plain copy of MR contiguous floats per p, done row by row
 * of Aᵀ so that each source line is read once. Measured per float in docs/gemm.md.
 */
final class GemmPacking {

    private GemmPacking() {}

    /** Rows of Aᵀ per chunk in {@link #packAt}. */
    private static final int PCHUNK = 16;

    // A's groups of MR floats (4, or 8 at 16 lanes) are moved as scalars, not with a narrower species: one
    // species only (see VectorShapes). Packing A is ~3 % of a call.

    /** Packs op(A)[i0.., p0..] (mc × kc) into strips; A is (m, k) at aOff, or (k, m) when transA. */
    static void packA(float[] dst, float[] a, int aOff, int lda, boolean transA, int i0, int p0, int mc, int kc) {
        if (transA) {
            packAt(dst, a, aOff, lda, i0, p0, mc, kc);
            return;
        }
        for (int s = 0; s < mc; s += MR) {
            int rows = Math.min(MR, mc - s);
            int base = s * kc;
            int p = 0;
            if (rows == MR) {
                int src = aOff + (i0 + s) * lda + p0;
                for (; p + MR <= kc; p += MR) {
                    interleaveRows(a, src + p, lda, dst, base + p * MR);
                }
            }
            // op(A)[i, p] = A[i, p]: read the rows side by side, interleave them.
            for (int r = 0; r < MR; r++) {
                int src = aOff + (i0 + s + r) * lda + p0;
                for (int q = p; q < kc; q++) {
                    dst[base + q * MR + r] = r < rows ? a[src + q] : 0f;
                }
            }
        }
    }

    /**
     * Aᵀ: op(A)[i, p] = A[p, i], so row p of A holds p's values of every strip, MR contiguous floats each.
     * Walked in chunks of PCHUNK rows of A, strip by strip inside a chunk: a chunk's source lines stay in L1,
     * and each strip receives a contiguous run (strip-major order re-reads every source line once per strip;
     * row-major order writes to all strips at once, kc·MR·4 B apart, i.e. into one L1 set when that is a
     * multiple of 4 KiB).
     */
    private static void packAt(float[] dst, float[] a, int aOff, int lda, int i0, int p0, int mc, int kc) {
        int full = mc - mc % MR;
        for (int pb = 0; pb < kc; pb += PCHUNK) {
            int pe = Math.min(kc, pb + PCHUNK);
            for (int s = 0; s < full; s += MR) {
                int src = aOff + (p0 + pb) * lda + i0 + s;
                for (int p = pb; p < pe; p++, src += lda) {
                    System.arraycopy(a, src, dst, s * kc + p * MR, MR);
                }
            }
            if (full < mc) {
                for (int p = pb; p < pe; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + full;
                    int d = full * kc + p * MR;
                    for (int r = 0; r < MR; r++) {
                        dst[d + r] = full + r < mc ? a[src + r] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs a narrow op(B) (k × n, n &lt; L) as one panel of k rows of L floats, zero past column n; B is (k, n)
     * at bOff, or (n, k) when transB.
     */
    static void packNarrowB(float[] dst, float[] b, int bOff, int ldb, boolean transB, int k, int n) {
        for (int p = 0; p < k; p++) {
            int row = p * L;
            for (int j = 0; j < n; j++) {
                dst[row + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
            Arrays.fill(dst, row + n, row + L, 0f);
        }
    }

    /** Packs op(B)[p0.., j0..] (kc × nc) into panels; B is (k, n) at bOff, or (n, k) when transB. */
    static void packB(float[] dst, float[] b, int bOff, int ldb, boolean transB, int p0, int j0, int kc, int nc) {
        for (int t = 0; t < nc; t += NR) {
            int cols = Math.min(NR, nc - t);
            int base = t * kc;
            if (!transB && cols == NR) {
                int src = bOff + p0 * ldb + j0 + t;
                for (int p = 0; p < kc; p++, src += ldb) {
                    int d = base + p * NR;
                    for (int v = 0; v < NR; v += L) {
                        FloatVector.fromArray(F, b, src + v).intoArray(dst, d + v);
                    }
                }
            } else if (!transB) {
                int src = bOff + p0 * ldb + j0 + t;
                for (int p = 0; p < kc; p++, src += ldb) {
                    int d = base + p * NR;
                    for (int j = 0; j < cols; j++) {
                        dst[d + j] = b[src + j];
                    }
                    for (int j = cols; j < NR; j++) {
                        dst[d + j] = 0f;
                    }
                }
            } else {
                // op(B)[p, j] = B[j, p]: each row of B is a contiguous column of the panel.
                int p = 0;
                if (cols == NR) {
                    int src = bOff + (j0 + t) * ldb + p0;
                    for (; p + L <= kc; p += L) {
                        for (int h = 0; h < NR; h += L) {
                            transpose(b, src + h * ldb + p, ldb, dst, base + p * NR + h, NR);
                        }
                    }
                }
                for (int j = 0; j < NR; j++) {
                    int src = bOff + (j0 + t + j) * ldb + p0;
                    for (int q = p; q < kc; q++) {
                        dst[base + q * NR + j] = j < cols ? b[src + q] : 0f;
                    }
                }
            }
        }
    }

    /** dst[d + q·MR + r] = src[s + r·lds + q] for r, q &lt; MR: MR rows of A become MR interleaved groups. */
    private static void interleaveRows(float[] src, int s, int lds, float[] dst, int d) {
        for (int r = 0; r < MR; r++) {
            int row = s + r * lds;
            for (int q = 0; q < MR; q++) {
                dst[d + q * MR + r] = src[row + q];
            }
        }
    }

    /** dst[d + q·ldd + r] = src[s + r·lds + q] for r, q &lt; L, in registers ({@link Transposes}). */
    private static void transpose(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        if (L == 4) {
            Transposes.transpose4(src, s, lds, dst, d, ldd);
        } else if (L == 8) {
            Transposes.transpose8(src, s, lds, dst, d, ldd);
        } else {
            Transposes.transpose16(src, s, lds, dst, d, ldd); // VectorKernels accepts 4 to 16 lanes
        }
    }
}
