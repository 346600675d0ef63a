package dev.lanes.cli;

import dev.lanes.cli.Choices.Activation;
import dev.lanes.cli.Choices.LossKind;
import dev.lanes.cli.Choices.OptimizerKind;
import dev.lanes.data.Dataset;
import dev.lanes.data.Standardization;
import dev.lanes.infer.Checkpoint;
import dev.lanes.infer.Model;
import dev.lanes.kernels.KernelInfo;
import dev.lanes.kernels.Kernels;
import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Sequential;
import dev.lanes.train.Evaluation;
import dev.lanes.train.Predictions;
import dev.lanes.train.Training;
import dev.lanes.train.TrainingListener;
import dev.lanes.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lanes train}: builds a network, trains it, reports, and optionally plots and saves it. */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Trains a fully connected network on a built-in data set, a CSV file or IDX files (the MNIST "
                + "family), and measures it on a separate test set.",
            "Defaults on the built-in sets train the CS231n spiral to about 98 %% accuracy: 3 classes × 100 points, "
                + "2-100-3 ReLU, softmax cross-entropy, SGD 0.5, L2 1e-3, batches of 30, 300 epochs. On files: "
                + "Adam 1e-3, batches of 64, no L2, 10 epochs (more on a small file: enough for 2000 steps)."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "SET|FILE|DIR", defaultValue = "spiral",
            description = "spiral, sine (regression), xor, blobs, a CSV file with a header row, an IDX images file "
                    + "(its labels file beside it, e.g. train-images-idx3-ubyte.gz), or a directory of IDX files "
                    + "(split train) (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--test", paramLabel = "FILE|DIR",
            description = "a separate labelled set to measure the trained model on, once, at the end: CSV (same "
                    + "--label), an IDX images file, or a directory of IDX files (split t10k)")
    Path test;

    @Option(names = "--label", paramLabel = "NAME", description = "CSV: the column to predict (required with a file)")
    String label;

    @Option(names = "--regression", description = "CSV: the label column is a number to fit, not a class")
    boolean regression;

    @Option(names = "--standardize", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "files: train on standardised features, the scaling fitted on the training rows only; "
                    + "it is folded into the saved model, which takes raw inputs (default: on)")
    boolean standardize;

    @Option(names = "--classes", defaultValue = "3", description = "spiral, blobs: classes (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--points", paramLabel = "N",
            description = "built-in sets: points per class (xor: per corner, sine: in all; default: the set's own)")
    Integer points;

    @Option(names = "--noise", paramLabel = "SIGMA",
            description = "built-in sets: noise (spiral 0.2, xor 0.15, sine 0.1; blobs: spread 1.0)")
    Double noise;

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]", defaultValue = "100",
            description = "hidden layer widths (default: ${DEFAULT-VALUE})")
    List<Integer> hidden;

    @Option(names = "--activation", defaultValue = "relu", converter = Choices.ActivationConverter.class,
            completionCandidates = Choices.ActivationNames.class,
            description = "${COMPLETION-CANDIDATES} (default: relu)")
    Activation activation;

    @Option(names = "--loss", converter = Choices.LossConverter.class, completionCandidates = Choices.LossNames.class,
            description = "${COMPLETION-CANDIDATES} (default: softmax-ce for classes, mse for regression; "
                    + "bce: one logistic output per class, or 0..1 regression targets)")
    LossKind loss;

    @Option(names = "--optimizer", converter = Choices.OptimizerConverter.class,
            completionCandidates = Choices.OptimizerNames.class,
            description = "${COMPLETION-CANDIDATES} (default: adam for files and regression, sgd for the built-in"
                    + " classification sets)")
    OptimizerKind optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "learning rate (default on files: sgd/momentum/nesterov/adagrad 0.01, rmsprop/adam/adamw "
                    + "0.001; on the built-in sets: sgd 0.5, momentum/nesterov/adagrad 0.1, rmsprop/adam/adamw 0.01)")
    Float learningRate;

    @Option(names = "--schedule", paramLabel = "SCHEDULE", converter = ScheduleOption.Converter.class,
            description = "the learning rate over the epochs: constant; step:N:F (×F every N epochs); exp:G (×G each "
                    + "epoch); cosine or cosine:MIN (down to MIN, default 0, over the run) (default: cosine on files, constant on the "
                    + "built-in sets)")
    ScheduleOption schedule;

    @Option(names = "--epochs", description = "passes over the data (default: 300 on the built-in sets; on files 10,"
            + " or enough for 2000 steps on a small file, at most 1000)")
    Integer epochs;

    @Option(names = "--batch", description = "rows per step (default: 64 on files, 30 on the built-in sets)")
    Integer batch;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0",
            description = "drop each hidden unit with probability P while training (inverted dropout after every "
                    + "hidden activation; 0 for none) (default: ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--patience", paramLabel = "N",
            description = "early stopping: end when the held-out loss (with --held-out; the training loss without)"
                    + " has not improved for N epochs, and keep the best epoch's model (default: off)")
    Integer patience;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "train on N threads (e.g. the number of cores); the trained model is the same bits for"
                    + " any N (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "seeds data, initialisation and shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--l2", paramLabel = "LAMBDA",
            description = "L2 regularisation strength, 0 for none (default: 1e-3 on the built-in sets, 0 on files)")
    Float l2;

    @Option(names = "--held-out", paramLabel = "FRACTION", defaultValue = "0",
            description = "hold this fraction of the training rows out and report on it every epoch (default: none)")
    double heldOut;

    @Option(names = "--save", paramLabel = "FILE", description = "write the trained model here (e.g. model.lanes)")
    Path save;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0",
            description = "with --save: replace FILE atomically with a checkpoint (the model and the training state)"
                    + " every N epochs and at the end, so --resume FILE can continue the run (default: off)")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "continue the run saved in this checkpoint: give the command that started it (same data, "
                    + "seed, network, optimizer, batch, epochs) with --resume FILE added")
    Path resume;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "2-D classes: decision regions in FILE.png and learning curves in FILE-curves.png; "
                    + "1-D regression: the fit in FILE.png and curves in FILE-curves.png; otherwise curves in FILE.png")
    Path plot;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    private final boolean terminal;

    TrainCommand(boolean terminal) {
        this.terminal = terminal;
    }

    /**
     * What training needs of the loaded data: its description, names and loss, and the rows to train on, hold
     * out and test on, all scaled by {@code scaling} (fitted on {@code train} alone; null without one), and the
     * raw rows to plot (null when no plot draws them).
     */
    private record Sets(String description, TrainingData.Names names, LossKind loss, boolean oneHot, Dataset train,
                        Dataset held, Dataset test, Standardization scaling, Dataset plotRows, boolean file) {}

    @Override
    public Integer call() throws Exception {
        checkArguments();
        // Files written after training are checked before it, so a typo does not cost the run. --save may be
        // --resume's file: a resumed run replaces its checkpoint.
        Path dataFile = TrainingData.BUILT_IN.contains(data) ? null : Path.of(data);
        OutputFiles.check("--save", save, "--data", dataFile, "--test", test);
        OutputFiles.check("--plot", plot, "--data", dataFile, "--test", test, "--resume", resume, "--save", save);
        PrintWriter out = spec.commandLine().getOut();
        Sets sets = load();
        TrainingData.Names names = sets.names();
        LossKind lossKind = sets.loss();
        resolveDefaults(sets.file(), names.classification(), sets.train().rows());
        // bce on classes: the loop sees value targets, so accuracy is measured here, on the epoch-end model.
        boolean oneHot = sets.oneHot();
        Dataset train = sets.train();
        Dataset held = sets.held();
        Sequential net = network(train.width(), train.targetWidth());
        Checkpoint from = resume != null ? resumable() : null;
        out.println("training " + sets.description() + " with " + describe(net) + ", " + lossKind.label() + ", "
                + optimizer.label() + " " + rate() + schedule.describe() + (l2 > 0 ? ", L2 " + l2 : "") + ", batch "
                + batch + ", " + epochs + " epochs" + (patience != null ? ", early stopping on " + watched(held)
                + " loss, patience " + patience : ""));
        if (names.classification() && !names.classes().equals(TrainingData.indexNames(train.targetWidth()))) {
            out.println("classes: " + classMap(names.classes()) + " (predict prints the index)");
        }
        Curves curves = new Curves(oneHot ? r -> accuracy(net, train) : null);
        Progress progress = new Progress(out, terminal, oneHot ? r -> curves.lastAccuracy() : null,
                schedule != ScheduleOption.CONSTANT);
        Training training = Training.of(net, lossKind.loss(), optimizer.optimizer())
                .batchSize(batch).epochs(epochs).schedule(schedule.schedule(rate())).seed(seed)
                .listener(curves).listener(progress).threads(threads);
        if (patience != null) {
            training.earlyStopping(held != null ? Training.Metric.HELD_OUT_LOSS : Training.Metric.TRAIN_LOSS,
                    patience, 0);
        }
        if (l2 > 0) {
            training.regularizer(new L2Regularization(l2));
        }
        if (from != null) {
            training.resume(from);
            // Said once the run has accepted the checkpoint (shape, rows, batch, optimizer): fit checks it
            // before the first epoch, and onStart comes after those checks.
            training.listener(new TrainingListener() {
                @Override
                public void onStart(int epochs, int stepsPerEpoch, int trainRows) {
                    out.println("resuming " + resume + ": " + from);
                }
            });
        }
        Checkpoint[] last = new Checkpoint[1];
        if (checkpointEvery > 0) {
            Standardization scaling = sets.scaling();
            training.checkpoints(checkpointEvery, c -> {
                last[0] = scaling == null ? c : c.withModel(folded(c.model(), scaling));
                last[0].save(save);
            });
        }
        TrainingResult result;
        try {
            result = training.fit(train, held);
        } finally {
            progress.finish();
        }
        out.println(summary(names.classification(), result, net, train, held, oneHot));
        if (sets.test() != null) {
            out.println(testSummary(net, lossKind, sets.test(), oneHot));
        }
        if (sets.scaling() != null) {
            Scaling.foldInto(net, sets.scaling());
        }
        if (plot != null) {
            out.println(plots(names, sets.plotRows(), net, curves));
        }
        if (last[0] != null) { // the last checkpoint holds this model (folded, early stopping's best) and the state
            out.println("saved " + save + " (" + last[0].model().parameterCount() + " parameters, format version 2: a"
                    + " checkpoint " + last[0] + ")");
        } else if (save != null) {
            Model model = Model.of(net);
            model.save(save);
            out.println("saved " + save + " (" + model.parameterCount() + " parameters, format version "
                    + model.formatVersion() + ")");
        }
        out.flush();
        return 0;
    }

    /**
     * Loads --data and --test, splits off the held-out rows, then fits the standardisation on the remaining
     * training rows alone and applies it to the training, held-out and test rows: no statistic of a row that is
     * measured reaches the model. The raw rows are kept only where a plot draws them (1 or 2 features), so a
     * 60 000-image set is not held twice through training.
     */
    private Sets load() throws java.io.IOException {
        TrainingData loaded = TrainingData.load(data, classes, points == null ? 0 : points,
                noise == null ? -1 : noise, seed, label, regression);
        LossKind lossKind = lossFor(loaded);
        boolean oneHot = lossKind == LossKind.BCE && loaded.classification();
        Dataset raw = loaded.data();
        TrainingData testData = test != null ? TrainingData.loadTest("--test", test, loaded, label, regression) : null;
        Dataset train = raw;
        Dataset held = null;
        if (heldOut > 0) {
            Dataset.Split split = raw.split(heldOut, seed);
            train = split.train();
            held = split.heldOut();
        }
        Dataset testSet = testData != null ? testData.data() : null;
        Standardization scaling = null;
        if (loaded.file() && standardize) {
            scaling = Standardization.fit(train);
            // The sets are standardised over their own arrays: nothing else holds them (the raw rows are kept
            // only for a plot of 1 or 2 features, and then train is copied), so 60 000 images are not held
            // twice at the peak.
            boolean rawKept = plot != null && raw.width() <= 2;
            train = rawKept && train == raw ? scaling.apply(train) : scaling.applyReusing(train);
            held = held != null ? scaling.applyReusing(held) : null;
            testSet = testSet != null ? scaling.applyReusing(testSet) : null;
        }
        if (oneHot) {
            train = oneHot(train);
            held = held != null ? oneHot(held) : null;
            testSet = testSet != null ? oneHot(testSet) : null;
        }
        return new Sets(raw.toString(), loaded.names(), lossKind, oneHot, train, held, testSet, scaling,
                plot != null && raw.width() <= 2 ? raw : null, loaded.file());
    }

    /** Fills in the options left out, by the kind of data ({@link Defaults}). */
    private void resolveDefaults(boolean file, boolean classification, int trainRows) {
        if (optimizer == null) {
            optimizer = Defaults.optimizer(file, classification);
        }
        if (learningRate == null) {
            learningRate = Defaults.rate(optimizer, file);
        }
        if (batch == null) {
            batch = Defaults.batch(file);
        }
        if (epochs == null) {
            epochs = Defaults.epochs(file, trainRows, batch);
        }
        if (l2 == null) {
            l2 = Defaults.l2(file);
        }
        if (schedule == null) {
            schedule = Defaults.schedule(file);
        }
    }

    private static String watched(Dataset held) {
        return held != null ? "held-out" : "training";
    }

    /** The --resume checkpoint, checked against what this command asks for where the core cannot tell. */
    private Checkpoint resumable() throws java.io.IOException {
        Checkpoint c = Checkpoint.load(resume);
        if (c.loop().stoppedEarly()) {
            throw new UsageException("--resume " + resume + ": its run was ended by early stopping after epoch "
                    + c.loop().epoch() + "; there is nothing to resume");
        }
        if (c.loop().epoch() >= epochs) {
            throw new UsageException("--resume " + resume + " has run " + c.loop().epoch() + " of " + epochs
                    + " epochs; give --epochs above " + c.loop().epoch() + " to train further");
        }
        return c;
    }

    /** A copy of {@code model} with the input scaling folded into its first layer: the file takes raw rows. */
    private static Model folded(Model model, Standardization scaling) {
        Sequential copy = model.toSequential(1);
        Scaling.foldInto(copy, scaling);
        return Model.of(copy);
    }

    private void checkArguments() {
        if (points != null && points < 1) {
            throw new UsageException("--points must be at least 1, got " + points);
        }
        if (noise != null && !(noise >= 0 && Double.isFinite(noise))) {
            throw new UsageException("--noise must be a finite number ≥ 0, got " + noise);
        }
        if (epochs != null && epochs < 1) {
            throw new UsageException("--epochs must be at least 1, got " + epochs);
        }
        if (batch != null && batch < 1) {
            throw new UsageException("--batch must be at least 1, got " + batch);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UsageException("--dropout must be a probability in [0, 1), got " + dropout);
        }
        if (threads < 1 || threads > Training.MAX_THREADS) {
            throw new UsageException("--threads must be in [1, " + Training.MAX_THREADS + "], got " + threads);
        }
        if (patience != null && patience < 1) {
            throw new UsageException("--patience must be at least 1, got " + patience);
        }
        for (int width : hidden) {
            if (width < 1) {
                throw new UsageException("--hidden widths must be at least 1, got " + width);
            }
        }
        if (l2 != null && (!(l2 >= 0) || !Float.isFinite(l2))) {
            throw new UsageException("--l2 must be 0 or positive, got " + l2);
        }
        if (learningRate != null && (!(learningRate > 0) || !Float.isFinite(learningRate))) {
            throw new UsageException("--lr must be positive, got " + learningRate);
        }
        if (!(heldOut >= 0 && heldOut < 1)) {
            throw new UsageException("--held-out must be a fraction in [0, 1), got " + heldOut);
        }
        if (checkpointEvery < 0) {
            throw new UsageException("--checkpoint-every must be at least 1 (or 0 for none), got " + checkpointEvery);
        }
        if (checkpointEvery > 0 && save == null) {
            throw new UsageException("--checkpoint-every needs --save FILE, the file each checkpoint replaces");
        }
        if (plot != null && !plot.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new UsageException("--plot needs a .png file name, got " + plot);
        }
    }

    private float rate() {
        return learningRate;
    }

    private LossKind lossFor(TrainingData loaded) {
        if (loss == null) {
            return loaded.classification() ? LossKind.SOFTMAX_CE : LossKind.MSE;
        }
        if (loaded.classification() && loss == LossKind.MSE) {
            throw new UsageException("--loss mse needs numeric targets; " + data + " has classes (use softmax-ce,"
                    + " hinge or bce, or --regression for a CSV file)");
        }
        if (!loaded.classification() && loss != LossKind.MSE && loss != LossKind.BCE) {
            throw new UsageException("--loss " + loss.label() + " needs classes; " + data
                    + " has numeric targets (use mse, or bce for targets in [0, 1])");
        }
        return loss;
    }

    /** "0 = ant, 1 = bee, 2 = cat". */
    static String classMap(List<String> names) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < names.size(); k++) {
            s.append(k == 0 ? "" : ", ").append(k).append(" = ").append(names.get(k));
        }
        return s.toString();
    }

    /** Labels as one-hot value rows: bce's targets, one logistic output per class. */
    private static Dataset oneHot(Dataset d) {
        int k = d.targetWidth();
        float[] values = new float[d.rows() * k];
        for (int r = 0; r < d.rows(); r++) {
            values[r * k + d.label(r)] = 1f;
        }
        return Dataset.regression(d.name(), d.features(), d.width(), values, k);
    }

    /** Fraction of rows whose largest output is the hot column (bce's one-hot targets). */
    private static double accuracy(Sequential net, Dataset oneHot) {
        int[] predicted = Predictions.classes(net, oneHot);
        int right = 0;
        for (int r = 0; r < oneHot.rows(); r++) {
            if (oneHot.value(r, predicted[r]) == 1f) {
                right++;
            }
        }
        return (double) right / oneHot.rows();
    }

    private Sequential network(int in, int out) {
        List<Layer> layers = new ArrayList<>();
        int width = in;
        for (int h : hidden) {
            layers.add(new Dense(width, h));
            layers.add(activation.layer(h));
            if (dropout > 0) {
                layers.add(new Dropout(h, dropout));
            }
            width = h;
        }
        layers.add(new Dense(width, out));
        return Sequential.of(batch, seed, layers.toArray(new Layer[0]));
    }

    /** "2-100-3 relu (603 parameters)". */
    private String describe(Sequential net) {
        StringBuilder s = new StringBuilder().append(net.inputWidth());
        for (int h : hidden) {
            s.append('-').append(h);
        }
        s.append('-').append(net.outputWidth());
        return s + " " + activation.label() + (dropout > 0 ? ", dropout " + dropout : "") + " ("
                + net.parameters().size() + " parameters)";
    }

    private String summary(boolean classification, TrainingResult r, Sequential net, Dataset train, Dataset held,
                           boolean ownAccuracy) {
        StringBuilder s = new StringBuilder("done: ");
        if (classification) {
            double acc = ownAccuracy ? accuracy(net, train) : r.finalTrain().accuracy();
            s.append(String.format("accuracy %.1f %% (%d/%d)", 100 * acc, Math.round(acc * train.rows()),
                    train.rows()));
            if (held != null) {
                double h = ownAccuracy ? accuracy(net, held) : r.finalHeldOut().accuracy();
                s.append(String.format(", held-out %.1f %% (%d/%d)", 100 * h, Math.round(h * held.rows()),
                        held.rows()));
            }
            s.append(", ");
        }
        s.append(String.format("loss %.4f", r.finalTrain().loss()));
        if (held != null) {
            s.append(String.format(", held-out loss %.4f", r.finalHeldOut().loss()));
        }
        KernelInfo k = Kernels.describe();
        String width = k.floatLanes() > 1 ? k.vectorBits() + "-bit" : "one float at a time";
        s.append(String.format(", %d epochs, %d steps in %.2f s (%s kernels, %s)", r.history().size(),
                r.steps(), r.seconds(), k.implementation(), width));
        if (patience != null) {
            s.append(r.stoppedEarly() ? "; stopped early" : "").append("; kept epoch ").append(r.bestEpoch() + 1)
                    .append(" (lowest ").append(watched(held)).append(" loss)");
        }
        return s.toString();
    }

    /** "test: accuracy 88.1 % (8812/10000), loss 0.3374 on t10k-images-idx3-ubyte.gz (10000 rows)". */
    private static String testSummary(Sequential net, LossKind lossKind, Dataset test, boolean oneHot) {
        Evaluation e = Training.evaluate(net, lossKind.loss(), test);
        StringBuilder s = new StringBuilder("test: ");
        if (test.kind() == Targets.Kind.CLASSES || oneHot) {
            double acc = oneHot ? accuracy(net, test) : e.accuracy();
            s.append(String.format("accuracy %.1f %% (%d/%d), ", 100 * acc, Math.round(acc * test.rows()),
                    test.rows()));
        }
        return s.append(String.format("loss %.4f on %s", e.loss(), test.name())).toString();
    }

    private String plots(TrainingData.Names names, Dataset raw, Sequential net, Curves curves)
            throws java.io.IOException {
        String title = names.title();
        if (names.classification() && raw != null && raw.width() == 2) {
            Path curvesFile = sibling(plot, "-curves");
            RegionPlot.write(plot, net, raw, names.classes(), names.features(), title);
            curves.write(curvesFile, title);
            return "plotted " + plot + " (decision regions) and " + curvesFile + " (loss and accuracy)";
        }
        if (!names.classification() && raw != null && raw.width() == 1) {
            Path curvesFile = sibling(plot, "-curves");
            FitPlot.write(plot, net, raw, names.features().get(0), title);
            curves.write(curvesFile, title);
            return "plotted " + plot + " (the fit) and " + curvesFile + " (loss)";
        }
        curves.write(plot, title);
        return "plotted " + plot + " (loss" + (names.classification() ? " and accuracy" : "") + "; regions are"
                + " drawn for 2-feature data only)";
    }

    /** {@code dir/name.png} → {@code dir/name<suffix>.png}. */
    static Path sibling(Path png, String suffix) {
        String name = png.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return png.resolveSibling(name.substring(0, dot) + suffix + name.substring(dot));
    }
}
