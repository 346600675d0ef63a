package dev.lanes.nn;

import dev.lanes.kernels.Kernels;

/**
 * Leaky ReLU: {@code y = x > 0 ? x : α·x} with a fixed slope α (commonly 0.01), so negative units keep a
 * small gradient. Backward: {@code dx = x > 0 ? dy : α·dy} (the kink x = 0 takes the α side).
 * <pre>
 *   x, y, dy, dx: (batch, width)
 * </pre>
 * Inference writes only y (thread-safe).
 */
public final class LeakyRelu extends ElementwiseLayer {

    private final float alpha;

    /**
     * A leaky ReLU over rows of {@code width}.
     *
     * @param width the width of the input and output rows, ≥ 1
     * @param alpha the slope for x ≤ 0; finite
     */
    public LeakyRelu(int width, float alpha) {
        super(width);
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite, got " + alpha);
        }
        this.alpha = alpha;
    }

    /** {@return the slope for x ≤ 0} */
    public float alpha() {
        return alpha;
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        Kernels.leakyRelu(y, 0, x, 0, alpha, count(batch));
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx != null) {
            Kernels.leakyReluBackward(dx, 0, dy, 0, x, 0, alpha, count(batch));
        }
    }

    @Override
    public String toString() {
        return "LeakyRelu(" + width + ", α = " + alpha + ")";
    }
}
