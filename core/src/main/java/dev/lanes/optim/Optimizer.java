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
     * @throws IllegalArgumentException when called with a store of another size than its first one
     */
    void step(Parameters parameters, float learningRate);
}
