package dev.lanes.train;

import java.util.List;

/**
 * The outcome of {@link Training#fit}.
 *
 * @param history      one report per epoch run, in order
 * @param finalTrain   the returned model (after any restore of the best parameters) on the training set
 * @param finalHeldOut the same on the held-out set, or null without one
 * @param bestEpoch    the epoch whose parameters were kept by early stopping, or the last epoch without it
 * @param stoppedEarly whether early stopping ended training before the last epoch
 * @param steps        optimizer steps taken
 * @param seconds      wall time of the whole fit
 */
public record TrainingResult(List<EpochReport> history, Evaluation finalTrain, Evaluation finalHeldOut,
                             int bestEpoch, boolean stoppedEarly, long steps, double seconds) {

    /** {@return the last epoch's report} */
    public EpochReport last() {
        return history.get(history.size() - 1);
    }
}
