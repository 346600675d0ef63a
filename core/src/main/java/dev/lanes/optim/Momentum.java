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
public final class Momentum implements Optimizer {

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
        float[] v = velocity = OptimizerChecks.state(velocity, parameters.size());
        float[] w = parameters.values();
        float[] g = parameters.gradients();
        for (int i = 0; i < v.length; i++) {
            float vi = mu * v[i] + g[i];
            v[i] = vi;
            w[i] = w[i] - learningRate * vi;
        }
        steps++;
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
