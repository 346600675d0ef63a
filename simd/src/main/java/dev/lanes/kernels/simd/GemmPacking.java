package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.MR;
import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

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
 */
final class GemmPacking {

    private GemmPacking() {}

    /** Packs op(A)[i0.., p0..] (mc × kc) into strips; A is (m, k) at aOff, or (k, m) when transA. */
    static void packA(float[] dst, float[] a, int aOff, int lda, boolean transA, int i0, int p0, int mc, int kc) {
        for (int s = 0; s < mc; s += MR) {
            int rows = Math.min(MR, mc - s);
            int base = s * kc;
            if (transA) {
                // op(A)[i, p] = A[p, i]: MR consecutive floats of row p of A.
                int src = aOff + p0 * lda + i0 + s;
                for (int p = 0; p < kc; p++, src += lda) {
                    int d = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                // op(A)[i, p] = A[i, p]: read MR rows side by side, interleave them.
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + s + r) * lda + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = 0f;
                        }
                    }
                }
            }
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
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = bOff + (j0 + t + j) * ldb + p0;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = 0f;
                        }
                    }
                }
            }
        }
    }
}
