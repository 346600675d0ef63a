package dev.lanes.data;

import dev.lanes.loss.Targets;

/**
 * Preallocated buffers for one batch: {@code features: (capacity, width)} and {@link #targets()} over a
 * label or value array of the same capacity. Only the first {@link #size()} rows are meaningful.
 */
public final class Batch {
    final int capacity;
    final int width;
    final boolean classification;
    final int targetWidth;
    final float[] features;
    final int[] labels;
    final float[] values;
    private final Targets targets;
    int size;

    Batch(int capacity, int width, boolean classification, int targetWidth) {
        this.capacity = capacity;
        this.width = width;
        this.classification = classification;
        this.targetWidth = targetWidth;
        this.features = new float[Math.multiplyExact(capacity, width)];
        this.labels = classification ? new int[capacity] : null;
        this.values = classification ? null : new float[Math.multiplyExact(capacity, targetWidth)];
        this.targets = classification ? Targets.classes(labels, targetWidth) : Targets.values(values, targetWidth);
    }

    /** {@return the number of rows gathered by the last {@link Dataset#gather}} */
    public int size() {
        return size;
    }

    /** {@return the largest number of rows it holds} */
    public int capacity() {
        return capacity;
    }

    /** {@return the features buffer, (capacity, width); rows past {@link #size()} hold stale data} */
    public float[] features() {
        return features;
    }

    /** {@return the targets over this batch's own label or value buffer} */
    public Targets targets() {
        return targets;
    }
}
