package dev.lanes.train;

import dev.lanes.args.Args;
import dev.lanes.data.Dataset;
import dev.lanes.infer.Checkpoint;
import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.Loss;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.LearningRateSchedule;
import dev.lanes.optim.Optimizer;
import dev.lanes.parallel.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Mini-batch training of a {@link Sequential} network: a builder that is also the run's configuration.
 *
 * <pre>
 *   Dataset spiral = Generators.spiral(3, 100, 0.2, 0);
 *   Sequential net = Sequential.of(30, 1, new Dense(2, 100), new Relu(100), new Dense(100, 3));
 *   TrainingResult r = Training.of(net, new SoftmaxCrossEntropy(), new Sgd())
 *           .batchSize(30).epochs(300).learningRate(0.5f).regularizer(new L2Regularization(1e-3f)).seed(1)
 *           .fit(spiral);
 *   r.finalTrain().accuracy();   // 0.983 (LearningTest)
 * </pre>
 *
 * Each epoch shuffles the training rows (a {@link dev.lanes.random.Rng} from {@link #seed}), steps through
 * them in batches of {@link #batchSize} (the last batch may be smaller), then evaluates the held-out set.
 * A step is gather → forward → loss → zero gradients → backward → regularizer → optimizer, and allocates
 * nothing after the first epoch's warm-up; only per-epoch work (reports, events) allocates.
 * Defaults: batch 32 (or the network's maxBatch if smaller), 10 epochs, learning rate 0.01, seed 0, shuffling
 * on, no regularizer, no early stopping, stop on a non-finite loss.
 *
 * <p><b>Checkpoints.</b> {@link #checkpoints} hands the run's state to a {@link Checkpoint.Sink} every few
 * epochs; {@link #resume} continues from one. A run of E epochs stopped after e and resumed to E ends with the
 * parameters and optimizer state of the uninterrupted run, bit for bit, given the same configuration (the
 * configuration is not saved; what can be checked — architecture, optimizer and its constants, training rows,
 * batch size, the metric early stopping watches — is).
 */
public final class Training {

    /** The most threads {@link #threads(int)} accepts. */
    public static final int MAX_THREADS = Workers.MAX_THREADS;

    /** What early stopping watches. A checkpoint records it as 1 + its position here, so the order is fixed. */
    public enum Metric {
        /** The mean data loss over the epoch's training steps; lower is better. */
        TRAIN_LOSS(true),
        /** The mean data loss on the held-out set; lower is better. */
        HELD_OUT_LOSS(true),
        /** The accuracy on the held-out set (classification only); higher is better. */
        HELD_OUT_ACCURACY(false);

        final boolean lowerIsBetter;

        Metric(boolean lowerIsBetter) {
            this.lowerIsBetter = lowerIsBetter;
        }

        double of(EpochReport r) {
            return switch (this) {
                case TRAIN_LOSS -> r.trainLoss();
                case HELD_OUT_LOSS -> r.heldOutLoss();
                case HELD_OUT_ACCURACY -> r.heldOutAccuracy();
            };
        }
    }

    final Sequential net;
    final Loss loss;
    final Optimizer optimizer;
    int batchSize;
    int epochs = 10;
    long seed;
    boolean shuffle = true;
    LearningRateSchedule schedule = (epoch, total) -> 0.01f;
    Regularizer regularizer;
    final List<TrainingListener> listeners = new ArrayList<>();
    Metric stopMetric;
    int patience;
    double minDelta;
    boolean continueOnNonFinite;
    int checkpointEvery;
    int threads; // 0: the network's own setting
    Checkpoint.Sink checkpointSink;
    Checkpoint resumeFrom;

    private Training(Sequential net, Loss loss, Optimizer optimizer) {
        this.net = Objects.requireNonNull(net, "net");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.batchSize = Math.min(32, net.maxBatch());
    }

    /**
     * A training run of {@code net} minimising {@code loss} with {@code optimizer}.
     *
     * @param net       the network to train; its maxBatch bounds the batch size
     * @param loss      the data loss to minimise
     * @param optimizer updates the parameters each step
     * @return the run's configuration, with the defaults of the class comment
     */
    public static Training of(Sequential net, Loss loss, Optimizer optimizer) {
        return new Training(net, loss, optimizer);
    }

    /**
     * Rows per step, in [1, net.maxBatch()].
     *
     * @param rows the batch size
     * @return this run
     */
    public Training batchSize(int rows) {
        if (rows < 1 || rows > net.maxBatch()) {
            throw new IllegalArgumentException("batch size " + rows + " is outside [1, " + net.maxBatch()
                    + "], the network's maxBatch");
        }
        this.batchSize = rows;
        return this;
    }

    /**
     * Passes over the training set (at most; early stopping may end sooner).
     *
     * @param epochs the number of epochs, ≥ 1
     * @return this run
     */
    public Training epochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /**
     * Seeds the shuffling, so a run is reproducible given the network's own seed.
     *
     * @param seed seeds the shuffling generator
     * @return this run
     */
    public Training seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Whether to shuffle the rows each epoch (on by default; off steps through them in order).
     *
     * @param on whether to shuffle
     * @return this run
     */
    public Training shuffle(boolean on) {
        this.shuffle = on;
        return this;
    }

    /**
     * A constant learning rate.
     *
     * @param rate the rate, finite and &gt; 0
     * @return this run
     */
    public Training learningRate(float rate) {
        if (!(rate > 0) || !Float.isFinite(rate)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + rate);
        }
        this.schedule = (epoch, total) -> rate;
        return this;
    }

    /**
     * A learning rate per epoch.
     *
     * @param schedule the rate of each epoch
     * @return this run
     */
    public Training schedule(LearningRateSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        return this;
    }

    /**
     * A penalty on the parameters (e.g. L2), applied every step after backward; null for none.
     *
     * @param regularizer the penalty, or null for none
     * @return this run
     */
    public Training regularizer(Regularizer regularizer) {
        this.regularizer = regularizer;
        return this;
    }

    /**
     * L2 regularisation: ½·λ·Σw² over the decaying tensors is added to the loss, λ·w to their gradients.
     *
     * @param l2 the L2 penalty, or null for none
     * @return this run
     */
    public Training regularizer(L2Regularization l2) {
        this.regularizer = l2 == null ? null : l2::forwardBackward;
        return this;
    }

    /**
     * Adds a listener; listeners are called in the order added.
     *
     * @param listener called on each training event
     * @return this run
     */
    public Training listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Stops when {@code metric} has not improved by more than {@code minDelta} for {@code patience} epochs in
     * a row, and in any case ends with the parameters of the best epoch restored (copied back from a
     * preallocated snapshot; optimizer state is not rewound).
     *
     * @param metric   what to watch
     * @param patience the epochs without improvement that stop the run, ≥ 1
     * @param minDelta the smallest change that counts as an improvement, ≥ 0
     * @return this run
     */
    public Training earlyStopping(Metric metric, int patience, double minDelta) {
        if (patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("need patience ≥ 1 and minDelta ≥ 0, got " + patience + " and "
                    + minDelta);
        }
        this.stopMetric = Objects.requireNonNull(metric, "metric");
        this.patience = patience;
        this.minDelta = minDelta;
        return this;
    }

    /**
     * When on, a step with a NaN or infinite loss is skipped (no update) and reported to
     * {@link TrainingListener#onNonFinite}; when off (the default), it throws {@link NonFiniteLossException}.
     *
     * @param on whether to skip non-finite steps
     * @return this run
     */
    public Training continueOnNonFinite(boolean on) {
        this.continueOnNonFinite = on;
        return this;
    }

    /**
     * Hands a {@link Checkpoint} of the run to {@code sink} after every {@code everyEpochs} epochs (counted from
     * the start of the run, resumed or not: epochs e with (e + 1) mod everyEpochs = 0) and after the last epoch
     * run, whether the run ends there or early stopping ends it. A checkpoint's model section holds the
     * parameters of that moment, except the last one's, which holds what {@link #fit} returns (early stopping's
     * best). Copying the state allocates, once per checkpoint; the steps still allocate nothing. An
     * {@code IOException} from the sink ends the run as an {@link java.io.UncheckedIOException}.
     *
     * @param everyEpochs the epochs between checkpoints, ≥ 1
     * @param sink        receives each checkpoint
     * @return this run
     */
    public Training checkpoints(int everyEpochs, Checkpoint.Sink sink) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("everyEpochs must be at least 1, got " + everyEpochs);
        }
        this.checkpointEvery = everyEpochs;
        this.checkpointSink = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /**
     * Continues the run saved in {@code checkpoint} instead of starting one: {@link #fit} puts its parameters
     * into the network and its dropout generators where they were ({@link Checkpoint#restore}), restores the
     * optimizer's state, and runs the epochs from {@code checkpoint.loop().epoch()} to {@link #epochs}, with the
     * shuffling generator, row order and early stopping's record as they were. The learning-rate schedule is
     * asked for those epochs of a run of {@link #epochs} epochs, so with the same epochs the rates are the
     * uninterrupted run's. The result's history holds the epochs run by this fit.
     *
     * <p>{@link #fit} throws IllegalArgumentException when the checkpoint does not fit this run (another
     * architecture, optimizer or optimizer constant, number of training rows, batch size or early-stopping
     * metric; the message names it), and IllegalStateException when the saved run stopped early or has already
     * run {@link #epochs} epochs.
     *
     * @param checkpoint a checkpoint of a run of this network, loss and optimizer
     * @return this run
     */
    public Training resume(Checkpoint checkpoint) {
        this.resumeFrom = Objects.requireNonNull(checkpoint, "checkpoint");
        return this;
    }

    /**
     * Trains on {@code threads} threads: this run sets {@link Sequential#threads(int)} on the network and puts
     * back its previous count when it ends. The result is bit-identical for every thread count
     * ({@link Sequential#threads(int)} says how the work is split).
     * Default: the network's own setting (1 unless set).
     *
     * @param threads the number of threads, the caller's included: 1 to {@link #MAX_THREADS}
     * @return this builder
     * @throws IllegalArgumentException unless 1 ≤ threads ≤ 256
     */
    public Training threads(int threads) {
        Args.inRange("threads", threads, 1, Workers.MAX_THREADS);
        this.threads = threads;
        return this;
    }

    /**
     * Trains on {@code train} without a held-out set.
     *
     * @param train the training set
     * @return the run's history and final evaluation
     */
    public TrainingResult fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains on {@code train}, evaluating {@code heldOut} (nullable) after each epoch.
     *
     * @param train   the training set
     * @param heldOut the held-out set, or null for none
     * @return the run's history and final evaluations
     * @throws IllegalArgumentException when a dataset does not fit the network or the loss
     * @throws IllegalStateException    when early stopping watches a held-out metric without a held-out set
     * @throws NonFiniteLossException   on a NaN or infinite loss, unless {@link #continueOnNonFinite} is on
     */
    public TrainingResult fit(Dataset train, Dataset heldOut) {
        check(net, loss, train);
        if (heldOut != null) {
            check(net, loss, heldOut);
        }
        if (stopMetric != null && stopMetric != Metric.TRAIN_LOSS && heldOut == null) {
            throw new IllegalStateException("early stopping on " + stopMetric + " needs a held-out set");
        }
        if (stopMetric == Metric.HELD_OUT_ACCURACY && loss.targetKind() != Targets.Kind.CLASSES) {
            throw new IllegalStateException("accuracy applies to classification only");
        }
        int before = net.threads();
        if (threads > 0) {
            net.threads(threads);
        }
        try {
            return new TrainingLoop(this, train, heldOut).run();
        } finally {
            net.threads(before);
        }
    }

    static void check(Sequential net, Loss loss, Dataset data) {
        if (data.width() != net.inputWidth()) {
            throw new IllegalArgumentException(data.name() + " has " + data.width() + " features but the network"
                    + " takes " + net.inputWidth());
        }
        if (data.kind() != loss.targetKind()) {
            throw new IllegalArgumentException(data.name() + " holds " + data.kind() + " targets but the loss takes "
                    + loss.targetKind());
        }
        if (data.targetWidth() != net.outputWidth()) {
            throw new IllegalArgumentException(data.name() + " has " + data.targetWidth()
                    + (data.kind() == Targets.Kind.CLASSES ? " classes" : " target values")
                    + " per row but the network outputs " + net.outputWidth());
        }
    }

    /**
     * Mean loss and (for classification) accuracy of {@code net} on {@code data}, in inference mode.
     *
     * @param net  the network; run in inference mode
     * @param loss the data loss to measure
     * @param data the set to measure on; it must fit the network and the loss
     * @return the mean loss, accuracy (NaN for regression) and row count
     */
    public static Evaluation evaluate(Sequential net, Loss loss, Dataset data) {
        check(net, loss, data);
        return new Evaluator(net, loss).evaluate(data);
    }
}
