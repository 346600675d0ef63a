package dev.lanes.nn;

import dev.lanes.kernels.Kernels;

/**
 * Hyperbolic tangent: {@code y = tanh(x)}; backward from the output, {@code dx = dy·(1 − y²)}.
 * <pre>
 *   x, y, dy, dx: (batch, width)
 * </pre>
 * Zero-centred, unlike the sigmoid; saturates to exactly ±1. Inference writes only y (thread-safe).
 */
public final class Tanh extends ElementwiseLayer {

    /**
     * A tanh layer over rows of {@code width}.
     *
     * @param width the width of the input and output rows, ≥ 1
     */
    public Tanh(int width) {
        super(width);
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        Kernels.tanh(y, 0, x, 0, count(batch));
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx != null) {
            Kernels.tanhBackward(dx, 0, dy, 0, y, 0, count(batch));
        }
    }
}
