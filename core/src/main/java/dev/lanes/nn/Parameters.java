package dev.lanes.nn;

import dev.lanes.parallel.Workers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every parameter of a model in one flat array, with gradients (and any optimizer state) mirroring it, so an
 * optimizer step is one loop and saving a model is one write.
 *
 * <p>Layers declare their tensors with a {@link Builder} while the model is built, keep the returned offsets,
 * and read {@link #values()} / {@link #gradients()} at those offsets. A {@link Segment} records each tensor's
 * name, place and shape, and whether weight decay applies to it (weights yes, biases and slopes no).
 *
 * <p>For multi-threaded training ({@link Sequential#threads(int)}) every tensor is cut into slices, blocks of
 * its rows, by its shape alone: tensors under 2¹⁵ floats or 256 rows stay whole, larger ones are cut into 2,
 * 4 or 8 slices of at least 128 rows. Each slice belongs to one thread for every pass of a step (a Dense
 * layer's products over its rows, {@link #zeroGradients}, L2's {@link #sumInSlices}, an optimizer's
 * {@link #updateInRanges}), so a weight, its gradient and its moments stay in the cache of the core that
 * last wrote them; whole tensors belong to the calling thread, which computes the small layers' products.
 * Sums are taken per slice and added in slice order, so they have the same bits for any thread count.
 */
public final class Parameters {

    /**
     * One declared tensor: {@code rows × cols} floats at {@code offset}, row-major.
     *
     * @param name   the tensor's name within its layer, e.g. {@code "W"} or {@code "b"}
     * @param offset the index of its first float in the flat arrays
     * @param rows   its rows
     * @param cols   its columns
     * @param decays whether L2 regularisation / weight decay applies to it
     */
    public record Segment(String name, int offset, int rows, int cols, boolean decays) {
        /** {@return the number of floats: rows · cols} */
        public int size() {
            return rows * cols;
        }
    }

    /**
     * An element-wise update of {@code [from, to)} of the flat arrays (an optimizer's step): the result at an
     * index may depend only on the arrays at that index, so any split into ranges gives the same bits.
     */
    @FunctionalInterface
    public interface RangeUpdate {
        /**
         * Updates indices {@code [from, to)}.
         *
         * @param from the first index, inclusive
         * @param to   the last index, exclusive
         */
        void apply(int from, int to);
    }

    /**
     * A sum over one slice {@code [from, to)} of the tensor {@code segment} (L2's sum of squares). It may also
     * update its range element-wise, as a {@link RangeUpdate} would.
     */
    @FunctionalInterface
    public interface SliceSum {
        /**
         * Sums over indices {@code [from, to)}, which lie in {@code segment}.
         *
         * @param parameters the store the slice belongs to
         * @param segment    the tensor the slice belongs to
         * @param from       the first index, inclusive
         * @param to         the last index, exclusive
         * @return the slice's sum
         */
        double apply(Parameters parameters, Segment segment, int from, int to);
    }

    // Slices: a tensor of at least SLICE_MIN_FLOATS floats and 2·SLICE_ROWS rows is cut into blocks of rows
    // (2, 4 or 8, each of at least SLICE_ROWS rows, boundaries at multiples of 8 rows). The cut depends on the
    // tensor's shape only, never on the thread count. With several threads every slice belongs to one thread
    // for every pass of a step (Dense's products over its rows, zeroing, L2, the optimizer), so a weight, its
    // gradient and its moments stay in one core's cache from one step to the next (docs/training.md, "Threads").
    static final int SLICE_ROWS = 128;
    static final int SLICE_MIN_FLOATS = 1 << 15;
    static final int MAX_SLICES = 8;
    private static final int SLICE_ALIGN = 8;

    /**
     * The number of slices of a {@code rows × cols} tensor: 1, or the largest power of two ≤ 8 that leaves at
     * least {@code SLICE_ROWS} rows per slice, for tensors of at least {@code SLICE_MIN_FLOATS} floats.
     */
    static int slices(int rows, int cols) {
        if ((long) rows * cols < SLICE_MIN_FLOATS || rows < 2 * SLICE_ROWS) {
            return 1;
        }
        return Math.min(MAX_SLICES, Integer.highestOneBit(rows / SLICE_ROWS));
    }

    /** The first row of slice {@code slice} of a tensor of {@code rows} rows cut into {@code slices}. */
    static int sliceRow(int rows, int slices, int slice) {
        return Workers.start(rows, slices, slice, SLICE_ALIGN);
    }

    /**
     * The first of the slices thread {@code part} of {@code parts} owns, of a tensor cut into {@code slices}:
     * thread p owns {@code [firstSlice(p), firstSlice(p + 1))}, ⌈slices·p/parts⌉, so an uncut tensor belongs to
     * thread 0 (the caller, which computes the small layers' products itself).
     */
    static int firstSlice(int slices, int parts, int part) {
        return (int) (((long) slices * part + parts - 1) / parts);
    }

    private final float[] values;
    private final float[] gradients;
    private final List<Segment> segments;
    // Every slice of every tensor, in order: [sliceFrom[i], sliceTo[i]) of tensor sliceSegment[i].
    private final int[] sliceFrom;
    private final int[] sliceTo;
    private final int[] sliceSegment;
    private final double[] sliceSums;
    // The owning network's threads (Sequential.threads), or null: one thread. For each thread, the flat ranges
    // (from, to pairs, adjacent slices merged) and the slices it owns.
    private Workers workers;
    private int[][] ownedRanges;
    private int[][] ownedSlices;
    private boolean anyForHelpers;
    private RangeUpdate pendingUpdate;
    private SliceSum pendingSum;
    private final Workers.Task rangeTask = this::rangePart;
    private final Workers.Task sliceTask = this::slicePart;

    private void rangePart(int part, int parts) {
        int[] ranges = ownedRanges[part];
        for (int i = 0; i < ranges.length; i += 2) {
            pendingUpdate.apply(ranges[i], ranges[i + 1]);
        }
    }

    private void slicePart(int part, int parts) {
        int[] mine = ownedSlices[part];
        for (int i = 0; i < mine.length; i++) {
            int slice = mine[i];
            Segment segment = segments.get(sliceSegment[slice]);
            sliceSums[slice] = pendingSum.apply(this, segment, sliceFrom[slice], sliceTo[slice]);
        }
    }

    private Parameters(float[] values, float[] gradients, List<Segment> segments) {
        this.values = values;
        this.gradients = gradients;
        this.segments = List.copyOf(segments);
        int count = 0;
        for (Segment seg : segments) {
            count += slices(seg.rows(), seg.cols());
        }
        sliceFrom = new int[count];
        sliceTo = new int[count];
        sliceSegment = new int[count];
        sliceSums = new double[count];
        int i = 0;
        for (int s = 0; s < segments.size(); s++) {
            Segment seg = segments.get(s);
            int n = slices(seg.rows(), seg.cols());
            for (int c = 0; c < n; c++, i++) {
                sliceFrom[i] = seg.offset() + sliceRow(seg.rows(), n, c) * seg.cols();
                sliceTo[i] = seg.offset() + sliceRow(seg.rows(), n, c + 1) * seg.cols();
                sliceSegment[i] = s;
            }
        }
        own(1);
    }

    // Assigns every slice to its thread: slice c of a tensor cut into n goes to the thread p with
    // firstSlice(n, parts, p) ≤ c < firstSlice(n, parts, p + 1).
    private void own(int parts) {
        List<List<Integer>> slices = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            slices.add(new ArrayList<>());
        }
        for (int i = 0; i < sliceFrom.length; ) {
            Segment seg = segments.get(sliceSegment[i]);
            int n = slices(seg.rows(), seg.cols());
            for (int p = 0; p < parts; p++) {
                for (int c = firstSlice(n, parts, p); c < firstSlice(n, parts, p + 1); c++) {
                    slices.get(p).add(i + c);
                }
            }
            i += n;
        }
        ownedSlices = new int[parts][];
        ownedRanges = new int[parts][];
        anyForHelpers = false;
        for (int p = 0; p < parts; p++) {
            List<Integer> mine = slices.get(p);
            ownedSlices[p] = mine.stream().mapToInt(Integer::intValue).toArray();
            List<Integer> ranges = new ArrayList<>();
            for (int slice : ownedSlices[p]) {
                int last = ranges.size() - 1;
                if (last > 0 && ranges.get(last) == sliceFrom[slice]) {
                    ranges.set(last, sliceTo[slice]); // adjacent to the previous range: one call covers both
                } else {
                    ranges.add(sliceFrom[slice]);
                    ranges.add(sliceTo[slice]);
                }
            }
            ownedRanges[p] = ranges.stream().mapToInt(Integer::intValue).toArray();
            anyForHelpers |= p > 0 && !mine.isEmpty();
        }
        zeroForHelpers = anyOutsideKept();
    }

    /**
     * The parameters, flat. Modified by optimizers and initialisers.
     *
     * @return the shared array; not a copy
     */
    public float[] values() {
        return values;
    }

    /**
     * The gradients, mirroring {@link #values()}. Layers' backward passes accumulate into it. Null for
     * inference-only parameters ({@link Builder#buildForInference}).
     *
     * @return the shared array, or null for inference-only parameters
     */
    public float[] gradients() {
        return gradients;
    }

    /** {@return the number of parameters} */
    public int size() {
        return values.length;
    }

    /** {@return the declared tensors, in declaration order} */
    public List<Segment> segments() {
        return segments;
    }

    /**
     * Applies an element-wise update to every index, {@code [0, size())}: in one call on this thread, or, when
     * the owning network trains on several threads ({@link Sequential#threads(int)}), in the ranges each
     * thread owns (its slices of the large tensors; the small tensors belong to the calling thread), run in
     * parallel. Each index is in exactly one range, and an element-wise update gives the same bits however the
     * indices are split. Allocates nothing.
     *
     * @param update the update; called once per range, on the range's thread
     */
    public void updateInRanges(RangeUpdate update) {
        if (workers == null || !anyForHelpers) {
            update.apply(0, values.length);
            return;
        }
        pendingUpdate = update;
        try {
            workers.run(rangeTask);
        } finally {
            pendingUpdate = null;
        }
    }

    /**
     * Sums {@code sum} over every slice of every tensor, each slice on the thread that owns it (as in
     * {@link #updateInRanges}), and adds the slices' results on this thread in a fixed order (tensor by tensor,
     * slice by slice, in double). How tensors are cut into slices depends on their shapes only, so the total
     * has the same bits for any thread count. Allocates nothing.
     *
     * @param sum the sum over one slice; called once per slice, on the slice's thread
     * @return the total over all slices
     */
    public double sumInSlices(SliceSum sum) {
        pendingSum = sum;
        try {
            if (workers == null || !anyForHelpers) {
                slicePart(0, 1);
            } else {
                workers.run(sliceTask);
            }
        } finally {
            pendingSum = null;
        }
        double total = 0;
        for (double s : sliceSums) {
            total += s;
        }
        return total;
    }

    /** Set by {@link Sequential#threads(int)}: the threads {@link #updateInRanges} splits over, or null. */
    void useWorkers(Workers workers) {
        this.workers = workers;
        own(workers == null ? 1 : workers.threads());
    }

    /**
     * Sets every gradient to 0; call before each backward pass (backward accumulates), or call
     * {@link Sequential#zeroGradientsAndBackward} instead of both, which gives the same bits faster.
     */
    public void zeroGradients() {
        if (gradients == null) {
            throw new IllegalStateException("inference-only parameters have no gradients");
        }
        updateInRanges(zeroRange);
    }

    private final RangeUpdate zeroRange = this::zeroRange;

    private void zeroRange(int from, int to) {
        Arrays.fill(gradients, from, to, 0f);
    }

    // The tensors Sequential.zeroGradientsAndBackward leaves to their layers' backward to overwrite, as sorted
    // [keptFrom[i], keptTo[i]) spans, and whether a helper thread owns any gradient outside them (if not, the
    // caller zeroes its own ranges without handing out a run).
    private int[] keptFrom = new int[0];
    private int[] keptTo = new int[0];
    private boolean zeroForHelpers;
    private final RangeUpdate zeroOutsideKept = this::zeroOutsideKept;

    /** Sets the tensors (by offset) that {@link #zeroGradientsExceptKept} leaves alone. */
    void keep(int[] offsets) {
        int[] sorted = offsets.clone();
        Arrays.sort(sorted);
        keptFrom = new int[sorted.length];
        keptTo = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            keptFrom[i] = sorted[i];
            keptTo[i] = sorted[i] + segmentAt(sorted[i]).size();
        }
        zeroForHelpers = anyOutsideKept();
    }

    /** The segment that starts at {@code offset}. */
    Segment segmentAt(int offset) {
        for (Segment segment : segments) {
            if (segment.offset() == offset) {
                return segment;
            }
        }
        throw new IllegalArgumentException("no tensor starts at offset " + offset);
    }

    private boolean anyOutsideKept() {
        for (int p = 1; p < ownedRanges.length; p++) {
            int[] ranges = ownedRanges[p];
            for (int i = 0; i < ranges.length; i += 2) {
                if (covered(ranges[i], ranges[i + 1]) < ranges[i + 1] - ranges[i]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many of the floats in [from, to) lie in kept tensors. */
    private int covered(int from, int to) {
        int n = 0;
        for (int i = 0; i < keptFrom.length; i++) {
            n += Math.max(0, Math.min(to, keptTo[i]) - Math.max(from, keptFrom[i]));
        }
        return n;
    }

    private void zeroOutsideKept(int from, int to) {
        int at = from;
        for (int i = 0; i < keptFrom.length && at < to; i++) {
            int start = Math.max(at, keptFrom[i]);
            int end = Math.min(to, keptTo[i]);
            if (start < end) {
                Arrays.fill(gradients, at, start, 0f);
                at = end;
            }
        }
        Arrays.fill(gradients, at, to, 0f);
    }

    /**
     * Zeroes every gradient except the kept tensors' ({@link #keep}), each range on the thread that owns it as
     * {@link #zeroGradients} does. Allocates nothing.
     */
    void zeroGradientsExceptKept() {
        if (gradients == null) {
            throw new IllegalStateException("inference-only parameters have no gradients");
        }
        if (zeroForHelpers) {
            updateInRanges(zeroOutsideKept);
            return;
        }
        int[] mine = ownedRanges[0];
        for (int i = 0; i < mine.length; i += 2) {
            zeroOutsideKept(mine[i], mine[i + 1]);
        }
    }

    /** Zeroes the gradient of the tensor at {@code offset}. */
    void zeroGradient(int offset) {
        Arrays.fill(gradients, offset, offset + segmentAt(offset).size(), 0f);
    }

    /** Collects declarations; {@link #build()} allocates the flat arrays once. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private long size;

        /** An empty builder: no tensors declared. */
        public Builder() {}

        /**
         * Declares a {@code rows × cols} tensor and returns its offset in the flat arrays.
         *
         * @param name   the tensor's name within its layer, e.g. {@code "W"}
         * @param rows   its rows, ≥ 1
         * @param cols   its columns, ≥ 1
         * @param decays whether L2 regularisation / weight decay applies to it
         * @return its offset in the flat arrays
         * @throws IllegalArgumentException for non-positive sizes or a model over {@code Integer.MAX_VALUE - 8}
         *                                  parameters
         */
        public int add(String name, int rows, int cols, boolean decays) {
            if (rows < 1 || cols < 1) {
                throw new IllegalArgumentException(name + ": a parameter tensor needs positive sizes, got " + rows
                        + " × " + cols);
            }
            long end = size + (long) rows * cols;
            if (end > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(name + ": the model would have " + end
                        + " parameters, more than one float[] holds");
            }
            int offset = (int) size;
            segments.add(new Segment(name, offset, rows, cols, decays));
            size = end;
            return offset;
        }

        /** {@return a store with zeroed value and gradient arrays for every declared tensor} */
        public Parameters build() {
            return new Parameters(new float[(int) size], new float[(int) size], segments);
        }

        /**
         * Parameters over {@code values} itself (not a copy) and without gradients: for a network that only
         * runs inference, which then holds its parameters once.
         *
         * @param values the parameter values, as many as the layers declared; held, not copied
         * @return a store without gradients
         * @throws IllegalArgumentException when values does not hold exactly the declared number of floats
         */
        public Parameters buildForInference(float[] values) {
            if (values.length != size) {
                throw new IllegalArgumentException("values holds " + values.length + " floats, the layers declared "
                        + size);
            }
            return new Parameters(values, null, segments);
        }
    }
}
