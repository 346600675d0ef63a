package dev.lanes.optim;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Parameters;

/**
 * Plain stochastic gradient descent: {@code w −= lr·g}. Stateless; one {@link Kernels#axpy} over the store.
 */
public final class Sgd extends ElementwiseOptimizer {

    /** An optimizer for one parameter store, bound to it by its first step. */
    public Sgd() {}

    private int size = -1;
    private long steps;

    @Override
    public void step(Parameters parameters, float learningRate) {
        OptimizerChecks.rate(learningRate);
        int n = parameters.size();
        if (size >= 0 && size != n) {
            throw new IllegalArgumentException("this optimizer serves a store of " + size
                    + " parameters, got one of " + n);
        }
        size = n;
        updateAll(parameters, learningRate);
        steps++;
    }

    @Override
    void updateRange(int from, int to) {
        Kernels.axpy(w, from, -rate, g, from, to - from);
    }

    /** No moments; the step count only. */
    @Override
    public OptimizerState state(Parameters parameters) {
        checkStore(parameters);
        return new OptimizerState(OptimizerState.Kind.SGD, new float[0], steps, new float[0][]);
    }

    @Override
    public void restore(OptimizerState state, Parameters parameters) {
        checkStore(parameters);
        OptimizerChecks.restore(state, OptimizerState.Kind.SGD, new float[0], parameters);
        size = parameters.size();
        steps = state.steps();
    }

    private void checkStore(Parameters parameters) {
        if (size >= 0 && size != parameters.size()) {
            throw new IllegalArgumentException("this optimizer serves a store of " + size + " parameters, got one of "
                    + parameters.size());
        }
    }
}
