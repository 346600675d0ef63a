package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/**
 * Nesterov momentum in PyTorch's form ({@code SGD(momentum=μ, nesterov=True)}, dampening 0):
 * <pre>
 *   v = μ·v + g        w −= lr·(g + μ·v)      (v = 0 before the first step)
 * </pre>
 * This is Sutskever et al.'s look-ahead rewritten in terms of the current parameters, so the gradient is
 * still taken at w (CS231n's "v_prev" formulation is the same update up to that change of variable).
 */
public final class Nesterov extends ElementwiseOptimizer {

    private final float mu;
    private float[] velocity;
    private long steps;

    /**
     * SGD with Nesterov momentum μ.
     *
     * @param mu momentum μ ∈ [0, 1), typically 0.9
     */
    public Nesterov(float mu) {
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
            float gi = g[i];
            float vi = mu * v[i] + gi;
            v[i] = vi;
            w[i] = w[i] - learningRate * (gi + mu * vi);
        }
    }

    @Override
    public OptimizerState state(Parameters parameters) {
        return OptimizerChecks.capture(OptimizerState.Kind.NESTEROV, hyperParameters(), steps, parameters, velocity);
    }

    @Override
    public void restore(OptimizerState state, Parameters parameters) {
        velocity = OptimizerChecks.restore(state, OptimizerState.Kind.NESTEROV, hyperParameters(), parameters)[0];
        steps = state.steps();
    }

    private float[] hyperParameters() {
        return new float[] {mu};
    }
}
