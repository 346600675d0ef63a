package dev.lanes.optim;

/**
 * RMSProp (Hinton's lecture 6e), PyTorch's {@code RMSprop} without momentum or centering:
 * <pre>
 *   s = α·s + (1 − α)·g²        w −= lr·g / (√s + ε)          (s = 0 before the first step)
 * </pre>
 * Defaults as PyTorch: α = 0.99, ε = 1e-8. (Keras puts ε inside the root; PyTorch and this class outside.)
 */
public final class RmsProp extends OneStateOptimizer {

    private final float alpha;
    private final float oneMinusAlpha;
    private final float eps;

    /** RMSProp with α = 0.99, ε = 1e-8. */
    public RmsProp() {
        this(0.99f, 1e-8f);
    }

    /**
     * RMSProp with the given constants.
     *
     * @param alpha smoothing α ∈ [0, 1), the decay of the mean square s
     * @param eps   ε &gt; 0, finite
     */
    public RmsProp(float alpha, float eps) {
        super(OptimizerState.Kind.RMSPROP, OptimizerChecks.unit("alpha", alpha), OptimizerChecks.epsilon(eps));
        this.alpha = alpha;
        this.oneMinusAlpha = (float) (1.0 - alpha); // exact for α ≥ ½ (Sterbenz)
        this.eps = eps;
    }

    @Override
    void updateRange(int from, int to) {
        float[] s = state, w = this.w, g = this.g;
        float learningRate = rate;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float si = alpha * s[i] + oneMinusAlpha * (gi * gi);
            s[i] = si;
            w[i] = w[i] - learningRate * gi / ((float) Math.sqrt(si) + eps);
        }
    }
}
