package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.MR;
import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

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
 * <p>Two of the four cases are transposes: A row-major (MR rows interleaved, a 4 × 4 block transpose per 4
 * values of p, in scalar moves) and Bᵀ (each row of B is a column of the panel, an 8 × 8 block transpose on
 * 8-lane species). The 8 × 8 transpose works in registers with a butterfly of constant {@code rearrange}s (vpermps)
 * and {@code blend}s (vblendps): stage d swaps bit d of the row index with bit d of the lane index, so
 * log2(width) stages give the transpose. Aᵀ is a plain copy of MR contiguous floats per p, done row by row
 * of Aᵀ so that each source line is read once. Measured per float in docs/gemm.md.
 */
final class GemmPacking {

    private GemmPacking() {}

    /** Rows of Aᵀ per chunk in {@link #packAt}. */
    private static final int PCHUNK = 16;

    // A's groups of MR = 4 floats are moved as scalars, not with a 4-lane species: one species only (see
    // VectorShapes). Packing A is ~3 % of a call.

    // Butterfly constants: UPd[j] = j − d and DOWNd[j] = j + d where they matter, Md = lanes with bit d set.
    private static final VectorShuffle<Float> UP1 = shuffle(F, 1, -1), DOWN1 = shuffle(F, 1, 1);
    private static final VectorShuffle<Float> UP2 = shuffle(F, 2, -1), DOWN2 = shuffle(F, 2, 1);
    private static final VectorShuffle<Float> UP4 = shuffle(F, 4, -1), DOWN4 = shuffle(F, 4, 1);
    private static final VectorMask<Float> M1 = mask(F, 1), M2 = mask(F, 2), M4 = mask(F, 4);

    /** The 8 × 8 transpose below is written for 8 lanes (AVX2); other widths take the scalar loop. */
    private static final boolean EIGHT_LANES = L == 8;

    private static VectorShuffle<Float> shuffle(VectorSpecies<Float> s, int d, int sign) {
        int n = s.length();
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            boolean bit = (j & d) != 0;
            idx[j] = sign < 0 ? (bit ? j - d : j) : (bit ? j : (j + d) % n);
        }
        return VectorShuffle.fromArray(s, idx, 0);
    }

    private static VectorMask<Float> mask(VectorSpecies<Float> s, int d) {
        boolean[] bits = new boolean[s.length()];
        for (int j = 0; j < bits.length; j++) {
            bits[j] = (j & d) != 0;
        }
        return VectorMask.fromArray(s, bits, 0);
    }

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
                    transpose4(a, src + p, lda, dst, base + p * MR);
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
                    int d = s * kc + p * MR;
                    dst[d] = a[src];
                    dst[d + 1] = a[src + 1];
                    dst[d + 2] = a[src + 2];
                    dst[d + 3] = a[src + 3];
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
                if (EIGHT_LANES && cols == NR) {
                    int src = bOff + (j0 + t) * ldb + p0;
                    for (; p + L <= kc; p += L) {
                        for (int h = 0; h < NR; h += L) {
                            transpose8(b, src + h * ldb + p, ldb, dst, base + p * NR + h, NR);
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

    /** dst[d + q·MR + r] = src[s + r·lds + q] for r, q &lt; 4: four rows of A become four interleaved groups. */
    private static void transpose4(float[] src, int s, int lds, float[] dst, int d) {
        for (int q = 0; q < MR; q++) {
            int o = d + q * MR;
            dst[o] = src[s + q];
            dst[o + 1] = src[s + lds + q];
            dst[o + 2] = src[s + 2 * lds + q];
            dst[o + 3] = src[s + 3 * lds + q];
        }
    }

    /** dst[d + q·ldd + r] = src[s + r·lds + q] for r, q < 8 (8-lane species only). */
    private static void transpose8(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(F, src, s);
        FloatVector r1 = FloatVector.fromArray(F, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(F, src, s + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(F, src, s + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(F, src, s + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(F, src, s + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(F, src, s + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(F, src, s + 7 * lds);
        FloatVector t;
        t = r0.blend(r1.rearrange(UP1), M1);
        r1 = r0.rearrange(DOWN1).blend(r1, M1);
        r0 = t;
        t = r2.blend(r3.rearrange(UP1), M1);
        r3 = r2.rearrange(DOWN1).blend(r3, M1);
        r2 = t;
        t = r4.blend(r5.rearrange(UP1), M1);
        r5 = r4.rearrange(DOWN1).blend(r5, M1);
        r4 = t;
        t = r6.blend(r7.rearrange(UP1), M1);
        r7 = r6.rearrange(DOWN1).blend(r7, M1);
        r6 = t;
        t = r0.blend(r2.rearrange(UP2), M2);
        r2 = r0.rearrange(DOWN2).blend(r2, M2);
        r0 = t;
        t = r1.blend(r3.rearrange(UP2), M2);
        r3 = r1.rearrange(DOWN2).blend(r3, M2);
        r1 = t;
        t = r4.blend(r6.rearrange(UP2), M2);
        r6 = r4.rearrange(DOWN2).blend(r6, M2);
        r4 = t;
        t = r5.blend(r7.rearrange(UP2), M2);
        r7 = r5.rearrange(DOWN2).blend(r7, M2);
        r5 = t;
        t = r0.blend(r4.rearrange(UP4), M4);
        r4 = r0.rearrange(DOWN4).blend(r4, M4);
        r0 = t;
        t = r1.blend(r5.rearrange(UP4), M4);
        r5 = r1.rearrange(DOWN4).blend(r5, M4);
        r1 = t;
        t = r2.blend(r6.rearrange(UP4), M4);
        r6 = r2.rearrange(DOWN4).blend(r6, M4);
        r2 = t;
        t = r3.blend(r7.rearrange(UP4), M4);
        r7 = r3.rearrange(DOWN4).blend(r7, M4);
        r3 = t;
        r0.intoArray(dst, d);
        r1.intoArray(dst, d + ldd);
        r2.intoArray(dst, d + 2 * ldd);
        r3.intoArray(dst, d + 3 * ldd);
        r4.intoArray(dst, d + 4 * ldd);
        r5.intoArray(dst, d + 5 * ldd);
        r6.intoArray(dst, d + 6 * ldd);
        r7.intoArray(dst, d + 7 * ldd);
    }
}
