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
        // One method per block width, each with its own C2 inlining budget: in one method the Vector-API calls
        // of all widths exceeded it, C2 stopped inlining them and boxed every vector (44 KB per 32×784×128
        // call through inference; AllocationTest). Only arrays and ints cross the calls (VectorShapes' rule).
        int j = columns8(c, cIdx, a, aIdx, acs, b, bOff, ldb, 0, n, k, alpha, beta);
        j = columns4(c, cIdx, a, aIdx, acs, b, bOff, ldb, j, n, k, alpha, beta);
        j = columns1(c, cIdx, a, aIdx, acs, b, bOff, ldb, j, n, k, alpha, beta);
        columnsScalar(c, cIdx, a, aIdx, acs, b, bOff, ldb, j, n, k, alpha, beta);
    }

    /** Columns [j, ·) in blocks of 8L. Returns the first column not done. */
    private static int columns8(float[] c, int cIdx, float[] a, int aIdx, int acs, float[] b, int bOff, int ldb,
            int j, int n, int k, float alpha, float beta) {
        // Eight independent accumulators (8L columns): an fma has 4 cycles of latency and two issue per cycle,
        // so eight chains keep both FMA units busy where four would leave half the throughput unused. With
        // the broadcast A value and one B load in flight that is 10 of the 16 AVX2 registers. B (k × 8L)
        // is streamed once per block.
        for (; j + 8 * L <= n; j += 8 * L) {
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
            FloatVector s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
            FloatVector s4 = FloatVector.zero(F), s5 = FloatVector.zero(F);
            FloatVector s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
            int ai = aIdx;
            int bi = bOff + j;
            for (int p = 0; p < k; p++, ai += acs, bi += ldb) {
                FloatVector av = FloatVector.broadcast(F, a[ai]);
                s0 = av.fma(FloatVector.fromArray(F, b, bi), s0);
                s1 = av.fma(FloatVector.fromArray(F, b, bi + L), s1);
                s2 = av.fma(FloatVector.fromArray(F, b, bi + 2 * L), s2);
                s3 = av.fma(FloatVector.fromArray(F, b, bi + 3 * L), s3);
                s4 = av.fma(FloatVector.fromArray(F, b, bi + 4 * L), s4);
                s5 = av.fma(FloatVector.fromArray(F, b, bi + 5 * L), s5);
                s6 = av.fma(FloatVector.fromArray(F, b, bi + 6 * L), s6);
                s7 = av.fma(FloatVector.fromArray(F, b, bi + 7 * L), s7);
            }
            // Written out rather than calling a helper that takes vectors: after a deoptimisation C2 recompiled
            // this method with too few counts to find that call hot, did not inline it ("too big"), and boxed
            // the accumulators on every k step, 13 KB per 1×64×64 call (AllocationTest). fma(C, β, s) with
            // β = 1 is C + s rounded once.
            if (alpha != 1f) {
                s0 = s0.mul(alpha);
                s1 = s1.mul(alpha);
                s2 = s2.mul(alpha);
                s3 = s3.mul(alpha);
                s4 = s4.mul(alpha);
                s5 = s5.mul(alpha);
                s6 = s6.mul(alpha);
                s7 = s7.mul(alpha);
            }
            if (beta != 0f) {
                FloatVector bv = FloatVector.broadcast(F, beta);
                s0 = FloatVector.fromArray(F, c, cIdx + j).fma(bv, s0);
                s1 = FloatVector.fromArray(F, c, cIdx + j + L).fma(bv, s1);
                s2 = FloatVector.fromArray(F, c, cIdx + j + 2 * L).fma(bv, s2);
                s3 = FloatVector.fromArray(F, c, cIdx + j + 3 * L).fma(bv, s3);
                s4 = FloatVector.fromArray(F, c, cIdx + j + 4 * L).fma(bv, s4);
                s5 = FloatVector.fromArray(F, c, cIdx + j + 5 * L).fma(bv, s5);
                s6 = FloatVector.fromArray(F, c, cIdx + j + 6 * L).fma(bv, s6);
                s7 = FloatVector.fromArray(F, c, cIdx + j + 7 * L).fma(bv, s7);
            }
            s0.intoArray(c, cIdx + j);
            s1.intoArray(c, cIdx + j + L);
            s2.intoArray(c, cIdx + j + 2 * L);
            s3.intoArray(c, cIdx + j + 3 * L);
            s4.intoArray(c, cIdx + j + 4 * L);
            s5.intoArray(c, cIdx + j + 5 * L);
            s6.intoArray(c, cIdx + j + 6 * L);
            s7.intoArray(c, cIdx + j + 7 * L);
        }
        return j;
    }

    /** Columns in blocks of 4L. Returns the first column not done. */
    private static int columns4(float[] c, int cIdx, float[] a, int aIdx, int acs, float[] b, int bOff, int ldb,
            int j, int n, int k, float alpha, float beta) {
        // Then four vectors (4L columns) at a time, as above with four chains.
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
        return j;
    }

    /** Columns one vector at a time. Returns the first column not done. */
    private static int columns1(float[] c, int cIdx, float[] a, int aIdx, int acs, float[] b, int bOff, int ldb,
            int j, int n, int k, float alpha, float beta) {
        // Remaining columns, one vector (then one column) at a time: there the fma latency, not the
        // throughput, bounds the loop, so even and odd p go to two chains (four for a single column).
        for (; j + L <= n; j += L) {
            FloatVector s = FloatVector.zero(F);
            FloatVector t = FloatVector.zero(F);
            int ai = aIdx;
            int bi = bOff + j;
            int p = 0;
            for (; p + 1 < k; p += 2, ai += 2 * acs, bi += 2 * ldb) {
                s = FloatVector.broadcast(F, a[ai]).fma(FloatVector.fromArray(F, b, bi), s);
                t = FloatVector.broadcast(F, a[ai + acs]).fma(FloatVector.fromArray(F, b, bi + ldb), t);
            }
            if (p < k) {
                s = FloatVector.broadcast(F, a[ai]).fma(FloatVector.fromArray(F, b, bi), s);
            }
            s = s.add(t).mul(alpha);
            if (beta != 0f) {
                s = FloatVector.fromArray(F, c, cIdx + j).fma(FloatVector.broadcast(F, beta), s);
            }
            s.intoArray(c, cIdx + j);
        }
        return j;
    }

    /** The last n mod L columns, one at a time. */
    private static void columnsScalar(float[] c, int cIdx, float[] a, int aIdx, int acs, float[] b, int bOff, int ldb,
            int j, int n, int k, float alpha, float beta) {
        for (; j < n; j++) {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int ai = aIdx;
            int bi = bOff + j;
            int p = 0;
            for (; p + 3 < k; p += 4, ai += 4 * acs, bi += 4 * ldb) {
                s0 = Math.fma(a[ai], b[bi], s0);
                s1 = Math.fma(a[ai + acs], b[bi + ldb], s1);
                s2 = Math.fma(a[ai + 2 * acs], b[bi + 2 * ldb], s2);
                s3 = Math.fma(a[ai + 3 * acs], b[bi + 3 * ldb], s3);
            }
            for (; p < k; p++, ai += acs, bi += ldb) {
                s0 = Math.fma(a[ai], b[bi], s0);
            }
            put(c, cIdx + j, (s0 + s1) + (s2 + s3), alpha, beta);
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
        // The lanes are summed from a scratch array (same order as VectorShapes.sumLanes(FloatVector)), not by
        // calls taking the vectors: with five such calls here C2 left some un-inlined, and each then boxed its
        // vector (6-18 KB per call at n = 7-15, k = 100, over batches 1-30; AllocationTest).
        float[] lanes = LANES.get();
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
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, L);
            s2.intoArray(lanes, 2 * L);
            s3.intoArray(lanes, 3 * L);
            VectorShapes.sumLanes4(lanes);
            float t0 = lanes[0];
            float t1 = lanes[L];
            float t2 = lanes[2 * L];
            float t3 = lanes[3 * L];
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
            s.intoArray(lanes, 0);
            float t = VectorShapes.sumLanes(lanes);
            for (int p = kv; p < k; p++) {
                t = Math.fma(a[aIdx + p], b[bj + p], t);
            }
            put(c, cIdx + j, t, alpha, beta);
        }
    }

    /** Per-thread room for four vectors' lanes, for {@link VectorShapes#sumLanes4(float[])}. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[4 * L]);

    /** C[idx] = α·s + β·C[idx], with β = 0 writing α·s without reading C. */
    static void put(float[] c, int idx, float s, float alpha, float beta) {
        c[idx] = beta == 0f ? alpha * s : Math.fma(beta, c[idx], alpha * s);
    }
}
