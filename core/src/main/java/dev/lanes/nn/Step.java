package dev.lanes.nn;

/**
 * The Heaviside step, the perceptron's activation: {@code y = x > 0 ? 1 : 0} (NaN stays NaN). For inference
 * and for the history lesson only: its derivative is zero almost everywhere (undefined at 0), so there is
 * nothing for gradient descent to follow, and {@link #backward} throws.
 * <pre>
 *   x, y: (batch, width)
 * </pre>
 * Inference writes only y (thread-safe).
 */
public final class Step extends ElementwiseLayer {

    /**
     * A Heaviside step layer over rows of {@code width}.
     *
     * @param width the width of the input and output rows, ≥ 1
     */
    public Step(int width) {
        super(width);
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        int n = count(batch);
        for (int i = 0; i < n; i++) {
            float v = x[i];
            y[i] = v > 0 ? 1f : v <= 0 ? 0f : v; // the last case is NaN
        }
    }

    /** @throws UnsupportedOperationException always: the step function has no useful gradient */
    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        throw new UnsupportedOperationException(this + " has no useful gradient: the step function's derivative "
                + "is zero almost everywhere (and undefined at 0), so it cannot be trained by backpropagation; "
                + "use Sigmoid, Tanh or Relu in a network you train");
    }
}
