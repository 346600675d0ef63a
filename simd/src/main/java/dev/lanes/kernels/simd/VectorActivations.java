package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import dev.lanes.kernels.ScalarKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Piecewise-linear activations, forward and backward: relu, leaky relu, maxout. All bit-exact against
 * ScalarKernels: they only select, take Math.max-like maxima (lanewise MAX matches Math.max, NaN and ±0
 * included) or multiply once, exactly as the scalar loops do. Vector body, then a scalar tail. Vector
 * constants are made inside the vector loops, so a short input touches no vector (see VectorElementwise).
 */
final class VectorActivations {

    private VectorActivations() {}

    /** out = max(x, +0.0): relu(−0.0) = +0.0 and relu(NaN) = NaN, as Math.max. */
    static void relu(float[] out, int outOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector zero = FloatVector.zero(F);
            FloatVector.fromArray(F, x, xOff + i).lanewise(VectorOperators.MAX, zero).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    /** dx = x &gt; 0 ? dy : +0.0; the compare is false at ±0 and for NaN, so the kink gets gradient 0. */
    static void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector zero = FloatVector.zero(F);
            VectorMask<Float> pos = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(F, dy, dyOff + i), pos).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    static void leakyRelu(float[] out, int outOff, float[] x, int xOff, float alpha, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + i);
            v.mul(alpha).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v > 0f ? v : alpha * v;
        }
    }

    static void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha,
                                  int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            VectorMask<Float> pos = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
            FloatVector g = FloatVector.fromArray(F, dy, dyOff + i);
            g.mul(alpha).blend(g, pos).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? g : alpha * g;
        }
    }

    /**
     * out[i, j] = max_p x[i, p·units + j]. x: (m, k·units), out: (m, units), both contiguous. Vectorised
     * along j (units), so the k pieces are k unit-stride loads; units &lt; L runs the scalar tail only.
     */
    static void maxout(float[] out, int outOff, float[] x, int xOff, int m, int units, int k) {
        int width = units * k;
        for (int i = 0; i < m; i++) {
            int row = xOff + i * width;
            int o = outOff + i * units;
            int j = 0;
            for (int bound = F.loopBound(units); j < bound; j += L) {
                FloatVector best = FloatVector.fromArray(F, x, row + j);
                for (int p = 1; p < k; p++) {
                    best = best.lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, row + p * units + j));
                }
                best.intoArray(out, o + j);
            }
            for (; j < units; j++) {
                float best = x[row + j];
                for (int p = 1; p < k; p++) {
                    best = Math.max(best, x[row + p * units + j]);
                }
                out[o + j] = best;
            }
        }
    }

    /**
     * dx[i, p·units + j] = dy[i, j] for the first piece p attaining the maximum, else 0. Per lane: the
     * maximum M by Math.max, then piece p wins if it is the first with x == M or x NaN (M is NaN iff some
     * piece is, and then no x == M holds, so the first NaN wins; −0.0 == +0.0, so the first zero wins).
     */
    static void maxoutBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int m, int units,
                               int k) {
        int width = units * k;
        for (int i = 0; i < m; i++) {
            int row = i * width;
            int j = 0;
            for (int bound = F.loopBound(units); j < bound; j += L) {
                int xr = xOff + row + j;
                FloatVector best = FloatVector.fromArray(F, x, xr);
                for (int p = 1; p < k; p++) {
                    best = best.lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, xr + p * units));
                }
                FloatVector g = FloatVector.fromArray(F, dy, dyOff + i * units + j);
                FloatVector zero = FloatVector.zero(F);
                VectorMask<Float> open = F.maskAll(true);
                for (int p = 0; p < k; p++) {
                    FloatVector v = FloatVector.fromArray(F, x, xr + p * units);
                    VectorMask<Float> wins = v.compare(VectorOperators.EQ, best)
                            .or(v.compare(VectorOperators.NE, v)).and(open); // NE: only NaN
                    zero.blend(g, wins).intoArray(dx, dxOff + row + p * units + j);
                    open = open.andNot(wins);
                }
            }
            for (; j < units; j++) {
                backwardOne(dx, dxOff + row + j, dy[dyOff + i * units + j], x, xOff + row + j, units, k);
            }
        }
    }

    /** One unit of {@link #maxoutBackward}: the scalar rule, pieces strided by units. */
    private static void backwardOne(float[] dx, int dxAt, float g, float[] x, int xAt, int units, int k) {
        int best = ScalarKernels.firstMax(x, xAt, units, k);
        for (int p = 0; p < k; p++) {
            dx[dxAt + p * units] = p == best ? g : 0f;
        }
    }
}
