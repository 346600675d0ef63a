package dev.lanes.optim;

/** The learning rate for each epoch (0-based) of a training run of {@code totalEpochs} epochs. */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate of one epoch.
     *
     * @param epoch       the epoch, 0 ≤ epoch &lt; totalEpochs
     * @param totalEpochs the epochs the run has, ≥ 1
     * @return the learning rate, finite and ≥ 0
     */
    float rate(int epoch, int totalEpochs);
}
