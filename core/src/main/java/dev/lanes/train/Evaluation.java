package dev.lanes.train;

import java.util.Locale;

/**
 * A model's mean loss over a dataset and, for classification, its accuracy (fraction of rows whose largest
 * output is the label; NaN for regression). For per-class figures and the confusion matrix, see
 * {@link ClassificationReport}.
 *
 * @param loss     the mean data loss per row
 * @param accuracy the fraction of rows whose largest output is the label; NaN for regression
 * @param rows     the number of rows measured
 */
public record Evaluation(double loss, double accuracy, int rows) {

    /** "loss 0.3374, accuracy 88.12 % (8812/10000)", or "loss 0.0123 over 200 rows" for regression. */
    @Override
    public String toString() {
        if (Double.isNaN(accuracy)) {
            return String.format(Locale.ROOT, "loss %.4f over %d rows", loss, rows);
        }
        return String.format(Locale.ROOT, "loss %.4f, accuracy %.2f %% (%d/%d)", loss, 100 * accuracy,
                Math.round(accuracy * rows), rows);
    }
}
