package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM micro-kernel: one MR × NR tile of C (4 rows × 2 vectors; 4 × 16 floats on AVX2) accumulated in
 * eight vector registers over a whole k range, then written once: C = α·acc + β·C (β = 0: C not read).
 *
 * <p>Register budget on AVX2 (16 ymm): 8 accumulators + 2 B vectors + 1 broadcast A value = 11, checked in
 * C2's code for {@link #tilePacked}. A 6-row tile (12 + 3) fits on paper but was reported to spill around
 * the epilogue at half speed; see docs/gemm.md for how to check after changing these methods.
 *
 * <p>Operands are addressed by strides so the same loop runs on packed and on unpacked data:
 * op(A)[r, p] = a[aIdx + r·ars + p·acs] and op(B)[p, v·L ..] = b[bIdx + p·bs + v·L ..]. Packed data uses
 * ars = 1, acs = MR, bs = NR; the small-shape path passes A's and B's own leading dimensions.
 */
final class VectorGemmKernel {

    private VectorGemmKernel() {}

    /** Rows of a tile. */
    static final int MR = 4;
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;

    /** C[0..MR, 0..NR) at cIdx (leading dimension ldc) = α·Σ_{p<kc} op(A)[r, p]·op(B)[p, j] + β·C. */
    static void tile(int kc, float[] a, int aIdx, int ars, int acs, float[] b, int bIdx, int bs,
                     float[] c, int cIdx, int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        int a1 = ars, a2 = 2 * ars, a3 = 3 * ars;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, b, bIdx);
            FloatVector b1 = FloatVector.fromArray(F, b, bIdx + L);
            FloatVector av = FloatVector.broadcast(F, a[aIdx]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[aIdx + a1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[aIdx + a2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[aIdx + a3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            aIdx += acs;
            bIdx += bs;
        }
        store(c, cIdx, c00, c01, alpha, beta);
        store(c, cIdx + ldc, c10, c11, alpha, beta);
        store(c, cIdx + 2 * ldc, c20, c21, alpha, beta);
        store(c, cIdx + 3 * ldc, c30, c31, alpha, beta);
    }

    /**
     * The packed form of {@link #tile} (ars = 1, acs = MR, bs = NR as constants): with constant strides the
     * indices are linear in p, so C2 hoists the bounds checks out of the loop and unrolls it.
     */
    static void tilePacked(int kc, float[] a, int aIdx, float[] b, int bIdx,
                           float[] c, int cIdx, int ldc, float alpha, float beta) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * MR;
            int bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        store(c, cIdx, c00, c01, alpha, beta);
        store(c, cIdx + ldc, c10, c11, alpha, beta);
        store(c, cIdx + 2 * ldc, c20, c21, alpha, beta);
        store(c, cIdx + 3 * ldc, c30, c31, alpha, beta);
    }

    /** One tile row: c[idx .. idx+NR) = α·(v0, v1) + β·c. */
    static void store(float[] c, int idx, FloatVector v0, FloatVector v1, float alpha, float beta) {
        FloatVector r0 = v0.mul(alpha);
        FloatVector r1 = v1.mul(alpha);
        if (beta == 1f) {
            r0 = r0.add(FloatVector.fromArray(F, c, idx));
            r1 = r1.add(FloatVector.fromArray(F, c, idx + L));
        } else if (beta != 0f) {
            r0 = FloatVector.fromArray(F, c, idx).fma(FloatVector.broadcast(F, beta), r0);
            r1 = FloatVector.fromArray(F, c, idx + L).fma(FloatVector.broadcast(F, beta), r1);
        }
        r0.intoArray(c, idx);
        r1.intoArray(c, idx + L);
    }

    /**
     * Edge tile: the first rows × cols of an MR × NR tile computed into {@code tile} (α = 1, β = 0), merged
     * into C here. The zero-padded packed operands make the padding lanes harmless.
     */
    static void mergeEdge(float[] tile, float[] c, int cIdx, int ldc, int rows, int cols, float alpha, float beta) {
        for (int r = 0; r < rows; r++) {
            int t = r * NR;
            int ci = cIdx + r * ldc;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] = alpha * tile[t + j];
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    c[ci + j] = Math.fma(beta, c[ci + j], alpha * tile[t + j]);
                }
            }
        }
    }
}
