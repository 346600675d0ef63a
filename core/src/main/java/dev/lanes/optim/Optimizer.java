package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/**
 * Updates parameters from their gradients: one loop over the flat arrays of {@link Parameters}. State
 * (velocities, moments) mirrors the parameters and is allocated on the first step, so later steps
 * allocate nothing. An optimizer instance serves one parameter store.
 */
public interface Optimizer {

    /**
     * One update of {@code parameters.values()} from {@code parameters.gradients()} at this learning rate.
     *
     * @param parameters   the store to update: its values are modified, its gradients read
     * @param learningRate the step size, finite and ≥ 0
     * @throws IllegalArgumentException when called with a store of another size than its first one
     */
    void step(Parameters parameters, float learningRate);

    /**
     * A copy of this optimizer's state for {@code parameters}, the store it steps: everything {@link #restore}
     * needs to continue exactly (for a checkpoint). Before the first step the moments are zeros, as the first
     * step would allocate them.
     *
     * @param parameters the store this optimizer steps
     * @return a new state holding copies of the moments
     * @throws UnsupportedOperationException from an optimizer whose state cannot be saved (the default)
     * @throws IllegalArgumentException      when the store is not the one this optimizer has been stepping
     */
    default OptimizerState state(Parameters parameters) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot save its state for a checkpoint");
    }

    /**
     * Continues from {@code state}: this optimizer's moments and step count become copies of the state's, so
     * its next step is the one that followed when the state was taken.
     *
     * @param state      the state to continue from, as {@link #state} returned it; copied, not kept
     * @param parameters the store this optimizer will step, as large as the state's moments
     * @throws IllegalArgumentException      when the state belongs to another kind of optimizer, has other
     *                                       hyper-parameters, or moments of another length than the store; the message
     *                                       names the difference
     * @throws UnsupportedOperationException from an optimizer whose state cannot be saved (the default)
     */
    default void restore(OptimizerState state, Parameters parameters) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot restore a saved state");
    }
}
