package dev.lanes.optim;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Parameters;

/**
 * Plain stochastic gradient descent: {@code w −= lr·g}. Stateless; one {@link Kernels#axpy} over the store.
 */
public final class Sgd implements Optimizer {

    private int size = -1;

    @Override
    public void step(Parameters parameters, float learningRate) {
        OptimizerChecks.rate(learningRate);
        int n = parameters.size();
        if (size >= 0 && size != n) {
            throw new IllegalArgumentException("this optimizer serves a store of " + size
                    + " parameters, got one of " + n);
        }
        size = n;
        Kernels.axpy(parameters.values(), 0, -learningRate, parameters.gradients(), 0, n);
    }
}
