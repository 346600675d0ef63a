package dev.lanes.train;

import dev.lanes.data.Dataset;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Sequential;

/**
 * Runs a trained network on new inputs in inference mode. Works through caller-side buffers
 * ({@link Sequential#forward(float[][], float[], int)}), so several threads may predict with one network at
 * once as long as nobody trains it meanwhile. Inputs must be scaled as in training (see
 * {@link dev.lanes.data.Standardization}). Allocates its result and chunk buffers: not for hot loops.
 */
public final class Predictions {

    /** Rows per chunk: bounds the scratch memory whatever the number of rows. */
    private static final int CHUNK = 256;

    private Predictions() {}

    /**
     * The network's outputs for {@code x: (rows, inputWidth)}: (rows, outputWidth).
     *
     * @param net  the network; run in inference mode
     * @param x    the input rows: (rows, inputWidth) row-major
     * @param rows the number of rows, ≥ 1
     * @return a new array: (rows, outputWidth)
     */
    public static float[] outputs(Sequential net, float[] x, int rows) {
        int in = net.inputWidth();
        int outWidth = net.outputWidth();
        if (rows < 1 || (long) rows * in > x.length) {
            throw new IllegalArgumentException(rows + " rows of " + in + " need " + (long) rows * in
                    + " floats, got " + x.length);
        }
        int chunk = Math.min(rows, CHUNK);
        float[][] buffers = new float[net.layers().size()][];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new float[chunk * net.layers().get(i).outputWidth()];
        }
        float[] xChunk = new float[chunk * in];
        float[] result = new float[Math.multiplyExact(rows, outWidth)];
        for (int from = 0; from < rows; from += chunk) {
            int count = Math.min(chunk, rows - from);
            System.arraycopy(x, from * in, xChunk, 0, count * in);
            net.forward(buffers, xChunk, count);
            System.arraycopy(buffers[buffers.length - 1], 0, result, from * outWidth, count * outWidth);
        }
        return result;
    }

    /**
     * The predicted class (index of the largest output) of each row of {@code x: (rows, inputWidth)}.
     *
     * @param net  the network; run in inference mode
     * @param x    the input rows: (rows, inputWidth) row-major
     * @param rows the number of rows, ≥ 1
     * @return a new array of rows classes
     */
    public static int[] classes(Sequential net, float[] x, int rows) {
        float[] out = outputs(net, x, rows);
        int[] predicted = new int[rows];
        Kernels.argmaxRows(predicted, 0, out, 0, net.outputWidth(), rows, net.outputWidth());
        return predicted;
    }

    /**
     * The predicted class of each row of {@code data}.
     *
     * @param net  the network; run in inference mode
     * @param data the rows to classify
     * @return a new array, one class per row
     */
    public static int[] classes(Sequential net, Dataset data) {
        return classes(net, data.features(), data.rows());
    }

    /**
     * The outputs for each row of {@code data}: (rows, outputWidth).
     *
     * @param net  the network; run in inference mode
     * @param data the rows to run
     * @return a new array: (rows, outputWidth)
     */
    public static float[] outputs(Sequential net, Dataset data) {
        return outputs(net, data.features(), data.rows());
    }
}
