package dev.lanes.data;

import dev.lanes.args.Args;
import dev.lanes.io.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads a comma-separated file with a header row into a {@link Dataset}: one column is the label (chosen by
 * header name or 0-based index), every other column a numeric feature.
 *
 * <pre>
 *   CsvLoader.Result r = CsvLoader.classification("species").standardize(true).load(Path.of("iris.csv"));
 *   Dataset data = r.dataset();   // r.standardization() reapplies the same scaling to new inputs
 * </pre>
 *
 * <p>Format: fields separated by commas, surrounding spaces trimmed; a field may be double-quoted (a quote
 * inside written twice); blank lines are skipped; every data row has as many fields as the header.
 *
 * <p>Classification labels: if every label is a non-negative integer ("0", "2"), it is the class index and
 * there are max + 1 classes; otherwise each distinct label string is a class, numbered in sorted (String)
 * order, so two files with the same classes map them alike whatever their row order. {@link #classNames}
 * fixes the names and their order instead. Regression: the label column must be numeric.
 *
 * <p>Errors in the text throw one type, {@link DataFormatException}, naming the 1-based line and column and
 * the offending text; I/O failures stay {@link IOException}.
 */
public final class CsvLoader {

    /**
     * The loaded set, its feature and class names, and the standardisation applied (null when off).
     *
     * @param dataset         the set
     * @param featureNames    the names of the feature columns, in feature order (the header without the label column)
     * @param classNames      the name of each class, in class-index order; empty for regression
     * @param standardization the scaling applied to the features, or null when standardisation was off
     */
    public record Result(Dataset dataset, List<String> featureNames, List<String> classNames,
                         Standardization standardization) {}

    private final boolean classification;
    private final String labelName;
    private final int labelIndex;
    private boolean standardize;
    private List<String> fixedClasses;

    private CsvLoader(boolean classification, String labelName, int labelIndex) {
        this.classification = classification;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
    }

    /**
     * Class labels in the column headed {@code labelColumn}.
     *
     * @param labelColumn the header of the label column
     * @return a loader for a classification set
     */
    public static CsvLoader classification(String labelColumn) {
        Args.notNull("labelColumn", labelColumn);
        return new CsvLoader(true, labelColumn, -1);
    }

    /**
     * Class labels in column {@code labelColumn} (0-based).
     *
     * @param labelColumn the label column's 0-based index
     * @return a loader for a classification set
     */
    public static CsvLoader classification(int labelColumn) {
        return new CsvLoader(true, null, requireIndex(labelColumn));
    }

    /**
     * A numeric target in the column headed {@code targetColumn}.
     *
     * @param targetColumn the header of the target column
     * @return a loader for a regression set
     */
    public static CsvLoader regression(String targetColumn) {
        Args.notNull("targetColumn", targetColumn);
        return new CsvLoader(false, targetColumn, -1);
    }

    /**
     * A numeric target in column {@code targetColumn} (0-based).
     *
     * @param targetColumn the target column's 0-based index
     * @return a loader for a regression set
     */
    public static CsvLoader regression(int targetColumn) {
        return new CsvLoader(false, null, requireIndex(targetColumn));
    }

    private static int requireIndex(int column) {
        if (column < 0) {
            throw new IllegalArgumentException("column index must be non-negative, got " + column);
        }
        return column;
    }

    /**
     * Standardise each feature with its mean and std over this file (see {@link Standardization}).
     *
     * @param on whether to standardise (off by default)
     * @return this loader
     */
    public CsvLoader standardize(boolean on) {
        this.standardize = on;
        return this;
    }

    /**
     * The class names, in class-index order; a label not among them is an error.
     *
     * @param names the class names, distinct, at least one
     * @return this loader
     */
    public CsvLoader classNames(String... names) {
        Args.noNulls("names", names);
        if (!classification) {
            throw new IllegalStateException("class names apply to classification only");
        }
        if (names.length == 0 || new TreeSet<>(Arrays.asList(names)).size() != names.length) {
            throw new IllegalArgumentException("need at least one class name, no duplicates: " + Arrays.toString(names));
        }
        this.fixedClasses = List.of(names);
        return this;
    }

    /**
     * Reads a UTF-8 file; the dataset is named after the file.
     *
     * @param file a UTF-8 CSV file with a header row
     * @return the loaded set, with its names and scaling
     * @throws IOException when the file cannot be read; a {@link DataFormatException} (unchecked) when its text is
     *                     malformed
     */
    public Result load(Path file) throws IOException {
        Args.notNull("file", file);
        String name = file.getFileName().toString();
        try (Reader in = Files.newBufferedReader(InputFiles.regular(file), StandardCharsets.UTF_8)) {
            return read(in, name);
        } catch (DataFormatException e) {
            throw CsvText.isNotUtf8(e) ? CsvText.notUtf8(name, file) : e; // the exact byte, read again
        }
    }

    /**
     * Reads from {@code in} (not closed); {@code name} names the set and prefixes error messages. Text that does
     * not decode is reported only by a strict reader ({@code Files.newBufferedReader}, or an
     * {@code InputStreamReader} given {@code UTF_8.newDecoder()}): then as a {@link DataFormatException} near the
     * line; {@link #load} names the exact byte.
     *
     * @param in   the text; read to the end, not closed
     * @param name names the set and prefixes error messages
     * @return the loaded set, with its names and scaling
     * @throws IOException when reading fails; a {@link DataFormatException} (unchecked) when the text is malformed
     */
    public Result read(Reader in, String name) throws IOException {
        Args.notNull("in", in);
        Args.notNull("name", name);
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        int lineNo = 0;
        List<String> header = null;
        String text;
        while (header == null && (text = CsvText.readLine(reader, name, lineNo)) != null) {
            lineNo++;
            if (lineNo == 1) {
                text = CsvText.stripBom(text);
            }
            if (!text.isBlank()) {
                header = CsvFields.split(text, name, lineNo);
            }
        }
        if (header == null) {
            throw new DataFormatException(name, Math.max(lineNo, 1), 0, "empty file: expected a header row");
        }
        int headerLine = lineNo;
        int label = labelColumn(header, name, headerLine);
        int width = header.size() - 1;
        if (width < 1) {
            throw new DataFormatException(name, headerLine, 0, "the header has no feature column besides the label");
        }
        List<String> featureNames = new ArrayList<>(header);
        featureNames.remove(label);

        float[] features = new float[16 * width];
        List<String> labels = new ArrayList<>();
        List<int[]> labelPlaces = new ArrayList<>(); // {line, column} of each label, for error messages
        int rows = 0;
        while ((text = CsvText.readLine(reader, name, lineNo)) != null) {
            lineNo++;
            if (text.isBlank()) {
                continue;
            }
            List<String> fields = CsvFields.split(text, name, lineNo);
            if (fields.size() != header.size()) {
                int column = Math.min(fields.size(), header.size()) + 1;
                throw new DataFormatException(name, lineNo, column, "row has " + fields.size() + " fields but the"
                        + " header has " + header.size() + ": \"" + text + "\"");
            }
            if (rows == features.length / width) {
                features = Arrays.copyOf(features, features.length * 2);
            }
            int c = 0;
            for (int f = 0; f < fields.size(); f++) {
                if (f == label) {
                    String value = fields.get(f);
                    if (value.isEmpty()) {
                        throw new DataFormatException(name, lineNo, f + 1, "missing label in column \""
                                + header.get(f) + "\"");
                    }
                    labels.add(value);
                    labelPlaces.add(new int[] {lineNo, f + 1});
                } else {
                    features[rows * width + c++] = number(fields.get(f), name, lineNo, f + 1);
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(name, lineNo + 1, 0, "no data rows after the header");
        }
        features = Arrays.copyOf(features, rows * width);
        Standardization scaling = null;
        Dataset data;
        List<String> classNames;
        if (classification) {
            // Labels are class indices only when every one is a small integer; a mix ("10", "W") is names.
            boolean indices = fixedClasses == null && allSmallNonNegativeIntegers(labels);
            classNames = indices ? indexNames(labels) : fixedClasses != null ? fixedClasses
                    : List.copyOf(new TreeSet<>(labels));
            int[] ids = new int[rows];
            for (int r = 0; r < rows; r++) {
                ids[r] = indices ? Integer.parseInt(labels.get(r))
                        : classIndex(labels.get(r), classNames, name, labelPlaces.get(r));
            }
            data = Dataset.classification(name, features, width, ids, classNames.size());
        } else {
            classNames = List.of();
            float[] values = new float[rows];
            for (int r = 0; r < rows; r++) {
                int[] at = labelPlaces.get(r);
                values[r] = number(labels.get(r), name, at[0], at[1]);
            }
            data = Dataset.regression(name, features, width, values, 1);
        }
        if (standardize) {
            scaling = Standardization.fit(data);
            data = scaling.apply(data);
        }
        return new Result(data, List.copyOf(featureNames), classNames, scaling);
    }

    private int labelColumn(List<String> header, String name, int line) {
        if (labelName == null) {
            if (labelIndex >= header.size()) {
                throw new DataFormatException(name, line, 0, "label column index " + labelIndex + " is past the "
                        + header.size() + " columns of the header " + header);
            }
            return labelIndex;
        }
        int i = header.indexOf(labelName);
        if (i < 0) {
            throw new DataFormatException(name, line, 0, "no column named \"" + labelName + "\" in the header "
                    + header);
        }
        return i;
    }

    private static boolean allSmallNonNegativeIntegers(List<String> labels) {
        for (String s : labels) {
            if (!isSmallNonNegativeInteger(s)) {
                return false;
            }
        }
        return true;
    }

    /** "0", "1", … up to the largest label. */
    private static List<String> indexNames(List<String> labels) {
        int max = -1;
        for (String s : labels) {
            max = Math.max(max, Integer.parseInt(s));
        }
        List<String> names = new ArrayList<>(max + 1);
        for (int k = 0; k <= max; k++) {
            names.add(Integer.toString(k));
        }
        return names;
    }

    private static boolean isSmallNonNegativeInteger(String s) {
        // At most 6 digits: a larger "class index" is more likely an ID than a class, and would allocate a
        // huge output layer.
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int classIndex(String label, List<String> classNames, String name, int[] at) {
        int k = classNames.indexOf(label);
        if (k < 0) {
            throw new DataFormatException(name, at[0], at[1], "label \"" + label + "\" is not one of the classes "
                    + classNames);
        }
        return k;
    }

    private static float number(String field, String name, int line, int column) {
        if (field.isEmpty()) {
            throw new DataFormatException(name, line, column, "empty field where a number was expected");
        }
        if (!CsvText.isNumber(field)) {
            throw new DataFormatException(name, line, column, "\"" + field + "\" is not a number");
        }
        float v = Float.parseFloat(field);
        if (!Float.isFinite(v)) {
            throw new DataFormatException(name, line, column, "\"" + field + "\" is not a finite float");
        }
        return v;
    }
}
