package dev.lanes.nn;

/**
 * The identity, {@code y = x}: the course's "linear activation" (e.g. a regression output), and a
 * placeholder where an activation is optional. Backward: {@code dx = dy}.
 * <pre>
 *   x, y, dy, dx: (batch, width)
 * </pre>
 * Inference writes only y (thread-safe).
 */
public final class Linear extends ElementwiseLayer {

    /**
     * The identity over rows of {@code width}.
     *
     * @param width the width of the input and output rows, ≥ 1
     */
    public Linear(int width) {
        super(width);
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        copy(y, x, count(batch));
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx != null) {
            copy(dx, dy, count(batch));
        }
    }

    static void copy(float[] to, float[] from, int n) {
        if (to != from) {
            System.arraycopy(from, 0, to, 0, n);
        }
    }
}
