package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;

/**
 * The micro-kernels of {@link VectorGemmPacked}: R rows of A, read where they lie (row r at aIdx + r·lda),
 * against one packed panel of B (NR = 2L columns, NR values per p), accumulated over the whole depth k in
 * 2R registers, then, still in registers, + bias and ReLU, and one store. Each is written out in one method:
 * passing the accumulators to a helper would box them when C2 does not inline it (see VectorShapes).
 *
 * <p>{@link #tile8} (16 accumulators) is for 16-lane species, where 32 vector registers hold them with the two
 * B vectors and the broadcasts; {@link #tile4} (8 accumulators, 14 registers in all) for narrower ones, whose
 * 16 registers 8 rows would overflow (see VectorGemmKernel). Reading A in place instead of packing it was
 * measured as fast for this kernel (8 rows × 2 vectors, 16 lanes, k = 784: 236 against 237 GFLOPS with
 * packed A, a timing loop over 32 × 128 outputs) and saves the copy of A on every call.
 *
 * <p>Each output is one sequential fma chain over p, then + bias (one rounding), then the epilogue (exact).
 */
final class VectorGemmFused {

    private VectorGemmFused() {}

    /** C[0..4, 0..NR) at cIdx = epilogue(A[0..4, 0..k)·panel + bias[biasIdx ..]); bias may be null. */
    static void tile4(int k, float[] a, int aIdx, int lda, float[] b, int bIdx, float[] c, int cIdx, int ldc,
                      float[] bias, int biasIdx, boolean relu) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        int a0 = aIdx;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int p = 0; p < k; p++) {
            int bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector av = FloatVector.broadcast(F, a[a0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        if (bias != null) {
            FloatVector b0 = FloatVector.fromArray(F, bias, biasIdx);
            FloatVector b1 = FloatVector.fromArray(F, bias, biasIdx + L);
            c00 = c00.add(b0);
            c01 = c01.add(b1);
            c10 = c10.add(b0);
            c11 = c11.add(b1);
            c20 = c20.add(b0);
            c21 = c21.add(b1);
            c30 = c30.add(b0);
            c31 = c31.add(b1);
        }
        if (relu) { // lanewise MAX is Math.max: NaN stays NaN, −0.0 becomes +0.0
            c00 = c00.max(0f);
            c01 = c01.max(0f);
            c10 = c10.max(0f);
            c11 = c11.max(0f);
            c20 = c20.max(0f);
            c21 = c21.max(0f);
            c30 = c30.max(0f);
            c31 = c31.max(0f);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + L);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + L);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + L);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + L);
    }

    /** As {@link #tile4} for 8 rows: twice the fmas per B load and twice the independent chains. */
    static void tile8(int k, float[] a, int aIdx, int lda, float[] b, int bIdx, float[] c, int cIdx, int ldc,
                      float[] bias, int biasIdx, boolean relu) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F);
        FloatVector c60 = FloatVector.zero(F), c61 = FloatVector.zero(F);
        FloatVector c70 = FloatVector.zero(F), c71 = FloatVector.zero(F);
        int a0 = aIdx;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        for (int p = 0; p < k; p++) {
            int bi = bIdx + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector av = FloatVector.broadcast(F, a[a0 + p]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(F, a[a1 + p]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(F, a[a2 + p]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(F, a[a3 + p]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(F, a[a4 + p]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(F, a[a5 + p]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(F, a[a6 + p]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(F, a[a7 + p]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        if (bias != null) {
            FloatVector b0 = FloatVector.fromArray(F, bias, biasIdx);
            FloatVector b1 = FloatVector.fromArray(F, bias, biasIdx + L);
            c00 = c00.add(b0);
            c01 = c01.add(b1);
            c10 = c10.add(b0);
            c11 = c11.add(b1);
            c20 = c20.add(b0);
            c21 = c21.add(b1);
            c30 = c30.add(b0);
            c31 = c31.add(b1);
            c40 = c40.add(b0);
            c41 = c41.add(b1);
            c50 = c50.add(b0);
            c51 = c51.add(b1);
            c60 = c60.add(b0);
            c61 = c61.add(b1);
            c70 = c70.add(b0);
            c71 = c71.add(b1);
        }
        if (relu) { // lanewise MAX is Math.max: NaN stays NaN, −0.0 becomes +0.0
            c00 = c00.max(0f);
            c01 = c01.max(0f);
            c10 = c10.max(0f);
            c11 = c11.max(0f);
            c20 = c20.max(0f);
            c21 = c21.max(0f);
            c30 = c30.max(0f);
            c31 = c31.max(0f);
            c40 = c40.max(0f);
            c41 = c41.max(0f);
            c50 = c50.max(0f);
            c51 = c51.max(0f);
            c60 = c60.max(0f);
            c61 = c61.max(0f);
            c70 = c70.max(0f);
            c71 = c71.max(0f);
        }
        c00.intoArray(c, cIdx);
        c01.intoArray(c, cIdx + L);
        c10.intoArray(c, cIdx + ldc);
        c11.intoArray(c, cIdx + ldc + L);
        c20.intoArray(c, cIdx + 2 * ldc);
        c21.intoArray(c, cIdx + 2 * ldc + L);
        c30.intoArray(c, cIdx + 3 * ldc);
        c31.intoArray(c, cIdx + 3 * ldc + L);
        c40.intoArray(c, cIdx + 4 * ldc);
        c41.intoArray(c, cIdx + 4 * ldc + L);
        c50.intoArray(c, cIdx + 5 * ldc);
        c51.intoArray(c, cIdx + 5 * ldc + L);
        c60.intoArray(c, cIdx + 6 * ldc);
        c61.intoArray(c, cIdx + 6 * ldc + L);
        c70.intoArray(c, cIdx + 7 * ldc);
        c71.intoArray(c, cIdx + 7 * ldc + L);
    }

    /**
     * R rows of A against a narrow B (n &lt; L columns packed as one zero-padded L-wide panel, L values per
     * p): R accumulators of one vector each, raw sums into t (R × L), whose first n columns the caller
     * finishes with + bias and the epilogue. A's rows are read in place, as in {@link #tile4}.
     */
    static void narrow4(int k, float[] a, int aIdx, int lda, float[] b, float[] t) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        int a0 = aIdx;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(F, b, p * L);
            s0 = FloatVector.broadcast(F, a[a0 + p]).fma(bv, s0);
            s1 = FloatVector.broadcast(F, a[a1 + p]).fma(bv, s1);
            s2 = FloatVector.broadcast(F, a[a2 + p]).fma(bv, s2);
            s3 = FloatVector.broadcast(F, a[a3 + p]).fma(bv, s3);
        }
        s0.intoArray(t, 0);
        s1.intoArray(t, 1 * L);
        s2.intoArray(t, 2 * L);
        s3.intoArray(t, 3 * L);
    }

    /** As {@link #narrow4} for 8 rows (16 lanes). */
    static void narrow8(int k, float[] a, int aIdx, int lda, float[] b, float[] t) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        FloatVector s4 = FloatVector.zero(F);
        FloatVector s5 = FloatVector.zero(F);
        FloatVector s6 = FloatVector.zero(F);
        FloatVector s7 = FloatVector.zero(F);
        int a0 = aIdx;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(F, b, p * L);
            s0 = FloatVector.broadcast(F, a[a0 + p]).fma(bv, s0);
            s1 = FloatVector.broadcast(F, a[a1 + p]).fma(bv, s1);
            s2 = FloatVector.broadcast(F, a[a2 + p]).fma(bv, s2);
            s3 = FloatVector.broadcast(F, a[a3 + p]).fma(bv, s3);
            s4 = FloatVector.broadcast(F, a[a4 + p]).fma(bv, s4);
            s5 = FloatVector.broadcast(F, a[a5 + p]).fma(bv, s5);
            s6 = FloatVector.broadcast(F, a[a6 + p]).fma(bv, s6);
            s7 = FloatVector.broadcast(F, a[a7 + p]).fma(bv, s7);
        }
        s0.intoArray(t, 0);
        s1.intoArray(t, 1 * L);
        s2.intoArray(t, 2 * L);
        s3.intoArray(t, 3 * L);
        s4.intoArray(t, 4 * L);
        s5.intoArray(t, 5 * L);
        s6.intoArray(t, 6 * L);
        s7.intoArray(t, 7 * L);
    }

    /** As {@link #narrow4} for one row. */
    static void narrow1(int k, float[] a, int aIdx, float[] b, float[] t) {
        FloatVector s0 = FloatVector.zero(F);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(F, b, p * L);
            s0 = FloatVector.broadcast(F, a[aIdx + p]).fma(bv, s0);
        }
        s0.intoArray(t, 0);
    }
}
