package dev.lanes.train;

/**
 * What one epoch did. Losses are means over rows; the train figures are accumulated over the epoch's
 * training steps (the parameters moved meanwhile, so they lag the end-of-epoch model slightly), the held-out
 * ones are measured after the epoch in inference mode. Accuracies are fractions in [0, 1]; NaN where they do
 * not apply (regression, or no held-out set).
 *
 * @param epoch             from 0 ({@link #toString()} counts from 1, as the command line does)
 * @param trainLoss         mean data loss over the epoch's training rows (without the penalty)
 * @param trainAccuracy     the fraction of the epoch's training rows classified correctly; NaN for regression
 * @param heldOutLoss       mean data loss over the held-out set; NaN without one
 * @param heldOutAccuracy   the fraction of held-out rows classified correctly; NaN for regression or without a held-out
 *                          set
 * @param penalty           the regularisation penalty at the epoch's last step (0 without a regularizer)
 * @param learningRate      the rate used throughout this epoch
 * @param samplesPerSecond  training rows per second of this epoch's steps
 * @param elapsedSeconds    since {@code fit} started, at the end of this epoch
 * @param deadUnitFractions per {@link dev.lanes.nn.ActivityTracking} layer, in network order: the fraction of its units
 *                          that never activated on any training row of this epoch
 */
public record EpochReport(int epoch, double trainLoss, double trainAccuracy, double heldOutLoss,
                          double heldOutAccuracy, double penalty, float learningRate, double samplesPerSecond,
                          double elapsedSeconds, double[] deadUnitFractions) {

    /** {@return true when a held-out set was evaluated} */
    public boolean hasHeldOut() {
        return !Double.isNaN(heldOutLoss);
    }

    /** One line, "epoch 1: loss 1.0986, acc 33.33%, lr 0.500, …", with epochs counted from 1. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("epoch %d: loss %.4f", epoch + 1, trainLoss));
        if (!Double.isNaN(trainAccuracy)) {
            s.append(String.format(", acc %.2f%%", 100 * trainAccuracy));
        }
        if (hasHeldOut()) {
            s.append(String.format(", held-out loss %.4f", heldOutLoss));
            if (!Double.isNaN(heldOutAccuracy)) {
                s.append(String.format(", acc %.2f%%", 100 * heldOutAccuracy));
            }
        }
        s.append(String.format(", lr %.3g, %.0f rows/s, %.1f s", learningRate, samplesPerSecond, elapsedSeconds));
        for (double dead : deadUnitFractions) {
            s.append(String.format(", dead %.1f%%", 100 * dead));
        }
        return s.toString();
    }
}
