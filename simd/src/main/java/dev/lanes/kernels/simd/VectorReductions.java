package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import dev.lanes.kernels.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions on the Vector API: dot, sum, sumOfSquares, max, argmaxRows.
 *
 * <p>Shape of every kernel: inputs shorter than {@link #SHORT} take a plain loop (setting up vectors costs
 * more than it saves); otherwise four independent accumulators hide the FMA/add latency (4 cycles on AVX2,
 * so one accumulator would run at a quarter of the throughput), a one-vector tail, a lane reduction and a
 * scalar tail. The scalar tails use a plain multiply-add: Math.fma falls back to BigDecimal on CPUs
 * without FMA, and a tail is at most L−1 terms. Summation order differs from the scalar loop, within the
 * contract's bound γ_n·Σ|terms|.
 */
final class VectorReductions {

    private VectorReductions() {}

    /** Below this length the scalar loop wins: two vectors' worth of work does not pay for the reduction. */
    static final int SHORT = 2 * L;

    private static final int STEP = 4 * L;

    static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        if (n < SHORT) {
            float s = 0f;
            for (int i = 0; i < n; i++) {
                s += x[xOff + i] * y[yOff + i];
            }
            return s;
        }
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - STEP; i <= bound; i += STEP) {
            a0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), a0);
            a1 = FloatVector.fromArray(F, x, xOff + i + L).fma(FloatVector.fromArray(F, y, yOff + i + L), a1);
            a2 = FloatVector.fromArray(F, x, xOff + i + 2 * L).fma(FloatVector.fromArray(F, y, yOff + i + 2 * L), a2);
            a3 = FloatVector.fromArray(F, x, xOff + i + 3 * L).fma(FloatVector.fromArray(F, y, yOff + i + 3 * L), a3);
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            a0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), a0);
        }
        float s = VectorShapes.sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    static float sum(float[] x, int xOff, int n) {
        if (n < SHORT) {
            float s = 0f;
            for (int i = 0; i < n; i++) {
                s += x[xOff + i];
            }
            return s;
        }
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - STEP; i <= bound; i += STEP) {
            a0 = a0.add(FloatVector.fromArray(F, x, xOff + i));
            a1 = a1.add(FloatVector.fromArray(F, x, xOff + i + L));
            a2 = a2.add(FloatVector.fromArray(F, x, xOff + i + 2 * L));
            a3 = a3.add(FloatVector.fromArray(F, x, xOff + i + 3 * L));
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            a0 = a0.add(FloatVector.fromArray(F, x, xOff + i));
        }
        float s = VectorShapes.sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    static float sumOfSquares(float[] x, int xOff, int n) {
        if (n < SHORT) {
            float s = 0f;
            for (int i = 0; i < n; i++) {
                float v = x[xOff + i];
                s += v * v;
            }
            return s;
        }
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - STEP; i <= bound; i += STEP) {
            FloatVector v0 = FloatVector.fromArray(F, x, xOff + i);
            FloatVector v1 = FloatVector.fromArray(F, x, xOff + i + L);
            FloatVector v2 = FloatVector.fromArray(F, x, xOff + i + 2 * L);
            FloatVector v3 = FloatVector.fromArray(F, x, xOff + i + 3 * L);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
            a2 = v2.fma(v2, a2);
            a3 = v3.fma(v3, a3);
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            a0 = v.fma(v, a0);
        }
        float s = VectorShapes.sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; i < n; i++) {
            float v = x[xOff + i];
            s += v * v;
        }
        return s;
    }

    /**
     * Math.max semantics. MAX is exact, commutative and associative (NaN absorbs, max(−0, +0) = +0 in any
     * order), so the result is bit-exact against the scalar loop whatever the order; lanewise and
     * reduceLanes MAX were checked to follow Math.max on JDK 25 / AVX2 (VectorKernelsTest pins it).
     */
    static float max(float[] x, int xOff, int n) {
        if (n < SHORT) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                m = Math.max(m, x[xOff + i]);
            }
            return m;
        }
        // Seeded with real elements, not −∞, so every lane holds a value of x.
        FloatVector m0 = FloatVector.fromArray(F, x, xOff);
        FloatVector m1 = FloatVector.fromArray(F, x, xOff + L);
        int i = SHORT;
        for (int bound = n - SHORT; i <= bound; i += SHORT) {
            m0 = m0.lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, xOff + i));
            m1 = m1.lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, xOff + i + L));
        }
        float m = m0.lanewise(VectorOperators.MAX, m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    /**
     * Per row: the maximum by Math.max (a NaN if there is one), then the first index holding it — the first
     * NaN, or the first value == max (so −0.0 and +0.0 tie and the first wins). Two passes over a row that
     * sits in L1 beat a branchy single pass that tracks indices per lane.
     */
    static void argmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        if (n < SHORT) {
            shortArgmaxRows(out, outOff, x, xOff, ldx, m, n);
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = xOff + i * ldx;
            float best = max(x, row, n);
            out[outOff + i] = Float.isNaN(best) ? firstNaN(x, row, n) : firstEqual(x, row, n, best);
        }
    }

    /** Short rows: one scalar pass beats two passes with a vector compare that finds nothing to skip. */
    private static void shortArgmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        for (int i = 0; i < m; i++) {
            out[outOff + i] = ScalarKernels.firstMax(x, xOff + i * ldx, 1, n);
        }
    }

    /** The first j &lt; n with x[off+j] == value; value must occur. */
    private static int firstEqual(float[] x, int off, int n, float value) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            VectorMask<Float> hit = FloatVector.fromArray(F, x, off + j).compare(VectorOperators.EQ, value);
            if (hit.anyTrue()) {
                return j + hit.firstTrue();
            }
        }
        while (x[off + j] != value) {
            j++;
        }
        return j;
    }

    /** The first j &lt; n with x[off+j] NaN; one must occur. */
    private static int firstNaN(float[] x, int off, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + j);
            VectorMask<Float> hit = v.compare(VectorOperators.NE, v); // only NaN differs from itself
            if (hit.anyTrue()) {
                return j + hit.firstTrue();
            }
        }
        while (!Float.isNaN(x[off + j])) {
            j++;
        }
        return j;
    }
}
