package dev.lanes.infer.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A model compiled for inference: value slots and the steps that fill them, in order. Immutable and shared by
 * every session of the model; a session owns one set of slot buffers ({@link #newSlots}) and runs the steps
 * over them ({@link #run}). Both front ends compile to it: a Lanes {@code Model} (one slot per layer output,
 * sizes per batch row) and an imported ONNX graph (one slot per value, sizes of its planned shapes).
 *
 * <p>A slot is either a constant (a weight tensor shared read-only by every session), an input (set by the
 * caller for the duration of a run, never written) or computed (a buffer of {@code size · maxRows} floats
 * owned by the session, written by exactly one step).
 */
public final class Program {

    private final Step[] steps;
    private final long[] sizes;       // floats per unit, for computed slots; -1 for inputs and constants
    private final float[][] constants; // by slot; null unless constant

    private Program(Step[] steps, long[] sizes, float[][] constants) {
        this.steps = steps;
        this.sizes = sizes;
        this.constants = constants;
    }

    /** {@return the number of slots} */
    public int slotCount() {
        return sizes.length;
    }

    /** {@return the number of steps} */
    public int stepCount() {
        return steps.length;
    }

    /**
     * Floats per unit of computed slot {@code slot}, or -1 for an input or a constant.
     *
     * @param slot the slot's index
     * @return its floats per unit, or -1
     */
    public long size(int slot) {
        return sizes[slot];
    }

    /**
     * Bytes of the buffers {@link #newSlots} allocates for runs of up to maxRows units: 4 · size · maxRows summed
     * over the computed slots (constants are shared, inputs are the caller's). Saturates at Long.MAX_VALUE, so
     * a limit check on it never overflows.
     *
     * @param maxRows the most units a run will cover, ≥ 1
     * @return the bytes, saturating at Long.MAX_VALUE
     */
    public long bytes(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        long perSize = 4L * maxRows;
        long total = 0;
        for (long size : sizes) {
            if (size > 0) {
                long slot = size > Long.MAX_VALUE / perSize ? Long.MAX_VALUE : size * perSize;
                total = slot > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + slot;
            }
        }
        return total;
    }

    /** {@return the computed slot with the most floats per unit, or -1 when there is none (for error messages)} */
    public int largestSlot() {
        int best = -1;
        for (int s = 0; s < sizes.length; s++) {
            if (sizes[s] >= 0 && (best < 0 || sizes[s] > sizes[best])) {
                best = s;
            }
        }
        return best;
    }

    /**
     * A session's slots for runs of up to maxRows units: a new buffer for each computed slot, the shared array
     * for each constant, null for inputs.
     *
     * @param maxRows the most units a run will cover, ≥ 1
     * @return one entry per slot
     * @throws IllegalArgumentException when a buffer would exceed the largest Java array (the message names the slot
     *                                  and the numbers)
     */
    public float[][] newSlots(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        float[][] slots = new float[sizes.length][];
        for (int s = 0; s < sizes.length; s++) {
            if (constants[s] != null) {
                slots[s] = constants[s];
            } else if (sizes[s] >= 0) {
                long n = sizes[s] * maxRows;
                if (sizes[s] > Integer.MAX_VALUE - 8 || n > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("slot " + s + " needs " + sizes[s] + " floats per row × "
                            + maxRows + " rows, more than one float[] holds");
                }
                slots[s] = new float[(int) n];
            }
        }
        return slots;
    }

    /**
     * Runs every step over {@code rows} units (rows ≤ the maxRows the slots were made for).
     *
     * @param slots the slots from {@link #newSlots}, with the input slots set
     * @param rows  the units to run, 1 ≤ rows ≤ the slots' maxRows
     */
    public void run(float[][] slots, int rows) {
        for (Step step : steps) {
            step.run(slots, rows);
        }
    }

    /** Collects slots and steps; {@link #build} freezes them. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        private final List<float[]> constants = new ArrayList<>();

        /** An empty program: no slots, no steps. */
        public Builder() {}

        /** {@return the index of a new input slot} */
        public int input() {
            return add(-1, null);
        }

        /**
         * A new constant slot holding {@code values} (shared, never written); returns its index.
         *
         * @param values the values; held, not copied
         * @return the slot's index
         */
        public int constant(float[] values) {
            return add(-1, java.util.Objects.requireNonNull(values, "values"));
        }

        /**
         * A new computed slot of {@code size} floats per unit; returns its index.
         *
         * @param size floats per unit, ≥ 0
         * @return the slot's index
         */
        public int computed(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("a slot's size must be ≥ 0, got " + size);
            }
            return add(size, null);
        }

        /**
         * Appends a step; steps run in the order they were added.
         *
         * @param step runs after the steps added before it
         * @return this builder
         */
        public Builder step(Step step) {
            steps.add(java.util.Objects.requireNonNull(step, "step"));
            return this;
        }

        private int add(long size, float[] constant) {
            sizes.add(size);
            constants.add(constant);
            return sizes.size() - 1;
        }

        /** {@return the program of the slots and steps added so far} */
        public Program build() {
            long[] s = new long[sizes.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = sizes.get(i);
            }
            return new Program(steps.toArray(new Step[0]), s, constants.toArray(new float[0][]));
        }
    }
}
