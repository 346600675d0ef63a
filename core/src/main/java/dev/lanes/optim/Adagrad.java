package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/**
 * Adagrad (Duchi et al. 2011), PyTorch's {@code Adagrad} without lr decay or initial accumulator:
 * <pre>
 *   G += g²        w −= lr·g / (√G + ε)         (G = 0 before the first step; ε outside the root)
 * </pre>
 * Default ε = 1e-10 as in PyTorch.
 */
public final class Adagrad extends ElementwiseOptimizer {

    private final float eps;
    private float[] sumSquares;
    private long steps;

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
        this.eps = OptimizerChecks.epsilon(eps);
    }

    @Override
    public void step(Parameters parameters, float learningRate) {
        OptimizerChecks.rate(learningRate);
        sumSquares = OptimizerChecks.state(sumSquares, parameters.size());
        updateAll(parameters, learningRate);
        steps++;
    }

    @Override
    void updateRange(int from, int to) {
        float[] s = sumSquares, w = this.w, g = this.g;
        float learningRate = rate;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float si = s[i] + gi * gi;
            s[i] = si;
            w[i] = w[i] - learningRate * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public OptimizerState state(Parameters parameters) {
        return OptimizerChecks.capture(OptimizerState.Kind.ADAGRAD, hyperParameters(), steps, parameters, sumSquares);
    }

    @Override
    public void restore(OptimizerState state, Parameters parameters) {
        sumSquares = OptimizerChecks.restore(state, OptimizerState.Kind.ADAGRAD, hyperParameters(), parameters)[0];
        steps = state.steps();
    }

    private float[] hyperParameters() {
        return new float[] {eps};
    }
}
