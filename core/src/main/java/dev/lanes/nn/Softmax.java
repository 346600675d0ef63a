package dev.lanes.nn;

import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.KernelSupport;

/**
 * Row-wise softmax as a standalone layer, {@code y[r, ·] = softmax(x[r, ·])}: turns a classifier's scores
 * into probabilities at inference. (For training, a softmax cross-entropy loss on the raw scores is both
 * cheaper and more accurate than this layer followed by a log.)
 * <pre>
 *   x, y, dy, dx: (batch, width)
 *   dx_i = y_i·(dy_i − Σ_j dy_j·y_j)      per row (the Jacobian diag(y) − y·yᵀ applied to dy)
 * </pre>
 * The row maximum is subtracted first, so finite scores never overflow; a row whose maximum is not finite
 * is NaN throughout (docs/kernels.md). Inference writes only y (thread-safe).
 */
public final class Softmax extends ElementwiseLayer {

    /**
     * A softmax over each row of {@code width}.
     *
     * @param width the width of the input and output rows, ≥ 1
     */
    public Softmax(int width) {
        super(width);
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        Kernels.softmaxRows(y, 0, width, x, 0, width, batch, width);
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx == null) {
            return;
        }
        int n = count(batch);
        if (dx.length < n || dy.length < n || y.length < n) {
            throw new IllegalArgumentException(this + ": dx, dy and y need " + n + " floats each, got "
                    + dx.length + ", " + dy.length + ", " + y.length);
        }
        KernelSupport k = Kernels.get(); // lengths checked above
        for (int r = 0; r < n; r += width) {
            float s = k.dot(dy, r, y, r, width);
            for (int j = r; j < r + width; j++) {
                dx[j] = y[j] * (dy[j] - s);
            }
        }
    }
}
