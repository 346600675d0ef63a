package dev.lanes.optim;

/**
 * SGD with (heavy-ball) momentum, PyTorch's {@code SGD(momentum=μ)} with dampening 0:
 * <pre>
 *   v = μ·v + g        w −= lr·v          (v = 0 before the first step)
 * </pre>
 * PyTorch's first step sets v = g, which is the same as μ·0 + g. CS231n writes v = μ·v − lr·g, w += v; the
 * two agree while lr is constant and differ when it changes (here lr scales the whole velocity).
 */
public final class Momentum extends OneStateOptimizer {

    private final float mu;

    /**
     * SGD with momentum μ.
     *
     * @param mu momentum μ ∈ [0, 1), typically 0.9
     */
    public Momentum(float mu) {
        super(OptimizerState.Kind.MOMENTUM, OptimizerChecks.unit("momentum", mu));
        this.mu = mu;
    }

    @Override
    void updateRange(int from, int to) {
        float[] v = state, w = this.w, g = this.g;
        float learningRate = rate;
        for (int i = from; i < to; i++) {
            float vi = mu * v[i] + g[i];
            v[i] = vi;
            w[i] = w[i] - learningRate * vi;
        }
    }
}
