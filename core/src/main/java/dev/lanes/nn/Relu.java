package dev.lanes.nn;

import dev.lanes.kernels.Kernels;

/**
 * Rectified linear unit: {@code y = max(x, 0)}, with {@link Math#max} semantics (NaN stays NaN, −0.0 → +0.0).
 * Backward passes dy where {@code x > 0} and 0 elsewhere, including the kink x = 0 (docs/kernels.md).
 * <pre>
 *   x, y, dy, dx: (batch, width)
 * </pre>
 * Tracks dead units ({@link ActivityTracking}): a training forward marks each unit that is positive on some
 * row, in a preallocated array. Inference ({@code training = false}) writes only y, so it is thread-safe.
 */
public final class Relu extends ElementwiseLayer implements ActivityTracking {

    private final boolean[] active;
    private int activeCount;

    /**
     * A ReLU layer over rows of {@code width}; it starts with no unit marked active.
     *
     * @param width the width of the input and output rows, ≥ 1
     */
    public Relu(int width) {
        super(width);
        this.active = new boolean[width];
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        Kernels.relu(y, 0, x, 0, count(batch));
        if (training && activeCount < width) {
            mark(y, batch);
        }
    }

    // Only units not yet marked are scanned, so once every unit has fired the cost is a single comparison.
    private void mark(float[] y, int batch) {
        for (int j = 0; j < width; j++) {
            if (!active[j]) {
                for (int r = 0, i = j; r < batch; r++, i += width) {
                    if (y[i] > 0) {
                        active[j] = true;
                        activeCount++;
                        break;
                    }
                }
            }
        }
    }

    // dx = x > 0 ? dy : 0
    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx != null) {
            Kernels.reluBackward(dx, 0, dy, 0, x, 0, count(batch));
        }
    }

    @Override
    public void resetActivity() {
        java.util.Arrays.fill(active, false);
        activeCount = 0;
    }

    @Override
    public int units() {
        return width;
    }

    @Override
    public int deadUnits() {
        return width - activeCount;
    }
}
