package dev.lanes.optim;

/**
 * Nesterov momentum in PyTorch's form ({@code SGD(momentum=μ, nesterov=True)}, dampening 0):
 * <pre>
 *   v = μ·v + g        w −= lr·(g + μ·v)      (v = 0 before the first step)
 * </pre>
 * This is Sutskever et al.'s look-ahead rewritten in terms of the current parameters, so the gradient is
 * still taken at w (CS231n's "v_prev" formulation is the same update up to that change of variable).
 */
public final class Nesterov extends OneStateOptimizer {

    private final float mu;

    /**
     * SGD with Nesterov momentum μ.
     *
     * @param mu momentum μ ∈ [0, 1), typically 0.9
     */
    public Nesterov(float mu) {
        super(OptimizerState.Kind.NESTEROV, OptimizerChecks.unit("momentum", mu));
        this.mu = mu;
    }

    @Override
    void updateRange(int from, int to) {
        float[] v = state, w = this.w, g = this.g;
        float learningRate = rate;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float vi = mu * v[i] + gi;
            v[i] = vi;
            w[i] = w[i] - learningRate * (gi + mu * vi);
        }
    }
}
