package dev.lanes.cli;

import dev.lanes.data.CsvLoader;
import dev.lanes.data.Dataset;
import dev.lanes.data.Generators;
import dev.lanes.data.Standardization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code lanes train --data} names: a built-in generator or a CSV file.
 *
 * @param data         the rows to train on (standardised when {@code scaling} is non-null)
 * @param raw          the same rows unscaled, as in the file
 * @param featureNames one per feature column
 * @param classNames   class index → name (empty for regression)
 * @param scaling      the standardisation applied to the features, or null
 */
record TrainingData(Dataset data, Dataset raw, List<String> featureNames, List<String> classNames,
                    Standardization scaling) {

    /** The built-in sets; anything else is read as a CSV file. */
    static final List<String> BUILT_IN = List.of("spiral", "sine", "xor", "blobs");

    boolean classification() {
        return data.kind() == dev.lanes.loss.Targets.Kind.CLASSES;
    }

    /**
     * Loads {@code source}. For the generators, {@code classes} (spiral, blobs), {@code points} (per class;
     * per corner for xor; total for sine; 0 for each set's default) and {@code noise} (negative for the
     * default) apply; for a CSV file, {@code label} names the target column (required) and
     * {@code regression} says whether it is numeric.
     */
    static TrainingData load(String source, int classes, int points, double noise, long seed, String label,
                             boolean regression, boolean standardize) throws IOException {
        switch (source) {
            case "spiral":
                return synthetic(Generators.spiral(classes, points > 0 ? points : 100, noise >= 0 ? noise : 0.2,
                        seed), classes);
            case "blobs":
                return synthetic(Generators.blobs(classes, points > 0 ? points : 100, noise >= 0 ? noise : 1.0,
                        seed), classes);
            case "xor":
                return synthetic(Generators.xor(points > 0 ? points : 50, noise >= 0 ? noise : 0.15, seed), 2);
            case "sine":
                Dataset sine = Generators.sine(points > 0 ? points : 200, noise >= 0 ? noise : 0.1, seed);
                return new TrainingData(sine, sine, List.of("x"), List.of(), null);
            default:
                return csv(Path.of(source), label, regression, standardize);
        }
    }

    private static TrainingData synthetic(Dataset data, int classes) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < data.targetWidth(); k++) {
            names.add(Integer.toString(k));
        }
        return new TrainingData(data, data, List.of("x", "y"), names, null);
    }

    private static TrainingData csv(Path file, String label, boolean regression, boolean standardize)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--data: \"" + file + "\" is neither a file nor one of " + BUILT_IN);
        }
        if (label == null) {
            throw new UsageException("--data " + file + " needs --label NAME, the column to predict");
        }
        String column = label;
        CsvLoader loader = regression ? CsvLoader.regression(column) : CsvLoader.classification(column);
        CsvLoader.Result r = loader.load(file);
        Dataset raw = r.dataset();
        Standardization scaling = standardize ? Standardization.fit(raw) : null;
        return new TrainingData(scaling != null ? scaling.apply(raw) : raw, raw, r.featureNames(), r.classNames(),
                scaling);
    }
}
