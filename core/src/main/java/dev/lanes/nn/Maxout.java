package dev.lanes.nn;

import dev.lanes.kernels.Kernels;

/**
 * Maxout (Goodfellow et al. 2013): each of {@code units} outputs is the maximum of k pieces.
 * <pre>
 *   x: (batch, k·units), piece-major: x[r, p·units + j] is piece p of unit j
 *   y: (batch, units),   y[r, j] = max_p x[r, p·units + j]
 *   dx[r, p·units + j] = dy[r, j] for the first piece attaining the maximum, 0 for the others
 * </pre>
 * A {@code Dense(in, k·units)} before it produces exactly this layout, so Dense + Maxout is the usual
 * maxout unit (ReLU is maxout with k = 2 and one piece fixed at 0). Ties go to the first piece; NaN wins
 * (docs/kernels.md). Inference writes only y (thread-safe).
 */
public final class Maxout extends Layer {

    private final int units;
    private final int k;

    /**
     * A maxout layer of {@code units} outputs, each the maximum of k pieces.
     *
     * @param units the output width, ≥ 1; the input is units·k wide
     * @param k     pieces per unit, ≥ 1 (k = 1 is the identity)
     */
    public Maxout(int units, int k) {
        this.units = ElementwiseLayer.requirePositive("units", units);
        this.k = ElementwiseLayer.requirePositive("k (pieces per unit)", k);
        if ((long) units * k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("units · k = " + (long) units * k + " is too wide");
        }
    }

    /** {@return the pieces per unit, k} */
    public int pieces() {
        return k;
    }

    @Override
    public int inputWidth() {
        return units * k;
    }

    @Override
    public int outputWidth() {
        return units;
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        Kernels.maxout(y, 0, x, 0, batch, units, k);
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx != null) {
            Kernels.maxoutBackward(dx, 0, dy, 0, x, 0, batch, units, k);
        }
    }

    @Override
    public String toString() {
        return "Maxout(" + inputWidth() + " → " + units + ", k = " + k + ")";
    }
}
