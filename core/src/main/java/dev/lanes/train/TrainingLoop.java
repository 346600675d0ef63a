package dev.lanes.train;

import dev.lanes.data.Batch;
import dev.lanes.data.Dataset;
import dev.lanes.infer.Checkpoint;
import dev.lanes.infer.Model;
import dev.lanes.loss.Targets;
import dev.lanes.nn.ActivityTracking;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Parameters;
import dev.lanes.nn.Sequential;
import dev.lanes.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    private final Batch[] batches;      // a step's batch, and the next one filled ahead (on 2+ threads only)
    private int current;                // the index of this step's batch in batches
    private boolean filledAhead;        // this step's input was handed out ahead by the step before
    private final int[] order;
    private final float[] dOutput;      // (batchSize, outputWidth): ∂loss/∂output
    private final int[] predicted;      // (batchSize): argmax of each output row
    private final float[] best;         // snapshot of the best parameters (early stopping), else null
    private final Evaluator evaluator;
    private final boolean classification;
    private final int outWidth;
    private final int stepsPerEpoch;
    private final Rng rng;
    private final int watch;            // 0, or 1 + the early-stopping metric's ordinal (Checkpoint.Loop)
    private int startEpoch;

    // Early stopping's record: the best value of the metric so far, its epoch, epochs since.
    private double bestValue = Double.NaN;
    private int bestEpoch = -1;
    private int sinceBest;

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
        this.batches = new Batch[] {train.newBatch(rows), null}; // the second when a step first fills ahead
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
        this.watch = config.stopMetric == null ? 0 : config.stopMetric.ordinal() + 1;
        if (config.resumeFrom != null) {
            resume(config.resumeFrom);
        }
    }

    /** Puts the loop, network and optimizer in the checkpoint's state, after checking that it fits this run. */
    private void resume(Checkpoint c) {
        Checkpoint.Loop l = c.loop();
        if (l.stoppedEarly()) {
            throw new IllegalStateException("the checkpoint's run was ended by early stopping after epoch "
                    + l.epoch() + "; there is nothing to resume");
        }
        if (l.epoch() >= config.epochs) {
            throw new IllegalStateException("the checkpoint has run " + l.epoch() + " epochs and this run is for "
                    + config.epochs + "; ask for more epochs to train further");
        }
        if (l.rows() != train.rows()) {
            throw new IllegalArgumentException("the checkpoint's run trained on " + l.rows() + " rows, this one on "
                    + train.rows() + " (" + train.name() + ")");
        }
        if (l.batchSize() != config.batchSize) {
            throw new IllegalArgumentException("the checkpoint's run took batches of " + l.batchSize()
                    + " rows, this one " + config.batchSize);
        }
        if (l.watch() != watch) {
            throw new IllegalArgumentException("the checkpoint's run watched " + watched(l.watch())
                    + " for early stopping, this one " + watched(watch));
        }
        c.restore(config.net);
        config.optimizer.restore(c.optimizer(), parameters);
        rng.moveTo(l.shuffle());
        System.arraycopy(l.order(), 0, order, 0, order.length);
        startEpoch = l.epoch();
        if (watch != 0) {
            bestEpoch = l.bestEpoch();
            bestValue = l.bestValue();
            sinceBest = bestEpoch >= 0 ? l.epoch() - 1 - bestEpoch : 0;
            if (l.best() != null) {
                System.arraycopy(l.best(), 0, best, 0, best.length);
            }
        }
    }

    private static String watched(int watch) {
        return watch == 0 ? "nothing" : Training.Metric.values()[watch - 1].toString();
    }

    TrainingResult run() {
        long start = System.nanoTime();
        for (TrainingListener l : listeners) {
            l.onStart(config.epochs, stepsPerEpoch, train.rows());
        }
        try {
            return epochs(start);
        } finally {
            config.net.awaitInputAhead(); // after an exception, a fill handed out ahead may still be running
        }
    }

    private TrainingResult epochs(long start) {
        List<EpochReport> history = new ArrayList<>();
        int lastBest = -1; // without early stopping: the last epoch run
        boolean stoppedEarly = false;
        for (int epoch = startEpoch; epoch < config.epochs; epoch++) {
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
            boolean stop = false;
            if (config.stopMetric == null) {
                lastBest = epoch;
            } else {
                double value = config.stopMetric.of(report);
                if (bestEpoch < 0 || improves(value, bestValue)) {
                    bestValue = value;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    System.arraycopy(parameters.values(), 0, best, 0, best.length);
                } else if (++sinceBest >= config.patience) {
                    stop = true;
                    stoppedEarly = epoch < config.epochs - 1;
                }
            }
            boolean last = stop || epoch == config.epochs - 1;
            if (config.checkpointSink != null && (last || (epoch + 1) % config.checkpointEvery == 0)) {
                hand(checkpoint(epoch + 1, last, stoppedEarly));
            }
            if (stop) {
                break;
            }
        }
        if (best != null && bestEpoch >= 0) {
            System.arraycopy(best, 0, parameters.values(), 0, best.length);
        }
        if (config.stopMetric != null) {
            lastBest = bestEpoch;
        }
        Evaluation finalTrain = evaluator.evaluate(train);
        Evaluation finalHeldOut = heldOut != null ? evaluator.evaluate(heldOut) : null;
        TrainingResult result = new TrainingResult(List.copyOf(history), finalTrain, finalHeldOut, lastBest,
                stoppedEarly, steps, (System.nanoTime() - start) * 1e-9);
        for (TrainingListener l : listeners) {
            l.onEnd(result);
        }
        return result;
    }

    /**
     * The run's state after {@code epochsDone} epochs. The training parameters are this moment's; the model
     * section too, except after the last epoch, where it holds what fit returns (the best, with early stopping).
     */
    private Checkpoint checkpoint(int epochsDone, boolean last, boolean stopped) {
        float[] now = parameters.values().clone();
        if (last && watch != 0) {
            System.arraycopy(best, 0, parameters.values(), 0, best.length); // fit restores them anyway
        }
        Model model = Model.of(config.net);
        List<Rng.Position> dropout = new ArrayList<>();
        for (Layer layer : config.net.layers()) {
            if (layer instanceof Dropout d) {
                dropout.add(d.generator().position());
            }
        }
        boolean tracking = watch != 0 && bestEpoch >= 0;
        return new Checkpoint(model, now, config.optimizer.state(parameters), new Checkpoint.Loop(epochsDone,
                config.epochs, config.batchSize, rng.position(), order.clone(), dropout, watch,
                tracking ? bestEpoch : -1, tracking ? bestValue : Double.NaN, tracking ? best.clone() : null,
                stopped));
    }

    private void hand(Checkpoint c) {
        try {
            config.checkpointSink.accept(c);
        } catch (IOException e) {
            throw new UncheckedIOException("saving the checkpoint after epoch " + c.loop().epoch() + ": "
                    + e.getMessage(), e);
        }
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
        int capacity = batches[0].capacity();
        for (int s = 0; s < stepsPerEpoch; s++) {
            int from = s * capacity;
            step(epoch, s, from, Math.min(capacity, order.length - from), rate);
        }
    }

    // The rows of the step in progress, for fillColumns, and of the next step, for fillAhead (fields: nothing
    // is allocated per step).
    private int fillFrom;
    private int fillCount;
    private final Sequential.InputColumns fillColumns = this::fillColumns;
    private Batch aheadBatch;
    private int aheadFrom;
    private int aheadCount;
    private final Sequential.InputColumns fillAhead = this::fillAhead;

    // Copies this step's columns [c0, c1), then starts the next step's rows of the same columns on their way
    // (Dataset.prefetchColumns): the thread that copies columns in one step copies them in the next.
    private void fillColumns(int c0, int c1) {
        train.gatherColumns(batches[current], order, fillFrom, fillCount, c0, c1);
        int next = fillFrom + fillCount;
        train.prefetchColumns(order, next, Math.min(fillCount, order.length - next), c0, c1);
    }

    // Copies the next step's columns [c0, c1) into the other batch, on a helper (Sequential.fillInputAhead).
    private void fillAhead(int c0, int c1) {
        train.gatherColumns(aheadBatch, order, aheadFrom, aheadCount, c0, c1);
    }

    /** One optimizer step on rows order[from .. from + count). Allocates nothing. */
    private void step(int epoch, int s, int from, int count, float rate) {
        Batch batch = batches[current];
        train.gatherTargets(batch, order, from, count);
        if (filledAhead) {
            config.net.awaitInputAhead();
        } else {
            fillFrom = from;
            fillCount = count;
            config.net.fillInput(fillColumns); // each training thread copies the columns it multiplies
        }
        // With helpers, they copy the next step's rows while this thread runs the loss and the layers it runs
        // alone; not across an epoch's end, since the next epoch shuffles the order first.
        int next = from + count;
        filledAhead = config.net.threads() > 1 && next < order.length;
        if (filledAhead) {
            if (batches[current ^ 1] == null) { // once per run, on the first step with helpers
                batches[current ^ 1] = train.newBatch(batch.capacity());
            }
            aheadBatch = batches[current ^ 1];
            aheadFrom = next;
            aheadCount = Math.min(count, order.length - next);
            config.net.fillInputAhead(fillAhead);
        }
        try {
            stepOn(batch, epoch, s, count, rate);
        } finally {
            if (filledAhead) {
                current ^= 1;
            }
        }
    }

    private void stepOn(Batch batch, int epoch, int s, int count, float rate) {
        float[] out = config.net.forward(batch.features(), count, true);
        float dataLoss = config.loss.forwardBackward(dOutput, out, batch.targets(), count, outWidth);
        int right = classification
                ? Evaluator.countCorrect(predicted, out, batch.targets().labels(), count, outWidth) : 0;
        config.net.zeroGradientsAndBackward(dOutput, count);
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
