package dev.lanes.train;

import dev.lanes.nn.Parameters;

/**
 * A penalty on the parameters added to the data loss, e.g. L2: ½·λ·Σw² over the tensors that decay.
 * The training loop calls it once per step, after backward and before the optimizer.
 *
 * <p>This is the call the loop needs from the regularisation in {@code dev.lanes.loss}: pass
 * {@code l2::addGradients} (or whatever its method is named), adapted once when the builder is set up, so the
 * step itself allocates nothing.
 */
@FunctionalInterface
public interface Regularizer {

    /**
     * Adds ∂penalty/∂w to {@code parameters.gradients()} and returns the penalty (added to the reported loss).
     * Must allocate nothing.
     */
    float addGradients(Parameters parameters);
}
