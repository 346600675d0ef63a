package dev.lanes.train;

/**
 * Receives training events; every method has an empty default. {@link #onStep} runs on the hot path with
 * primitive arguments only, so a listener that allocates nothing there keeps a step allocation-free (a
 * progress bar should redraw only when its text changes). Events arrive in this order:
 * {@code onStart, (onStep* onEpoch)*, onEnd}, with {@link #onNonFinite} in place of a skipped step's
 * {@code onStep}. Epochs and steps count from 0.
 */
public interface TrainingListener {

    /** Before the first epoch. */
    default void onStart(int epochs, int stepsPerEpoch, int trainRows) {}

    /** After each optimizer step; {@code batchLoss} is the batch's data loss plus the penalty. */
    default void onStep(int epoch, int step, int stepsPerEpoch, float batchLoss) {}

    /**
     * A step whose loss was NaN or infinite was skipped (no optimizer update), when
     * {@link Training#continueOnNonFinite} is on; otherwise {@link NonFiniteLossException} is thrown instead.
     */
    default void onNonFinite(int epoch, int step, float loss) {}

    /** After each epoch's evaluation. */
    default void onEpoch(EpochReport report) {}

    /** After the last epoch (and any restore of the best parameters). */
    default void onEnd(TrainingResult result) {}
}
