package dev.lanes.train;

/**
 * Receives training events; every method has an empty default. {@link #onStep} runs on the hot path with
 * primitive arguments only, so a listener that allocates nothing there keeps a step allocation-free (a
 * progress bar should redraw only when its text changes). Events arrive in this order:
 * {@code onStart, (onStep* onEpoch)*, onEnd}, with {@link #onNonFinite} in place of a skipped step's
 * {@code onStep}. Epochs and steps count from 0.
 */
public interface TrainingListener {

    /**
     * Before the first epoch.
     *
     * @param epochs        the number of epochs planned
     * @param stepsPerEpoch the number of steps (batches) per epoch
     * @param trainRows     the number of training rows
     */
    default void onStart(int epochs, int stepsPerEpoch, int trainRows) {}

    /**
     * After each optimizer step; {@code batchLoss} is the batch's data loss plus the penalty.
     *
     * @param epoch         the epoch
     * @param step          the step within the epoch
     * @param stepsPerEpoch the number of steps per epoch
     * @param batchLoss     the batch's data loss plus the penalty
     */
    default void onStep(int epoch, int step, int stepsPerEpoch, float batchLoss) {}

    /**
     * A step whose loss was NaN or infinite was skipped (no optimizer update), when
     * {@link Training#continueOnNonFinite} is on; otherwise {@link NonFiniteLossException} is thrown instead.
     *
     * @param epoch the epoch
     * @param step  the step within the epoch
     * @param loss  the loss: NaN or ±∞
     */
    default void onNonFinite(int epoch, int step, float loss) {}

    /**
     * After each epoch's evaluation.
     *
     * @param report what the epoch did
     */
    default void onEpoch(EpochReport report) {}

    /**
     * After the last epoch (and any restore of the best parameters).
     *
     * @param result the history and final evaluations of the run
     */
    default void onEnd(TrainingResult result) {}
}
