package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/**
 * SGD with (heavy-ball) momentum, PyTorch's {@code SGD(momentum=μ)} with dampening 0:
 * <pre>
 *   v = μ·v + g        w −= lr·v          (v = 0 before the first step)
 * </pre>
 * PyTorch's first step sets v = g, which is the same as μ·0 + g. CS231n writes v = μ·v − lr·g, w += v; the
 * two agree while lr is constant and differ when it changes (here lr scales the whole velocity).
 */
public final class Momentum extends ElementwiseOptimizer {

    private final float mu;
    private float[] velocity;
    private long steps;

    /**
     * SGD with momentum μ.
     *
     * @param mu momentum μ ∈ [0, 1), typically 0.9
     */
    public Momentum(float mu) {
        this.mu = OptimizerChecks.unit("momentum", mu);
    }

    @Override
    public void step(Parameters parameters, float learningRate) {
        OptimizerChecks.rate(learningRate);
        velocity = OptimizerChecks.state(velocity, parameters.size());
        updateAll(parameters, learningRate);
        steps++;
    }

    @Override
    void updateRange(int from, int to) {
        float[] v = velocity, w = this.w, g = this.g;
        float learningRate = rate;
        for (int i = from; i < to; i++) {
            float vi = mu * v[i] + g[i];
            v[i] = vi;
            w[i] = w[i] - learningRate * vi;
        }
    }

    @Override
    public OptimizerState state(Parameters parameters) {
        return OptimizerChecks.capture(OptimizerState.Kind.MOMENTUM, hyperParameters(), steps, parameters, velocity);
    }

    @Override
    public void restore(OptimizerState state, Parameters parameters) {
        velocity = OptimizerChecks.restore(state, OptimizerState.Kind.MOMENTUM, hyperParameters(), parameters)[0];
        steps = state.steps();
    }

    private float[] hyperParameters() {
        return new float[] {mu};
    }
}
