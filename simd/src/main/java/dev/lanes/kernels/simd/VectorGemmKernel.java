package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM micro-kernels: one MR × NR tile (MR rows × 2 vectors: 4 × 16 floats on AVX2, 8 × 32 on AVX-512)
 * accumulated in 2·MR vector registers over a whole k block, then written once as α·acc to a destination (C itself when β = 0,
 * otherwise a scratch tile that {@link #addTile} or {@link #mergeEdge} folds into C).
 *
 * <p>Register budget on AVX2 (16 ymm): 8 accumulators + 2 B vectors + 4 broadcast A values = 14, checked in
 * C2's code for {@link #tilePacked} (C2 hoists all of a step's broadcasts above its fmas, so a 5-row tile
 * needs 10 + 2 + 5 = 17 and spills one accumulator through the stack every step; measured at a third of the
 * 4-row speed, see docs/gemm.md).
 *
 * <p>No method here passes a vector to another method of ours: C2 inlines a call that takes vectors only if
 * its node budget allows, and when it does not (NodeCountInliningCutoff, decided by the profile at compile
 * time) every accumulator is boxed on the heap. The old epilogue was such a call, and that was the cause of
 * the 26-vs-70 GFLOPS forks on 256×784×128. Hence the epilogue is inlined by hand and kept branch-free.
 *
 * <p>Operands are addressed by strides so the same loop runs on packed and on unpacked data:
 * op(A)[r, p] = a[aIdx + r·ars + p·acs] and op(B)[p, v·L ..] = b[bIdx + p·bs + v·L ..]. Packed data uses
 * ars = 1, acs = MR, bs = NR; the small-shape path passes A's and B's own leading dimensions.
 */
final class VectorGemmKernel {

    private VectorGemmKernel() {}

    /**
     * Rows of a packed tile, from the register file of the width in use: 8 at 16 lanes, where AVX-512's 32
     * registers hold 16 accumulators, 2 B vectors and the broadcasts ({@link #tilePacked8}: twice the fmas per
     * B load of the 4-row tile); 4 at 4 and 8 lanes (16 registers, see above).
     */
    static final int MR = L >= 16 ? 8 : 4;

    /** Rows of the strided tile ({@link #tile}), which the small-shape path runs at every width. */
    static final int SMALL_MR = 4;

    /** The packed tile for this width's MR: {@link #tilePacked8} or {@link #tilePacked4}. */
    static void tilePacked(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] d, int dIdx, int ldd,
                           float alpha) {
        if (MR == 8) {
            tilePacked8(kc, a, aIdx, b, bIdx, d, dIdx, ldd, alpha);
        } else {
            tilePacked4(kc, a, aIdx, b, bIdx, d, dIdx, ldd, alpha);
        }
    }
    /** Columns of a tile: two vectors. */
    static final int NR = 2 * L;

    /**
     * d[0..MR, 0..NR) at dIdx (leading dimension ldd) = α·Σ_{p<kc} op(A)[r, p]·op(B)[p, j], packed operands
     * (A strip p-major with MR values per p, B panel with NR values per p). With constant strides every index
     * is linear in p, so C2 hoists the bounds checks out of the loop.
     */
    static void tilePacked4(int kc, float[] a, int aIdx, float[] b, int bIdx,
                            float[] d, int dIdx, int ldd, float alpha) {
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
        FloatVector va = FloatVector.broadcast(F, alpha);
        c00.mul(va).intoArray(d, dIdx);
        c01.mul(va).intoArray(d, dIdx + L);
        c10.mul(va).intoArray(d, dIdx + ldd);
        c11.mul(va).intoArray(d, dIdx + ldd + L);
        c20.mul(va).intoArray(d, dIdx + 2 * ldd);
        c21.mul(va).intoArray(d, dIdx + 2 * ldd + L);
        c30.mul(va).intoArray(d, dIdx + 3 * ldd);
        c31.mul(va).intoArray(d, dIdx + 3 * ldd + L);
    }

    /** {@link #tilePacked4} for 8-row strips (MR = 8 at 16 lanes): 16 accumulators. */
    static void tilePacked8(int kc, float[] a, int aIdx, float[] b, int bIdx,
                            float[] d, int dIdx, int ldd, float alpha) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 8;
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
            av = FloatVector.broadcast(F, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(F, a[ai + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(F, a[ai + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        FloatVector va = FloatVector.broadcast(F, alpha);
        c00.mul(va).intoArray(d, dIdx);
        c01.mul(va).intoArray(d, dIdx + L);
        c10.mul(va).intoArray(d, dIdx + ldd);
        c11.mul(va).intoArray(d, dIdx + ldd + L);
        c20.mul(va).intoArray(d, dIdx + 2 * ldd);
        c21.mul(va).intoArray(d, dIdx + 2 * ldd + L);
        c30.mul(va).intoArray(d, dIdx + 3 * ldd);
        c31.mul(va).intoArray(d, dIdx + 3 * ldd + L);
        c40.mul(va).intoArray(d, dIdx + 4 * ldd);
        c41.mul(va).intoArray(d, dIdx + 4 * ldd + L);
        c50.mul(va).intoArray(d, dIdx + 5 * ldd);
        c51.mul(va).intoArray(d, dIdx + 5 * ldd + L);
        c60.mul(va).intoArray(d, dIdx + 6 * ldd);
        c61.mul(va).intoArray(d, dIdx + 6 * ldd + L);
        c70.mul(va).intoArray(d, dIdx + 7 * ldd);
        c71.mul(va).intoArray(d, dIdx + 7 * ldd + L);
    }

    /** The strided form of {@link #tilePacked}, for operands read where they lie (small shapes only). */
    static void tile(int kc, float[] a, int aIdx, int ars, int acs, float[] b, int bIdx, int bs,
                     float[] d, int dIdx, int ldd, float alpha) {
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
        FloatVector va = FloatVector.broadcast(F, alpha);
        c00.mul(va).intoArray(d, dIdx);
        c01.mul(va).intoArray(d, dIdx + L);
        c10.mul(va).intoArray(d, dIdx + ldd);
        c11.mul(va).intoArray(d, dIdx + ldd + L);
        c20.mul(va).intoArray(d, dIdx + 2 * ldd);
        c21.mul(va).intoArray(d, dIdx + 2 * ldd + L);
        c30.mul(va).intoArray(d, dIdx + 3 * ldd);
        c31.mul(va).intoArray(d, dIdx + 3 * ldd + L);
    }

    /**
     * C[0..rows, 0..NR) at cIdx = β·C + tile for β ≠ 0, one fma per element: round(β·c + round(α·acc)), the
     * same value the old fused epilogue produced (β = 1: fma(c, 1, t) is exactly c + t).
     */
    static void addTile(float[] tile, float[] c, int cIdx, int ldc, int rows, float beta) {
        FloatVector vb = FloatVector.broadcast(F, beta);
        for (int r = 0; r < rows; r++) {
            int ci = cIdx + r * ldc;
            int t = r * NR;
            for (int v = 0; v < NR; v += L) {
                FloatVector.fromArray(F, c, ci + v).fma(vb, FloatVector.fromArray(F, tile, t + v))
                        .intoArray(c, ci + v);
            }
        }
    }

    /**
     * Edge tile: the first rows × cols of an MR × NR tile computed into {@code tile} (α = 1), merged into C
     * here with the same rounding as {@link #addTile}. The zero-padded packed operands make the padding lanes
     * harmless.
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
