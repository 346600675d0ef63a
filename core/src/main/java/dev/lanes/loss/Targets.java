package dev.lanes.loss;

/**
 * What a batch should produce: one class label per row (classification) or a row of target values
 * (regression). A training loop keeps one instance per batch and refills its arrays, so it allocates nothing
 * per step.
 */
public final class Targets {

    /** Which kind of targets a loss takes. */
    public enum Kind {
        /** One class label per row, for classification losses. */
        CLASSES,
        /** A row of target values per row, for regression losses. */
        VALUES
    }

    private final Kind kind;
    private final int[] labels;
    private final float[] values;
    private final int width;

    private Targets(Kind kind, int[] labels, float[] values, int width) {
        this.kind = kind;
        this.labels = labels;
        this.values = values;
        this.width = width;
    }

    /**
     * Class labels, {@code labels[row] ∈ [0, classes)}; the array is used, not copied.
     *
     * @param labels  the label of each row, in [0, classes); held, not copied
     * @param classes the number of classes, ≥ 1
     * @return the targets over {@code labels}
     */
    public static Targets classes(int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        return new Targets(Kind.CLASSES, labels, null, classes);
    }

    /**
     * Target rows, {@code values: (rows, width)}; the array is used, not copied.
     *
     * @param values the target values, (rows, width) row-major; held, not copied
     * @param width  the values per row, ≥ 1
     * @return the targets over {@code values}
     */
    public static Targets values(float[] values, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        return new Targets(Kind.VALUES, null, values, width);
    }

    /** {@return whether these are class labels or target values} */
    public Kind kind() {
        return kind;
    }

    /** {@return the labels (classification), or null} */
    public int[] labels() {
        return labels;
    }

    /** {@return the target values (regression), or null} */
    public float[] values() {
        return values;
    }

    /** {@return the number of classes (classification) or of values per row (regression)} */
    public int width() {
        return width;
    }

    /**
     * Checks that these targets fit a loss of {@code kind} over an output of {@code batch} rows of
     * {@code width}: the right kind, enough rows, matching width, every label in range.
     *
     * @param expected    the kind the loss takes
     * @param batch       the number of output rows, ≥ 0
     * @param outputWidth the output width
     * @throws IllegalArgumentException naming the row and the label or size that does not fit
     */
    public void check(Kind expected, int batch, int outputWidth) {
        if (kind != expected) {
            throw new IllegalArgumentException("this loss takes " + expected + " targets, got " + kind);
        }
        if (width != outputWidth) {
            throw new IllegalArgumentException("targets have width " + width + " but the output has "
                    + outputWidth + " columns");
        }
        if (kind == Kind.CLASSES) {
            if (labels.length < batch) {
                throw new IllegalArgumentException(batch + " rows need " + batch + " labels, got " + labels.length);
            }
            for (int i = 0; i < batch; i++) {
                if (labels[i] < 0 || labels[i] >= width) {
                    throw new IllegalArgumentException("label " + labels[i] + " in row " + i + " is outside [0, "
                            + width + ")");
                }
            }
        } else if ((long) batch * width > values.length) {
            throw new IllegalArgumentException(batch + " rows of " + width + " targets need "
                    + (long) batch * width + " values, got " + values.length);
        }
    }
}
