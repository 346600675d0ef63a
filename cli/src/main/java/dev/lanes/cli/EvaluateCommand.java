package dev.lanes.cli;

import dev.lanes.data.Dataset;
import dev.lanes.train.ClassificationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lanes evaluate}: runs a classifier on a labelled set and prints its accuracy, mean cross-entropy,
 * per-class precision, recall and F1, and the confusion matrix ({@link ClassificationReport}); {@code --plot}
 * draws the matrix as a heat map.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures a classifier on a labelled set: accuracy, mean cross-entropy, per-class precision, "
                + "recall and F1, and the confusion matrix.",
            "The model takes raw inputs (lanes train folds its scaling in), so the set is read as it is in the file."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "a model file written by lanes train --save, or an .onnx file")
    Path modelFile;

    @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
            description = "the labelled rows: a CSV file (with --label), an IDX images file (its labels file beside "
                    + "it), or a directory of IDX files (split t10k)")
    Path data;

    @Option(names = "--label", paramLabel = "NAME", description = "CSV: the column holding the class")
    String label;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "draw the confusion matrix as a heat map")
    Path plot;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (plot != null && !plot.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new UsageException("--plot needs a .png file name, got " + plot);
        }
        OutputFiles.check("--plot", plot, "--model", modelFile, "--data", data);
        ModelFile model = ModelFile.load(modelFile);
        int k = model.outputWidth();
        if (k < 2) {
            throw new UsageException(modelFile + " has " + k + " output; evaluate measures classifiers, whose"
                    + " outputs are one score per class");
        }
        TrainingData loaded = TrainingData.file("--data", data, TrainingData.TEST_SPLIT, label, false, null, k);
        Dataset set = loaded.data();
        if (set.width() != model.inputWidth()) {
            throw new IllegalArgumentException("--data " + data + " has " + set.width() + " features per row; the"
                    + " model takes " + model.inputWidth());
        }
        ClassificationReport report = ClassificationReport.ofOutputs(
                model.outputs(set.features(), set.rows()), model.softmaxed(), set);
        PrintWriter out = spec.commandLine().getOut();
        out.println("evaluating " + modelFile.getFileName() + " on " + set);
        if (!loaded.classNames().equals(TrainingData.indexNames(k))) {
            out.println("classes: " + TrainCommand.classMap(loaded.classNames()));
        }
        out.println(report);
        if (plot != null) {
            ConfusionPlot.write(plot, report.confusion(), loaded.classNames(), String.format(Locale.ROOT,
                    "%s on %s: accuracy %.2f %%", modelFile.getFileName(), set.name(), 100 * report.accuracy()));
            out.println("plotted " + plot + " (confusion matrix)");
        }
        out.flush();
        return 0;
    }
}
