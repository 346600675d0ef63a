package dev.lanes.train;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;

/**
 * How often each actual class was predicted as each class, over a labelled set, and the per-class metrics that
 * follow. With TP_k = count(k, k), "predicted k" the column sum and "support" the row sum (rows of class k):
 * <pre>
 *   precision_k = TP_k / predicted_k      undefined (NaN) when k was never predicted
 *   recall_k    = TP_k / support_k        undefined (NaN) when no row is of class k
 *   F1_k        = 2·TP_k / (support_k + predicted_k)
 *                                         the harmonic mean of the two, defined whenever either is; 0 when
 *                                         k has rows or predictions but no true positive
 * </pre>
 * Macro averages are the plain means over the classes where a metric is defined (scikit-learn would count an
 * undefined precision as 0 instead; {@link #toString} marks undefined values with "-"). Immutable.
 */
public final class ConfusionMatrix {

    private final int classes;
    private final int[] counts; // (classes, classes) row-major: row = actual class, column = predicted class
    private final int[] support;
    private final int[] predicted;
    private final int total;

    private ConfusionMatrix(int classes, int[] counts) {
        this.classes = classes;
        this.counts = counts;
        this.support = new int[classes];
        this.predicted = new int[classes];
        int sum = 0;
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                int c = counts[a * classes + p];
                support[a] += c;
                predicted[p] += c;
                sum += c;
            }
        }
        this.total = sum;
    }

    /**
     * The matrix of {@code rows} pairs: row i's actual class {@code actual[i]} and predicted class
     * {@code predicted[i]}, both in [0, classes).
     *
     * @param actual    the actual class of each row
     * @param predicted the predicted class of each row
     * @param rows      the number of rows to count, ≥ 1
     * @param classes   the number of classes, ≥ 1
     * @return the matrix
     * @throws IllegalArgumentException for rows &lt; 1, arrays shorter than rows, classes &lt; 1, or a class out of
     *                                  range (naming the row)
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int rows, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        if (rows < 1 || rows > actual.length || rows > predicted.length) {
            throw new IllegalArgumentException(rows + " rows need at least 1 and at most the " + actual.length
                    + " actual and " + predicted.length + " predicted classes given");
        }
        int[] counts = new int[Math.multiplyExact(classes, classes)];
        for (int i = 0; i < rows; i++) {
            int a = actual[i];
            int p = predicted[i];
            if (a < 0 || a >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("row " + i + ": actual class " + a + " and predicted class " + p
                        + " must both be in [0, " + classes + ")");
            }
            counts[a * classes + p]++;
        }
        return new ConfusionMatrix(classes, counts);
    }

    /** {@return the number of classes: the matrix is classes × classes} */
    public int classes() {
        return classes;
    }

    /**
     * Rows of class {@code actual} predicted as {@code predicted}.
     *
     * @param actual    the actual class, 0 ≤ actual &lt; classes
     * @param predicted the predicted class, 0 ≤ predicted &lt; classes
     * @return the count
     */
    public int count(int actual, int predicted) {
        checkClass(actual);
        checkClass(predicted);
        return counts[actual * classes + predicted];
    }

    /** {@return the number of rows counted} */
    public int total() {
        return total;
    }

    /** {@return the number of rows predicted as their own class: the diagonal's sum} */
    public int correct() {
        int sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += counts[k * classes + k];
        }
        return sum;
    }

    /** {@return the accuracy, correct / total} */
    public double accuracy() {
        return (double) correct() / total;
    }

    /**
     * Rows whose actual class is k: row k's sum.
     *
     * @param k the class, 0 ≤ k &lt; classes
     * @return the count
     */
    public int support(int k) {
        checkClass(k);
        return support[k];
    }

    /**
     * Rows predicted as class k: column k's sum.
     *
     * @param k the class, 0 ≤ k &lt; classes
     * @return the count
     */
    public int predicted(int k) {
        checkClass(k);
        return predicted[k];
    }

    /**
     * TP / predicted; NaN when class k was never predicted.
     *
     * @param k the class, 0 ≤ k &lt; classes
     * @return the precision, in [0, 1], or NaN
     */
    public double precision(int k) {
        checkClass(k);
        return predicted[k] == 0 ? Double.NaN : (double) counts[k * classes + k] / predicted[k];
    }

    /**
     * TP / support; NaN when no row is of class k.
     *
     * @param k the class, 0 ≤ k &lt; classes
     * @return the recall, in [0, 1], or NaN
     */
    public double recall(int k) {
        checkClass(k);
        return support[k] == 0 ? Double.NaN : (double) counts[k * classes + k] / support[k];
    }

    /**
     * 2·TP / (support + predicted); NaN when class k neither occurs nor is predicted.
     *
     * @param k the class, 0 ≤ k &lt; classes
     * @return the F1 score, in [0, 1], or NaN
     */
    public double f1(int k) {
        checkClass(k);
        int sum = support[k] + predicted[k];
        return sum == 0 ? Double.NaN : 2.0 * counts[k * classes + k] / sum;
    }

    /** {@return the mean precision over the classes where it is defined (NaN if none)} */
    public double macroPrecision() {
        return macro(this::precision);
    }

    /** {@return the mean recall over the classes where it is defined (NaN if none)} */
    public double macroRecall() {
        return macro(this::recall);
    }

    /** {@return the mean F1 over the classes where it is defined (NaN if none)} */
    public double macroF1() {
        return macro(this::f1);
    }

    private double macro(IntToDoubleFunction metric) {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < classes; k++) {
            double v = metric.applyAsDouble(k);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private void checkClass(int k) {
        if (k < 0 || k >= classes) {
            throw new IndexOutOfBoundsException("class " + k + " is outside [0, " + classes + ")");
        }
    }

    /**
     * The most classes whose matrix {@link #toString} prints as a grid: at 20 classes a row is already about
     * 140 characters; at 1000 the grid was 6 MB of text.
     */
    public static final int PRINTED_CLASSES = 20;
    /** How many of the most frequent confusions {@link #toString} lists in place of a larger grid. */
    public static final int PRINTED_CONFUSIONS = 20;

    /**
     * Two tables: precision, recall, F1 and support per class with their macro averages, then the matrix
     * itself (a row per actual class, a column per predicted class); above {@link #PRINTED_CLASSES} classes,
     * instead of the grid, the {@link #PRINTED_CONFUSIONS} most frequent confusions (actual → predicted, by
     * count, then by class). Every cell stays readable through {@link #count}.
     */
    @Override
    public String toString() {
        int label = Math.max(5, Integer.toString(classes - 1).length());
        StringBuilder s = new StringBuilder();
        String row = "%" + label + "s  %9s  %6s  %6s  %7s%n";
        s.append(String.format(Locale.ROOT, row, "class", "precision", "recall", "F1", "support"));
        for (int k = 0; k < classes; k++) {
            s.append(String.format(Locale.ROOT, row, k, metric(precision(k)), metric(recall(k)), metric(f1(k)),
                    support[k]));
        }
        s.append(String.format(Locale.ROOT, row, "macro", metric(macroPrecision()), metric(macroRecall()),
                metric(macroF1()), total));
        if (classes > PRINTED_CLASSES) {
            appendConfusions(s);
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, "%nconfusion matrix (rows: actual class, columns: predicted class)%n"));
        int cell = Math.max(Integer.toString(total).length(), Integer.toString(classes - 1).length()) + 2;
        s.append(" ".repeat(label));
        for (int p = 0; p < classes; p++) {
            s.append(String.format(Locale.ROOT, "%" + cell + "d", p));
        }
        s.append(System.lineSeparator());
        for (int a = 0; a < classes; a++) {
            s.append(String.format(Locale.ROOT, "%" + label + "d", a));
            for (int p = 0; p < classes; p++) {
                s.append(String.format(Locale.ROOT, "%" + cell + "d", counts[a * classes + p]));
            }
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    // The off-diagonal cells with the largest counts, ties by actual then predicted class.
    private void appendConfusions(StringBuilder s) {
        int[] cells = IntStream.range(0, counts.length)
                .filter(c -> counts[c] > 0 && c / classes != c % classes)
                .boxed()
                .sorted(Comparator.<Integer>comparingInt(c -> -counts[c]).thenComparingInt(c -> c))
                .limit(PRINTED_CONFUSIONS)
                .mapToInt(Integer::intValue)
                .toArray();
        int confused = total - correct();
        s.append(String.format(Locale.ROOT, "%nconfusion matrix: %d × %d classes, too many to print as a grid"
                + " (count(actual, predicted) reads any cell); %d of %d rows confused, the most frequent:%n", classes,
                classes, confused, total));
        for (int c : cells) {
            s.append(String.format(Locale.ROOT, "  actual %d → predicted %d: %d%n", c / classes, c % classes,
                    counts[c]));
        }
    }

    private static String metric(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
