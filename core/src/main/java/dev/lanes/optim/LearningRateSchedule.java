package dev.lanes.optim;

/** The learning rate for each epoch (0-based) of a training run of {@code totalEpochs} epochs. */
@FunctionalInterface
public interface LearningRateSchedule {

    float rate(int epoch, int totalEpochs);
}
