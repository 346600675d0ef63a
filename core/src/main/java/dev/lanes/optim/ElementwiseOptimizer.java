package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/**
 * The shape every optimizer's update shares: element i of the parameters changes from element i of the
 * gradients and of the optimizer's own moments only. {@link #updateAll} hands the update to
 * {@link Parameters#updateInRanges}, which runs it on one thread or in ranges on the network's threads with the
 * same bits either way. Holds the step's operands in fields so that nothing is allocated per step.
 */
abstract class ElementwiseOptimizer implements Optimizer {

    // The step in progress: set by updateAll, read by updateRange on whichever thread runs a range.
    float[] w;
    float[] g;
    float rate;
    private final Parameters.RangeUpdate update = this::updateRange;

    /** Updates every parameter at this learning rate (after the step's checks and state allocation). */
    final void updateAll(Parameters parameters, float learningRate) {
        w = parameters.values();
        g = parameters.gradients();
        rate = learningRate;
        parameters.updateInRanges(update);
    }

    /** The update of indices [from, to) of {@link #w} from {@link #g} at {@link #rate}. */
    abstract void updateRange(int from, int to);
}
