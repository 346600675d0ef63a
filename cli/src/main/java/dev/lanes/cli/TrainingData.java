package dev.lanes.cli;

import dev.lanes.data.CsvLoader;
import dev.lanes.data.Dataset;
import dev.lanes.data.Generators;
import dev.lanes.data.IdxLoader;
import dev.lanes.loss.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code --data} or {@code --test} names: a built-in generator, a CSV file, an IDX images file (its labels
 * beside it) or a directory of IDX files. The rows are as in the file, unscaled: a standardisation is fitted
 * on the training rows only, after any held-out split, by the command.
 *
 * @param data         the rows, unscaled
 * @param featureNames one per feature column
 * @param classNames   class index → name (empty for regression)
 * @param file         whether the rows came from a file (files are standardised; built-in sets are not)
 */
record TrainingData(Dataset data, List<String> featureNames, List<String> classNames, boolean file) {

    /** The built-in sets; anything else is read as a file or directory. */
    static final List<String> BUILT_IN = List.of("spiral", "sine", "xor", "blobs");

    /** The split of an IDX directory that {@code --data} reads. */
    static final String TRAIN_SPLIT = "train";
    /** The split of an IDX directory that {@code --test} and {@code evaluate --data} read. */
    static final String TEST_SPLIT = "t10k";

    /** What outlives the rows: the set's name, kind and the names of its features and classes. */
    record Names(String title, boolean classification, List<String> features, List<String> classes) {}

    boolean classification() {
        return data.kind() == Targets.Kind.CLASSES;
    }

    Names names() {
        return new Names(data.name(), classification(), featureNames, classNames);
    }

    /**
     * Loads {@code source}. For the generators, {@code classes} (spiral, blobs), {@code points} (per class;
     * per corner for xor; total for sine; 0 for each set's default) and {@code noise} (negative for the
     * default) apply; for a CSV file, {@code label} names the target column (required) and
     * {@code regression} says whether it is numeric; a directory is read as IDX split "train".
     */
    static TrainingData load(String source, int classes, int points, double noise, long seed, String label,
                             boolean regression) throws IOException {
        switch (source) {
            case "spiral":
                return synthetic(Generators.spiral(classes, points > 0 ? points : 100, noise >= 0 ? noise : 0.2,
                        seed));
            case "blobs":
                return synthetic(Generators.blobs(classes, points > 0 ? points : 100, noise >= 0 ? noise : 1.0,
                        seed));
            case "xor":
                return synthetic(Generators.xor(points > 0 ? points : 50, noise >= 0 ? noise : 0.15, seed));
            case "sine":
                Dataset sine = Generators.sine(points > 0 ? points : 200, noise >= 0 ? noise : 0.1, seed);
                return new TrainingData(sine, List.of("x"), List.of(), false);
            default:
                return file("--data", Path.of(source), TRAIN_SPLIT, label, regression, null, 0);
        }
    }

    /**
     * A labelled set from a file or directory, to test on: matched to {@code train} (the same number of
     * features; its classes and their names, or a regression target).
     */
    static TrainingData loadTest(String option, Path source, TrainingData train, String label, boolean regression)
            throws IOException {
        if (!train.file()) {
            throw new UsageException(option + " goes with --data FILE or DIR; the built-in sets have no test split"
                    + " (use --held-out FRACTION)");
        }
        TrainingData test = file(option, source, TEST_SPLIT, label, regression,
                train.classification() ? train.classNames() : null, 0);
        if (test.data().width() != train.data().width()) {
            throw new IllegalArgumentException(option + " " + source + " has " + test.data().width()
                    + " features per row, the training data " + train.data().width());
        }
        return test;
    }

    /**
     * Reads a file or directory: a directory as IDX split {@code split}; a file as IDX when its first bytes say
     * so ({@link IdxLoader#looksLikeIdx}: gzip or IDX magic) or its name ends in ".gz" or holds "-ubyte";
     * otherwise as CSV.
     *
     * @param classNames the classes and their order, or null to take them from the file
     * @param classes    the number of classes expected (a model's outputs), or 0 for any
     */
    static TrainingData file(String option, Path source, String split, String label, boolean regression,
                             List<String> classNames, int classes) throws IOException {
        if (Files.isDirectory(source)) {
            return idx(option, source, split, label, regression, classNames != null ? classNames.size() : classes);
        }
        if (!Files.isRegularFile(source)) {
            throw new UsageException(option + ": \"" + source + "\" is neither a file, a directory nor one of "
                    + BUILT_IN);
        }
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        if (IdxLoader.looksLikeIdx(source) || name.endsWith(".gz") || name.contains("-ubyte")) {
            return idx(option, source, split, label, regression, classNames != null ? classNames.size() : classes);
        }
        return csv(option, source, label, regression, classNames, classes);
    }

    private static TrainingData synthetic(Dataset data) {
        return new TrainingData(data, List.of("x", "y"), indexNames(data.targetWidth()), false);
    }

    private static TrainingData idx(String option, Path source, String split, String label, boolean regression,
                                    int classes) throws IOException {
        if (label != null || regression) {
            throw new UsageException((label != null ? "--label" : "--regression") + " applies to CSV files; "
                    + option + " " + source + " is IDX, whose labels are classes from its labels file");
        }
        IdxLoader loader = IdxLoader.create();
        if (classes > 0) {
            loader.classes(classes);
        }
        Dataset d = Files.isDirectory(source) ? loader.loadSplit(source, split) : loader.load(source);
        List<String> features = new ArrayList<>(d.width());
        for (int c = 0; c < d.width(); c++) {
            features.add("pixel " + c);
        }
        return new TrainingData(d, features, indexNames(d.targetWidth()), true);
    }

    private static TrainingData csv(String option, Path file, String label, boolean regression,
                                    List<String> classNames, int classes) throws IOException {
        if (label == null) {
            throw new UsageException(option + " " + file + " needs --label NAME, the column to predict");
        }
        CsvLoader loader = regression ? CsvLoader.regression(label) : CsvLoader.classification(label);
        if (classNames != null) {
            loader.classNames(classNames.toArray(new String[0]));
        }
        CsvLoader.Result r = loader.load(file);
        Dataset d = r.dataset();
        List<String> names = r.classNames();
        if (!regression && classes > 0 && d.targetWidth() != classes) {
            if (!names.equals(indexNames(names.size())) || names.size() > classes) {
                throw new IllegalArgumentException(option + " " + file + " has " + names.size() + " classes "
                        + names + " where " + classes + " are expected; string labels are numbered in sorted order,"
                        + " so every class must appear (or label the rows 0 to " + (classes - 1) + ")");
            }
            d = Dataset.classification(d.name(), d.features(), d.width(), d.labels(), classes);
            names = indexNames(classes);
        }
        return new TrainingData(d, r.featureNames(), names, true);
    }

    /** "0", "1", …, "k − 1". */
    static List<String> indexNames(int k) {
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }
}
