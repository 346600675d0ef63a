package dev.lanes.data;

import dev.lanes.loss.Targets;
import dev.lanes.random.Rng;
import java.util.Arrays;

/**
 * Rows of features with what each row should produce: {@code features: (rows, width)} row-major, and either
 * one class label per row ({@link #classification}) or a row of target values ({@link #regression}).
 * Validated once at construction, immutable afterwards (the arrays are copied in and never handed out), so a
 * training loop can trust it.
 *
 * <p>Batches are gathered by row index into a {@link Batch} preallocated for the largest batch, so a training
 * step allocates nothing:
 * <pre>
 *   Batch batch = data.newBatch(32);
 *   data.gather(batch, order, from, 32);     // rows order[from .. from + 32)
 *   net.forward(batch.features(), batch.size(), true);
 * </pre>
 */
public final class Dataset {

    private final String name;
    private final int rows;
    private final int width;
    private final float[] features;
    // Exactly one of labels / values is non-null.
    private final int[] labels;
    private final int classes;
    private final float[] values;
    private final int targetWidth;

    private Dataset(String name, float[] features, int rows, int width, int[] labels, int classes, float[] values,
                    int targetWidth) {
        this.name = name;
        this.rows = rows;
        this.width = width;
        this.features = features;
        this.labels = labels;
        this.classes = classes;
        this.values = values;
        this.targetWidth = targetWidth;
    }

    /**
     * A classification set: {@code features: (labels.length, width)}, labels in [0, classes). Arrays are copied.
     *
     * @param name     names the set and prefixes error messages
     * @param features the features: (labels.length, width) row-major, finite
     * @param width    the number of features per row, ≥ 1
     * @param labels   the class of each row, in [0, classes)
     * @param classes  the number of classes, ≥ 1
     * @return the new set, holding copies of the arrays
     * @throws IllegalArgumentException for a length that does not fit, a non-finite feature, or a label out of range
     *                                  (the message names the row)
     */
    public static Dataset classification(String name, float[] features, int width, int[] labels, int classes) {
        return adoptClassification(name, features.clone(), width, labels.clone(), classes);
    }

    /**
     * As {@link #classification}, checked alike, but keeps the arrays instead of copying them: for the loaders
     * of this package, which built them and hand them over (a data set of 60 000 images is 188 MB of floats).
     */
    static Dataset adoptClassification(String name, float[] features, int width, int[] labels, int classes) {
        int rows = labels.length;
        checkFeatures(name, features, rows, width);
        if (classes < 1) {
            throw new IllegalArgumentException(name + ": classes must be at least 1, got " + classes);
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= classes) {
                throw new IllegalArgumentException(name + ": label " + labels[r] + " in row " + r
                        + " is outside [0, " + classes + ")");
            }
        }
        return new Dataset(name, features, rows, width, labels, classes, null, 0);
    }

    /**
     * A regression set: {@code features: (rows, width)}, {@code values: (rows, targetWidth)}. Arrays are copied.
     *
     * @param name        names the set and prefixes error messages
     * @param features    the features: (rows, width) row-major, finite
     * @param width       the number of features per row, ≥ 1
     * @param values      the targets: (rows, targetWidth) row-major, finite
     * @param targetWidth the number of target values per row, ≥ 1
     * @return the new set, holding copies of the arrays
     * @throws IllegalArgumentException for lengths that do not fit or a non-finite number (naming the row)
     */
    public static Dataset regression(String name, float[] features, int width, float[] values, int targetWidth) {
        if (targetWidth < 1) {
            throw new IllegalArgumentException(name + ": target width must be at least 1, got " + targetWidth);
        }
        if (values.length % targetWidth != 0) {
            throw new IllegalArgumentException(name + ": " + values.length + " target values are not whole rows of "
                    + targetWidth);
        }
        int rows = values.length / targetWidth;
        checkFeatures(name, features, rows, width);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + ": target " + values[i] + " in row " + i / targetWidth
                        + " is not finite");
            }
        }
        return new Dataset(name, features.clone(), rows, width, null, 0, values.clone(), targetWidth);
    }

    private static void checkFeatures(String name, float[] features, int rows, int width) {
        if (width < 1) {
            throw new IllegalArgumentException(name + ": feature width must be at least 1, got " + width);
        }
        if (rows < 1) {
            throw new IllegalArgumentException(name + ": a dataset needs at least one row");
        }
        if ((long) rows * width != features.length) {
            throw new IllegalArgumentException(name + ": " + rows + " rows of " + width + " features need "
                    + (long) rows * width + " floats, got " + features.length);
        }
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException(name + ": feature " + i % width + " in row " + i / width
                        + " is " + features[i] + "; features must be finite");
            }
        }
    }

    /** {@return the set's name, e.g. the file it was read from; it prefixes error messages} */
    public String name() {
        return name;
    }

    /** {@return the number of rows, ≥ 1} */
    public int rows() {
        return rows;
    }

    /** {@return the number of features per row} */
    public int width() {
        return width;
    }

    /** {@return which kind of targets this set holds} */
    public Targets.Kind kind() {
        return labels != null ? Targets.Kind.CLASSES : Targets.Kind.VALUES;
    }

    /**
     * {@return the number of classes (classification) or target values per row (regression)} That is the
     * output width of a network for this set.
     */
    public int targetWidth() {
        return labels != null ? classes : targetWidth;
    }

    /**
     * Feature {@code column} of {@code row}.
     *
     * @param row    the row, 0 ≤ row &lt; rows
     * @param column the column, 0 ≤ column &lt; width
     * @return the feature
     */
    public float feature(int row, int column) {
        return features[row * width + column];
    }

    /**
     * The class label of {@code row} (classification only).
     *
     * @param row the row, 0 ≤ row &lt; rows
     * @return its class index
     */
    public int label(int row) {
        requireKind(Targets.Kind.CLASSES);
        return labels[row];
    }

    /**
     * Target value {@code column} of {@code row} (regression only).
     *
     * @param row    the row, 0 ≤ row &lt; rows
     * @param column the column, 0 ≤ column &lt; targetWidth
     * @return the target value
     */
    public float value(int row, int column) {
        requireKind(Targets.Kind.VALUES);
        return values[row * targetWidth + column];
    }

    /** {@return a copy of the features: (rows, width)} */
    public float[] features() {
        return features.clone();
    }

    /** {@return a copy of the labels (classification only)} */
    public int[] labels() {
        requireKind(Targets.Kind.CLASSES);
        return labels.clone();
    }

    /** {@return a copy of the target values: (rows, targetWidth) (regression only)} */
    public float[] values() {
        requireKind(Targets.Kind.VALUES);
        return values.clone();
    }

    /** {@return the number of rows of each class, by class index (classification only)} */
    public int[] classCounts() {
        requireKind(Targets.Kind.CLASSES);
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * The same targets with features replaced, e.g. standardised ones: (rows, width).
     *
     * @param newFeatures the new features: (rows, width), finite; copied
     * @return a new set with this set's name and targets
     */
    public Dataset withFeatures(float[] newFeatures) {
        return adoptFeatures(newFeatures.clone());
    }

    /** The features array itself, not a copy (callers in this package that give this set up). */
    float[] featuresArray() {
        return features;
    }

    /** As {@link #withFeatures}, keeping {@code newFeatures} instead of a copy (callers in this package). */
    Dataset adoptFeatures(float[] newFeatures) {
        checkFeatures(name, newFeatures, rows, width);
        return new Dataset(name, newFeatures, rows, width, labels, classes, values, targetWidth);
    }

    /**
     * The rows {@code indices} (in that order) as a new set named {@code newName}.
     *
     * @param newName the new set's name
     * @param indices the rows to take, each in [0, rows); a row may appear more than once
     * @return a new set of indices.length rows
     */
    public Dataset subset(String newName, int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException(newName + ": a subset needs at least one row");
        }
        Batch b = newBatch(indices.length);
        gather(b, indices, 0, indices.length);
        float[] f = Arrays.copyOf(b.features, indices.length * width);
        return labels != null
                ? new Dataset(newName, f, indices.length, width, Arrays.copyOf(b.labels, indices.length), classes,
                        null, 0)
                : new Dataset(newName, f, indices.length, width, null, 0,
                        Arrays.copyOf(b.values, indices.length * targetWidth), targetWidth);
    }

    /**
     * A train set and a held-out set.
     *
     * @param train   the train set
     * @param heldOut the held-out set
     */
    public record Split(Dataset train, Dataset heldOut) {}

    /**
     * Shuffles the rows with {@code seed} and puts {@code round(heldOutFraction · rows)} of them in a held-out
     * set, the rest in a train set (names get "/train" and "/held-out"). Both sets keep at least one row.
     *
     * @param heldOutFraction the fraction of rows to hold out, in (0, 1)
     * @param seed            seeds the shuffle
     * @return the two sets, each a new set
     * @throws IllegalArgumentException when the fraction is outside (0, 1) or either part would be empty
     */
    public Split split(double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + heldOutFraction);
        }
        int heldOut = (int) Math.round(heldOutFraction * rows);
        if (heldOut < 1 || heldOut >= rows) {
            throw new IllegalArgumentException(name + ": a held-out fraction of " + heldOutFraction + " of " + rows
                    + " rows leaves " + heldOut + " held out and " + (rows - heldOut) + " to train on; both need"
                    + " at least one");
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        new Rng(seed).shuffle(order, rows);
        return new Split(subset(name + "/train", Arrays.copyOfRange(order, heldOut, rows)),
                subset(name + "/held-out", Arrays.copyOfRange(order, 0, heldOut)));
    }

    /**
     * A batch buffer for up to {@code capacity} rows of this set's shape.
     *
     * @param capacity the batch's row capacity, ≥ 1
     * @return a new, empty batch
     */
    public Batch newBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("batch capacity must be at least 1, got " + capacity);
        }
        return new Batch(capacity, width, labels != null, targetWidth());
    }

    /**
     * Copies rows {@code indices[from .. from + count)} into {@code batch} (features and targets, in that
     * order) and sets its size to count. Allocates nothing. The same as {@link #gatherTargets} followed by
     * {@link #gatherColumns} over all columns.
     *
     * @param batch   receives the rows; its size becomes count
     * @param indices the row indices to take from
     * @param from    where in indices to start, ≥ 0
     * @param count   the number of rows, 1 ≤ count ≤ the batch's capacity
     * @throws IllegalArgumentException  when count exceeds the batch's capacity, the batch has another shape, or the
     *                                   index range is out of bounds
     * @throws IndexOutOfBoundsException for a row index outside [0, rows)
     */
    public void gather(Batch batch, int[] indices, int from, int count) {
        checkGather(batch, indices, from, count);
        copyTargets(batch, indices, from, count);
        copyColumns(batch, indices, from, count, 0, width);
    }

    /**
     * The targets half of {@link #gather}: copies the labels (or target values) of rows
     * {@code indices[from .. from + count)} into {@code batch} and sets its size to count, leaving its features
     * as they are. Allocates nothing.
     *
     * @param batch   receives the targets; its size becomes count
     * @param indices the row indices to take from
     * @param from    where in indices to start, ≥ 0
     * @param count   the number of rows, 1 ≤ count ≤ the batch's capacity
     * @throws IllegalArgumentException  as {@link #gather}
     * @throws IndexOutOfBoundsException for a row index outside [0, rows)
     */
    public void gatherTargets(Batch batch, int[] indices, int from, int count) {
        checkGather(batch, indices, from, count);
        copyTargets(batch, indices, from, count);
    }

    // gatherTargets after its checks
    private void copyTargets(Batch batch, int[] indices, int from, int count) {
        for (int i = 0; i < count; i++) {
            int row = indices[from + i];
            if (labels != null) {
                batch.labels[i] = labels[row];
            } else {
                System.arraycopy(values, row * targetWidth, batch.values, i * targetWidth, targetWidth);
            }
        }
        batch.size = count;
    }

    /**
     * The features half of {@link #gather}, for columns {@code [c0, c1)} only: copies those columns of rows
     * {@code indices[from .. from + count)} into the first count rows of {@code batch}'s features, and nothing
     * else. Calls over disjoint column ranges may run at once on different threads (they write disjoint
     * elements): {@code Sequential.fillInput} has each training thread copy the columns it multiplies.
     * Allocates nothing.
     *
     * @param batch   receives the columns
     * @param indices the row indices to take from
     * @param from    where in indices to start, ≥ 0
     * @param count   the number of rows, 1 ≤ count ≤ the batch's capacity
     * @param c0      the first column, inclusive, 0 ≤ c0 ≤ c1
     * @param c1      the last column, exclusive, c1 ≤ width
     * @throws IllegalArgumentException  as {@link #gather}, or for columns outside [0, width]
     * @throws IndexOutOfBoundsException for a row index outside [0, rows)
     */
    public void gatherColumns(Batch batch, int[] indices, int from, int count, int c0, int c1) {
        checkGather(batch, indices, from, count);
        checkColumns(c0, c1);
        copyColumns(batch, indices, from, count, c0, c1);
    }

    /**
     * Starts bringing columns {@code [c0, c1)} of rows {@code indices[from .. from + count)} toward this
     * thread's cache, for a {@link #gatherColumns} of the same rows a step later; changes nothing. It reads the
     * first and the last element of each row's range: the row's first cache line, its page's address
     * translation and its last line then arrive together, for all the rows at once, where a gather would wait
     * for them row by row. The rows of a shuffled batch lie anywhere in a large set, so a gather waits on
     * memory: a training step calls this for its next batch, and its gather of 64 × 784 floats from a
     * 60 000-row set went from 33 µs to 21 µs (GatherBenchmark; docs/training.md, "Batches"). Each thread of a
     * split fill prefetches the columns it copies. Allocates nothing.
     *
     * @param indices the row indices the later gather takes
     * @param from    where in indices to start, ≥ 0
     * @param count   the number of rows, ≥ 0; from + count ≤ indices.length
     * @param c0      the first column, inclusive, 0 ≤ c0 ≤ c1
     * @param c1      the last column, exclusive, c1 ≤ width
     * @throws IllegalArgumentException  for an index range outside indices, or columns outside [0, width]
     * @throws IndexOutOfBoundsException for a row index outside [0, rows)
     */
    public void prefetchColumns(int[] indices, int from, int count, int c0, int c1) {
        checkRows(indices, from, count);
        checkColumns(c0, c1);
        if (c0 == c1) {
            return;
        }
        float seen = 0;
        for (int i = 0; i < count; i++) {
            int at = indices[from + i] * width;
            seen += features[at + c0] + features[at + c1 - 1];
        }
        if (seen != seen) { // the reads' one use, so the compiler keeps them: NaN only when the sum overflows both ways
            prefetched = seen;
        }
    }

    // Written only when a prefetch's sum is NaN (see prefetchColumns); never read.
    @SuppressWarnings("unused")
    private float prefetched;

    // gatherColumns after its checks
    private void copyColumns(Batch batch, int[] indices, int from, int count, int c0, int c1) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(features, indices[from + i] * width + c0, batch.features, i * width + c0, c1 - c0);
        }
    }

    private void checkGather(Batch batch, int[] indices, int from, int count) {
        checkBatch(batch, count);
        checkRows(indices, from, count);
    }

    // indices[from .. from + count) lies within indices, and each of those names a row of this set
    private void checkRows(int[] indices, int from, int count) {
        if (count < 0 || from < 0 || from > indices.length - count) {
            throw new IllegalArgumentException("indices[" + from + " .. " + ((long) from + count) + ") is outside an"
                    + " array of " + indices.length);
        }
        for (int i = 0; i < count; i++) {
            int row = indices[from + i];
            if (row < 0 || row >= rows) {
                throw new IndexOutOfBoundsException("row " + row + " is outside [0, " + rows + ") of " + name);
            }
        }
    }

    private void checkColumns(int c0, int c1) {
        if (c0 < 0 || c0 > c1 || c1 > width) {
            throw new IllegalArgumentException("columns [" + c0 + ", " + c1 + ") are outside [0, " + width + ")");
        }
    }

    /**
     * Copies the contiguous rows {@code [from, from + count)} into {@code batch}; see {@link #gather}.
     *
     * @param batch receives the rows; its size becomes count
     * @param from  the first row, ≥ 0
     * @param count the number of rows, with from + count ≤ rows
     */
    public void gatherRange(Batch batch, int from, int count) {
        checkBatch(batch, count);
        if (from < 0 || from > rows - count) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + (from + count) + ") are outside [0, " + rows
                    + ") of " + name);
        }
        System.arraycopy(features, from * width, batch.features, 0, count * width);
        if (labels != null) {
            System.arraycopy(labels, from, batch.labels, 0, count);
        } else {
            System.arraycopy(values, from * targetWidth, batch.values, 0, count * targetWidth);
        }
        batch.size = count;
    }

    private void checkBatch(Batch batch, int count) {
        if (batch.width != width || batch.targetWidth != targetWidth() || batch.classification != (labels != null)) {
            throw new IllegalArgumentException("the batch was made for another dataset shape");
        }
        if (count < 1 || count > batch.capacity) {
            throw new IllegalArgumentException("count " + count + " is outside [1, " + batch.capacity + "]");
        }
    }

    private void requireKind(Targets.Kind kind) {
        if (kind() != kind) {
            throw new IllegalStateException(name + " holds " + kind() + " targets, not " + kind);
        }
    }

    @Override
    public String toString() {
        return name + ": " + rows + " rows × " + width + " features → "
                + (labels != null ? classes + " classes" : targetWidth + " values");
    }
}
