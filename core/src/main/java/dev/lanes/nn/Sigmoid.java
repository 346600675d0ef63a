package dev.lanes.nn;

import dev.lanes.kernels.Kernels;

/**
 * Logistic sigmoid: {@code y = σ(x) = 1 / (1 + e^−x)}; backward from the output, {@code dx = dy·y·(1 − y)}.
 * <pre>
 *   x, y, dy, dx: (batch, width)
 * </pre>
 * Saturates to exactly 0 or 1, never NaN for non-NaN x (docs/kernels.md); its gradient then vanishes, the
 * reason the course prefers ReLU in hidden layers. Inference writes only y (thread-safe).
 */
public final class Sigmoid extends ElementwiseLayer {

    /**
     * A logistic sigmoid layer over rows of {@code width}.
     *
     * @param width the width of the input and output rows, ≥ 1
     */
    public Sigmoid(int width) {
        super(width);
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        Kernels.sigmoid(y, 0, x, 0, count(batch));
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx != null) {
            Kernels.sigmoidBackward(dx, 0, dy, 0, y, 0, count(batch));
        }
    }
}
