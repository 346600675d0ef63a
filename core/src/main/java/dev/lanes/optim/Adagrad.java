package dev.lanes.optim;

/**
 * Adagrad (Duchi et al. 2011), PyTorch's {@code Adagrad} without lr decay or initial accumulator:
 * <pre>
 *   G += g²        w −= lr·g / (√G + ε)         (G = 0 before the first step; ε outside the root)
 * </pre>
 * Default ε = 1e-10 as in PyTorch.
 */
public final class Adagrad extends OneStateOptimizer {

    private final float eps;

    /** Adagrad with ε = 1e-10. */
    public Adagrad() {
        this(1e-10f);
    }

    /**
     * Adagrad with the given ε.
     *
     * @param eps ε &gt; 0, finite
     */
    public Adagrad(float eps) {
        super(OptimizerState.Kind.ADAGRAD, OptimizerChecks.epsilon(eps));
        this.eps = eps;
    }

    @Override
    void updateRange(int from, int to) {
        float[] s = state, w = this.w, g = this.g;
        float learningRate = rate;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float si = s[i] + gi * gi;
            s[i] = si;
            w[i] = w[i] - learningRate * gi / ((float) Math.sqrt(si) + eps);
        }
    }
}
