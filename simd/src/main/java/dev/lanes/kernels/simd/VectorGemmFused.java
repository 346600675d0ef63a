package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.MR;
import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;

/**
 * The packed micro-kernel with the dense layer's epilogue: one MR × NR tile accumulated over a k block as in
 * {@link VectorGemmKernel#tilePacked}, then, still in registers, + C (a later k block), + bias and ReLU (the
 * last block), and one store. Written out in one method: passing the accumulators to a helper would box them
 * when C2 does not inline it (see VectorShapes).
 */
final class VectorGemmFused {

    private VectorGemmFused() {}

    /**
     * C[0..MR, 0..NR) at cIdx (leading dimension ldc) = epilogue(Σ_{p<kc} A[r, p]·B[p, j] (+ C when not first)
     * (+ bias[biasIdx + j] when last)), ReLU when last and relu. A: a packed strip (MR values per p); B: a
     * packed panel (NR values per p).
     */
    static void tile(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] c, int cIdx, int ldc,
                     boolean first, boolean last, float[] bias, int biasIdx, boolean relu) {
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
        int r1 = cIdx + ldc;
        int r2 = cIdx + 2 * ldc;
        int r3 = cIdx + 3 * ldc;
        if (!first) { // C + acc, as the unfused GEMM's later k blocks add
            c00 = FloatVector.fromArray(F, c, cIdx).add(c00);
            c01 = FloatVector.fromArray(F, c, cIdx + L).add(c01);
            c10 = FloatVector.fromArray(F, c, r1).add(c10);
            c11 = FloatVector.fromArray(F, c, r1 + L).add(c11);
            c20 = FloatVector.fromArray(F, c, r2).add(c20);
            c21 = FloatVector.fromArray(F, c, r2 + L).add(c21);
            c30 = FloatVector.fromArray(F, c, r3).add(c30);
            c31 = FloatVector.fromArray(F, c, r3 + L).add(c31);
        }
        if (last && bias != null) {
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
        if (last && relu) { // lanewise MAX is Math.max: NaN stays NaN, −0.0 becomes +0.0
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
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }
}
