package dev.lanes.train;

import dev.lanes.nn.Parameters;

/**
 * A penalty on the parameters added to the data loss, e.g. L2: ½·λ·Σw² over the tensors that decay.
 * The training loop calls it once per step, after backward and before the optimizer.
 *
 * <p>{@link dev.lanes.loss.L2Regularization} is adapted to it by
 * {@link Training#regularizer(dev.lanes.loss.L2Regularization)}; other penalties implement it directly.
 */
@FunctionalInterface
public interface Regularizer {

    /**
     * Adds ∂penalty/∂w to {@code parameters.gradients()} and returns the penalty (added to the reported loss).
     * Must allocate nothing.
     *
     * @param parameters the store: values read, gradients modified
     * @return the penalty
     */
    float addGradients(Parameters parameters);
}
