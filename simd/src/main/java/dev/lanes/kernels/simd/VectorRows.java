package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;

/**
 * Row-wise kernels on (m, n) blocks with leading dimensions: softmax, log-softmax, bias broadcast and the
 * bias gradient (column sums). Each row is a contiguous slice of n floats; rows are independent.
 */
final class VectorRows {

    private VectorRows() {}

    /** Per-thread room for one vector's lanes, for {@link VectorShapes#sumLanes(float[])}. */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    /**
     * Per row: M = max (Math.max semantics); e_j = e^(x_j − M) stored and summed; then scaled by 1/Σ. A row
     * whose M is not finite (all −∞, a +∞, a NaN) is filled with NaN, which is what the formula gives in
     * exact arithmetic and what ScalarKernels produces. Otherwise Σ ≥ 1 (the max contributes e^0 = 1), and an
     * x_j = −∞ gives e^−∞ = 0 exactly. Error per entry: exp's ULPs + the sum's γ_n + two roundings.
     */
    static void softmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        for (int i = 0; i < m; i++) {
            int in = xOff + i * ldx;
            int o = outOff + i * ldo;
            float rowMax = VectorReductions.max(x, in, n);
            if (!Float.isFinite(rowMax)) {
                fill(out, o, Float.NaN, n);
                continue;
            }
            float inv = 1f / expShiftedInto(out, o, x, in, rowMax, n);
            VectorElementwise.scale(out, o, inv, out, o, n);
        }
    }

    /**
     * Per row: x_j − (M + log Σ e^(x_j − M)). The shift is computed once in float, as ScalarKernels does,
     * so x_j = −∞ gives −∞ and a row with a non-finite M is NaN throughout.
     */
    static void logSoftmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        for (int i = 0; i < m; i++) {
            int in = xOff + i * ldx;
            int o = outOff + i * ldo;
            float rowMax = VectorReductions.max(x, in, n);
            if (!Float.isFinite(rowMax)) {
                fill(out, o, Float.NaN, n);
                continue;
            }
            float shift = rowMax + (float) Math.log(sumExpShifted(x, in, rowMax, n));
            subtract(out, o, x, in, shift, n);
        }
    }

    /**
     * out[j] = e^(x[j] − shift) for j &lt; n; returns their sum. The whole vectors are {@link #expVectors}'s; the
     * tail computes e^ as a lane does ({@link VectorExp}), so out[j] does not depend on j's position. Rows
     * shorter than a vector touch no vector at all.
     */
    private static float expShiftedInto(float[] out, int o, float[] x, int in, float shift, int n) {
        int j = F.loopBound(n);
        float total = j > 0 ? expVectors(out, o, x, in, shift, j) : 0f;
        for (; j < n; j++) {
            float e = VectorExp.exp(x[in + j] - shift);
            out[o + j] = e;
            total += e;
        }
        return total;
    }

    /**
     * out[j] = e^(x[j] − shift) for j &lt; bound (a multiple of the vector length); returns their sum, lanes
     * summed in a fixed order from a scratch array. A method of its own, whose signature carries no vector:
     * one vector and one exp per iteration, all inlined when C2 compiles it as its own root. Written inline
     * in its callers, C2 sometimes did not inline the vector exp (NodeCountInliningCutoff, or a recompilation
     * after a row-width profile that had never taken this branch: 32 rows of 10 at 8 lanes after rows of 3),
     * and the exp then took and returned boxed vectors, 64 bytes each, per row (AllocationTest).
     */
    private static float expVectors(float[] out, int o, float[] x, int in, float shift, int bound) {
        FloatVector s = FloatVector.zero(F);
        for (int j = 0; j < bound; j += L) {
            FloatVector e = VectorExp.exp(FloatVector.fromArray(F, x, in + j).sub(shift));
            if (out != null) {
                e.intoArray(out, o + j);
            }
            s = s.add(e);
        }
        float[] lanes = LANES.get();
        s.intoArray(lanes, 0);
        return VectorShapes.sumLanes(lanes);
    }

    /** Σ_j e^(x[j] − shift) for j &lt; n, nothing stored; the same sum, in the same order, as above. */
    private static float sumExpShifted(float[] x, int in, float shift, int n) {
        int j = F.loopBound(n);
        float total = j > 0 ? expVectors(null, 0, x, in, shift, j) : 0f;
        for (; j < n; j++) {
            total += VectorExp.exp(x[in + j] - shift);
        }
        return total;
    }

    /** out[j] = x[j] − shift, bit-exact against the scalar loop. */
    private static void subtract(float[] out, int o, float[] x, int in, float shift, int n) {
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector.fromArray(F, x, in + j).sub(shift).intoArray(out, o + j);
        }
        for (; j < n; j++) {
            out[o + j] = x[in + j] - shift;
        }
    }

    private static void fill(float[] out, int o, float value, int n) {
        for (int j = 0; j < n; j++) {
            out[o + j] = value;
        }
    }

    /** c[i, j] += bias[j]: per row an exact in-place add, bit-exact against the scalar loop. */
    static void addRowVector(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            VectorElementwise.add(c, row, c, row, bias, biasOff, n);
        }
    }

    /**
     * out[j] += Σ_i x[i, j]. Four rows per pass over out, so out is loaded and stored a quarter as often; the
     * additions still run row by row into each out[j], the scalar loop's order, so the result is bit-exact.
     */
    static void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            addFourRows(out, outOff, x, xOff + i * ldx, ldx, n);
        }
        for (; i < m; i++) {
            VectorElementwise.add(out, outOff, out, outOff, x, xOff + i * ldx, n);
        }
    }

    /** out[j] = (((out[j] + x[0, j]) + x[1, j]) + x[2, j]) + x[3, j]. */
    private static void addFourRows(float[] out, int outOff, float[] x, int r0, int ldx, int n) {
        int r1 = r0 + ldx;
        int r2 = r1 + ldx;
        int r3 = r2 + ldx;
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += L) {
            FloatVector.fromArray(F, out, outOff + j)
                    .add(FloatVector.fromArray(F, x, r0 + j))
                    .add(FloatVector.fromArray(F, x, r1 + j))
                    .add(FloatVector.fromArray(F, x, r2 + j))
                    .add(FloatVector.fromArray(F, x, r3 + j))
                    .intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            out[outOff + j] = out[outOff + j] + x[r0 + j] + x[r1 + j] + x[r2 + j] + x[r3 + j];
        }
    }
}
