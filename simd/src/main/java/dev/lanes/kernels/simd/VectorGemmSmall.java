package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GEMM kernels for a single row of C, which read A and B where they lie (no packing): for m = 1 (batch-1
 * inference, 1×784×128) packing B would copy k·n floats to do k·n multiply-adds.
 */
final class VectorGemmSmall {

    private VectorGemmSmall() {}

    /**
     * Row i of C = α·op(A)[i, :]·B + β·C[i, :] for B not transposed: B's rows are read as vectors and each
     * A value is broadcast. op(A)[i, p] = a[aIdx + p·acs]; C row at cIdx; B: (k, n) at bOff, ldb.
     */
    static void rowTimesB(float[] c, int cIdx, float[] a, int aIdx, int acs, float[] b, int bOff, int ldb,
                          int n, int k, float alpha, float beta) {
        int j = 0;
        // Four independent accumulators hide the fma latency; B (k × 4L) is streamed once per block.
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            int ai = aIdx;
            int bi = bOff + j;
            for (int p = 0; p < k; p++, ai += acs, bi += ldb) {
                FloatVector av = FloatVector.broadcast(F, a[ai]);
                s0 = av.fma(FloatVector.fromArray(F, b, bi), s0);
                s1 = av.fma(FloatVector.fromArray(F, b, bi + L), s1);
                s2 = av.fma(FloatVector.fromArray(F, b, bi + 2 * L), s2);
                s3 = av.fma(FloatVector.fromArray(F, b, bi + 3 * L), s3);
            }
            // Written out rather than calling a helper that takes vectors: after a deoptimisation C2 recompiled this
            // method with too few counts to find that call hot, did not inline it ("too big"), and boxed the
            // four accumulators on every k step, 13 KB per 1×64×64 call (AllocationTest). fma(C, β, s) with
            // β = 1 is C + s rounded once.
            s0 = s0.mul(alpha);
            s1 = s1.mul(alpha);
            s2 = s2.mul(alpha);
            s3 = s3.mul(alpha);
            if (beta != 0f) {
                FloatVector bv = FloatVector.broadcast(F, beta);
                s0 = FloatVector.fromArray(F, c, cIdx + j).fma(bv, s0);
                s1 = FloatVector.fromArray(F, c, cIdx + j + L).fma(bv, s1);
                s2 = FloatVector.fromArray(F, c, cIdx + j + 2 * L).fma(bv, s2);
                s3 = FloatVector.fromArray(F, c, cIdx + j + 3 * L).fma(bv, s3);
            }
            s0.intoArray(c, cIdx + j);
            s1.intoArray(c, cIdx + j + L);
            s2.intoArray(c, cIdx + j + 2 * L);
            s3.intoArray(c, cIdx + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector s = FloatVector.zero(F);
            int ai = aIdx;
            int bi = bOff + j;
            for (int p = 0; p < k; p++, ai += acs, bi += ldb) {
                s = FloatVector.broadcast(F, a[ai]).fma(FloatVector.fromArray(F, b, bi), s);
            }
            s = s.mul(alpha);
            if (beta != 0f) {
                s = FloatVector.fromArray(F, c, cIdx + j).fma(FloatVector.broadcast(F, beta), s);
            }
            s.intoArray(c, cIdx + j);
        }
        for (; j < n; j++) {
            float s = 0f;
            int ai = aIdx;
            int bi = bOff + j;
            for (int p = 0; p < k; p++, ai += acs, bi += ldb) {
                s = Math.fma(a[ai], b[bi], s);
            }
            put(c, cIdx + j, s, alpha, beta);
        }
    }

    /**
     * Row i of C = α·A[i, :]·Bᵀ + β·C[i, :] for A not transposed and B transposed: every entry is a dot
     * product of two contiguous rows. A row at aIdx; B: (n, k) at bOff, ldb.
     */
    static void rowTimesBt(float[] c, int cIdx, float[] a, int aIdx, float[] b, int bOff, int ldb,
                           int n, int k, float alpha, float beta) {
        int kv = k - k % L;
        int j = 0;
        // Four columns at once: each A vector is loaded once for four B rows.
        for (; j + 4 <= n; j += 4) {
            int b0 = bOff + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            for (int p = 0; p < kv; p += L) {
                FloatVector av = FloatVector.fromArray(F, a, aIdx + p);
                s0 = av.fma(FloatVector.fromArray(F, b, b0 + p), s0);
                s1 = av.fma(FloatVector.fromArray(F, b, b1 + p), s1);
                s2 = av.fma(FloatVector.fromArray(F, b, b2 + p), s2);
                s3 = av.fma(FloatVector.fromArray(F, b, b3 + p), s3);
            }
            float t0 = VectorShapes.sumLanes(s0), t1 = VectorShapes.sumLanes(s1);
            float t2 = VectorShapes.sumLanes(s2), t3 = VectorShapes.sumLanes(s3);
            for (int p = kv; p < k; p++) {
                float ap = a[aIdx + p];
                t0 = Math.fma(ap, b[b0 + p], t0);
                t1 = Math.fma(ap, b[b1 + p], t1);
                t2 = Math.fma(ap, b[b2 + p], t2);
                t3 = Math.fma(ap, b[b3 + p], t3);
            }
            put(c, cIdx + j, t0, alpha, beta);
            put(c, cIdx + j + 1, t1, alpha, beta);
            put(c, cIdx + j + 2, t2, alpha, beta);
            put(c, cIdx + j + 3, t3, alpha, beta);
        }
        for (; j < n; j++) {
            int bj = bOff + j * ldb;
            FloatVector s = FloatVector.zero(F);
            for (int p = 0; p < kv; p += L) {
                s = FloatVector.fromArray(F, a, aIdx + p).fma(FloatVector.fromArray(F, b, bj + p), s);
            }
            float t = VectorShapes.sumLanes(s);
            for (int p = kv; p < k; p++) {
                t = Math.fma(a[aIdx + p], b[bj + p], t);
            }
            put(c, cIdx + j, t, alpha, beta);
        }
    }

    private static void put(float[] c, int idx, float s, float alpha, float beta) {
        c[idx] = beta == 0f ? alpha * s : Math.fma(beta, c[idx], alpha * s);
    }
}
