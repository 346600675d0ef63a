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

    /** Ranges start at multiples of 16 floats (64 bytes): two threads never write one cache line. */
    private static final int RANGE_ALIGN = 16;

    private final float[] values;
    private final float[] gradients;
    private final List<Segment> segments;
    // The owning network's threads (Sequential.threads), or null: one thread.
    private Workers workers;
    private RangeUpdate pending;
    private final Workers.Task rangeTask = this::rangePart;

    private void rangePart(int part, int parts) {
        int n = values.length;
        int from = Workers.start(n, parts, part, RANGE_ALIGN), to = Workers.start(n, parts, part + 1, RANGE_ALIGN);
        if (from < to) {
            pending.apply(from, to);
        }
    }

    private Parameters(float[] values, float[] gradients, List<Segment> segments) {
        this.values = values;
        this.gradients = gradients;
        this.segments = List.copyOf(segments);
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
     * the owning network trains on several threads ({@link Sequential#threads(int)}), split into one range per
     * thread, run in parallel. Each index is in exactly one range, and an element-wise update gives the same
     * bits however the indices are split. Allocates nothing.
     *
     * @param update the update; called once per range, on the range's thread
     */
    public void updateInRanges(RangeUpdate update) {
        if (workers == null || values.length < RANGE_ALIGN * workers.threads()) {
            update.apply(0, values.length);
            return;
        }
        pending = update;
        try {
            workers.run(rangeTask);
        } finally {
            pending = null;
        }
    }

    /** Set by {@link Sequential#threads(int)}: the threads {@link #updateInRanges} splits over, or null. */
    void useWorkers(Workers workers) {
        this.workers = workers;
    }

    /** Sets every gradient to 0; call before each backward pass (backward accumulates). */
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
