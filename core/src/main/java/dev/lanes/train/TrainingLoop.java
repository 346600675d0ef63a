package dev.lanes.train;

import dev.lanes.data.Batch;
import dev.lanes.data.Dataset;
import dev.lanes.loss.Targets;
import dev.lanes.nn.ActivityTracking;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Parameters;
import dev.lanes.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@link Training#fit}: every buffer a step needs, allocated here once, and the epoch loop.
 * The step ({@link #step}) touches only these buffers and primitives, so it allocates nothing once the loss
 * and optimizer have sized their own scratch on the first step.
 */
final class TrainingLoop {

    private final Training config;
    private final Dataset train;
    private final Dataset heldOut;
    private final Parameters parameters;
    private final TrainingListener[] listeners;
    private final ActivityTracking[] trackers;
    private final Batch batch;
    private final int[] order;
    private final float[] dOutput;      // (batchSize, outputWidth): ∂loss/∂output
    private final int[] predicted;      // (batchSize): argmax of each output row
    private final float[] best;         // snapshot of the best parameters (early stopping), else null
    private final Evaluator evaluator;
    private final boolean classification;
    private final int outWidth;
    private final int stepsPerEpoch;
    private final Rng rng;

    // Per-epoch accumulators, written by step().
    private double lossSum;
    private long correct;
    private long rowsStepped;
    private float penalty;
    private long steps;

    TrainingLoop(Training config, Dataset train, Dataset heldOut) {
        this.config = config;
        this.train = train;
        this.heldOut = heldOut;
        this.parameters = config.net.parameters();
        this.listeners = config.listeners.toArray(new TrainingListener[0]);
        List<ActivityTracking> tracking = new ArrayList<>();
        for (Layer layer : config.net.layers()) {
            if (layer instanceof ActivityTracking t) {
                tracking.add(t);
            }
        }
        this.trackers = tracking.toArray(new ActivityTracking[0]);
        int rows = Math.min(config.batchSize, train.rows());
        this.batch = train.newBatch(rows);
        this.order = new int[train.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.outWidth = config.net.outputWidth();
        this.dOutput = new float[rows * outWidth];
        this.predicted = new int[rows];
        this.best = config.stopMetric != null ? new float[parameters.size()] : null;
        this.evaluator = new Evaluator(config.net, config.loss);
        this.classification = train.kind() == Targets.Kind.CLASSES;
        this.stepsPerEpoch = (train.rows() + rows - 1) / rows;
        this.rng = new Rng(config.seed);
    }

    TrainingResult run() {
        long start = System.nanoTime();
        for (TrainingListener l : listeners) {
            l.onStart(config.epochs, stepsPerEpoch, train.rows());
        }
        List<EpochReport> history = new ArrayList<>();
        double bestValue = Double.NaN;
        int bestEpoch = -1;
        int sinceBest = 0;
        boolean stoppedEarly = false;
        for (int epoch = 0; epoch < config.epochs; epoch++) {
            float rate = config.schedule.rate(epoch, config.epochs);
            if (!(rate >= 0) || !Float.isFinite(rate)) {
                throw new IllegalStateException("the schedule gave learning rate " + rate + " for epoch " + epoch);
            }
            long epochStart = System.nanoTime();
            runEpoch(epoch, rate);
            long epochNanos = System.nanoTime() - epochStart;
            EpochReport report = report(epoch, rate, epochNanos, System.nanoTime() - start);
            history.add(report);
            for (TrainingListener l : listeners) {
                l.onEpoch(report);
            }
            if (config.stopMetric == null) {
                bestEpoch = epoch;
                continue;
            }
            double value = config.stopMetric.of(report);
            if (bestEpoch < 0 || improves(value, bestValue)) {
                bestValue = value;
                bestEpoch = epoch;
                sinceBest = 0;
                System.arraycopy(parameters.values(), 0, best, 0, best.length);
            } else if (++sinceBest >= config.patience) {
                stoppedEarly = epoch < config.epochs - 1;
                break;
            }
        }
        if (best != null) {
            System.arraycopy(best, 0, parameters.values(), 0, best.length);
        }
        Evaluation finalTrain = evaluator.evaluate(train);
        Evaluation finalHeldOut = heldOut != null ? evaluator.evaluate(heldOut) : null;
        TrainingResult result = new TrainingResult(List.copyOf(history), finalTrain, finalHeldOut, bestEpoch,
                stoppedEarly, steps, (System.nanoTime() - start) * 1e-9);
        for (TrainingListener l : listeners) {
            l.onEnd(result);
        }
        return result;
    }

    /** A NaN metric never improves; otherwise better by more than minDelta in the metric's direction. */
    private boolean improves(double value, double bestValue) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(bestValue)) {
            return true;
        }
        return config.stopMetric.lowerIsBetter ? value < bestValue - config.minDelta
                : value > bestValue + config.minDelta;
    }

    private void runEpoch(int epoch, float rate) {
        if (config.shuffle) {
            rng.shuffle(order, order.length);
        }
        for (ActivityTracking t : trackers) {
            t.resetActivity();
        }
        lossSum = 0;
        correct = 0;
        rowsStepped = 0;
        for (int s = 0; s < stepsPerEpoch; s++) {
            int from = s * batch.capacity();
            step(epoch, s, from, Math.min(batch.capacity(), order.length - from), rate);
        }
    }

    /** One optimizer step on rows order[from .. from + count). Allocates nothing. */
    private void step(int epoch, int s, int from, int count, float rate) {
        train.gather(batch, order, from, count);
        float[] out = config.net.forward(batch.features(), count, true);
        float dataLoss = config.loss.forwardBackward(dOutput, out, batch.targets(), count, outWidth);
        int right = classification
                ? Evaluator.countCorrect(predicted, out, batch.targets().labels(), count, outWidth) : 0;
        parameters.zeroGradients();
        config.net.backward(dOutput, count);
        float stepPenalty = config.regularizer != null ? config.regularizer.addGradients(parameters) : 0f;
        float total = dataLoss + stepPenalty;
        if (!Float.isFinite(total)) {
            if (!config.continueOnNonFinite) {
                throw new NonFiniteLossException(epoch, s, total);
            }
            for (TrainingListener l : listeners) {
                l.onNonFinite(epoch, s, total);
            }
            return;
        }
        config.optimizer.step(parameters, rate);
        steps++;
        lossSum += (double) dataLoss * count;
        correct += right;
        rowsStepped += count;
        penalty = stepPenalty;
        for (TrainingListener l : listeners) {
            l.onStep(epoch, s, stepsPerEpoch, total);
        }
    }

    private EpochReport report(int epoch, float rate, long epochNanos, long elapsedNanos) {
        double[] dead = new double[trackers.length];
        for (int i = 0; i < trackers.length; i++) {
            dead[i] = (double) trackers[i].deadUnits() / trackers[i].units();
        }
        Evaluation held = heldOut != null ? evaluator.evaluate(heldOut) : null;
        // Over the rows of the steps taken: skipped non-finite steps count for neither loss nor accuracy.
        double rows = rowsStepped;
        return new EpochReport(epoch, lossSum / rows, classification ? correct / rows : Double.NaN,
                held != null ? held.loss() : Double.NaN, held != null ? held.accuracy() : Double.NaN, penalty, rate,
                train.rows() / Math.max(epochNanos * 1e-9, 1e-9), elapsedNanos * 1e-9, dead);
    }
}
