package dev.lanes.infer.engine;

import dev.lanes.kernels.Epilogue;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedB;
import dev.lanes.nn.Layer;

/**
 * The steps both front ends share. Sizes are per unit ({@link Step}); slot arguments come output first, then
 * inputs, as everywhere in Lanes.
 */
public final class Steps {

    private Steps() {}

    /**
     * A dense layer: out = epilogue(in · W + bias), in: (unitRows · rows, k), W packed once ({@link Kernels#pack})
     * as (k, n), out: (unitRows · rows, n), bias: n values or null. GEMM, bias and activation in one pass over
     * each output tile ({@link Kernels#gemmPacked}).
     *
     * @param out      the output slot
     * @param in       the input slot
     * @param unitRows the rows of in per unit
     * @param w        W, packed by {@link Kernels#pack}; gives k and n
     * @param bias     the bias: (n), or null for none
     * @param epilogue what to apply to each element before it is stored
     * @return the step
     */
    public static Step dense(int out, int in, int unitRows, PackedB w, float[] bias, Epilogue epilogue) {
        int k = w.rows();
        int n = w.columns();
        return (slots, rows) -> Kernels.gemmPacked(slots[out], 0, n, slots[in], 0, k, w, bias, 0, epilogue,
                unitRows * rows);
    }

    /**
     * out = max(in, 0) element-wise over {@code unitSize · rows} values.
     *
     * @param out      the output slot
     * @param in       the input slot
     * @param unitSize the values per unit
     * @return the step
     */
    public static Step relu(int out, int in, int unitSize) {
        return (slots, rows) -> Kernels.relu(slots[out], 0, slots[in], 0, unitSize * rows);
    }

    /**
     * out = in for in &gt; 0, else alpha · in.
     *
     * @param out      the output slot
     * @param in       the input slot
     * @param unitSize the values per unit
     * @param alpha    the slope for in ≤ 0
     * @return the step
     */
    public static Step leakyRelu(int out, int in, int unitSize, float alpha) {
        return (slots, rows) -> Kernels.leakyRelu(slots[out], 0, slots[in], 0, alpha, unitSize * rows);
    }

    /**
     * out = 1 / (1 + e^−in).
     *
     * @param out      the output slot
     * @param in       the input slot
     * @param unitSize the values per unit
     * @return the step
     */
    public static Step sigmoid(int out, int in, int unitSize) {
        return (slots, rows) -> Kernels.sigmoid(slots[out], 0, slots[in], 0, unitSize * rows);
    }

    /**
     * out = tanh(in).
     *
     * @param out      the output slot
     * @param in       the input slot
     * @param unitSize the values per unit
     * @return the step
     */
    public static Step tanh(int out, int in, int unitSize) {
        return (slots, rows) -> Kernels.tanh(slots[out], 0, slots[in], 0, unitSize * rows);
    }

    /**
     * out = in (a copy; Identity, Flatten, Reshape and Linear are this step).
     *
     * @param out      the output slot
     * @param in       the input slot
     * @param unitSize the values per unit
     * @return the step
     */
    public static Step copy(int out, int in, int unitSize) {
        return (slots, rows) -> System.arraycopy(slots[in], 0, slots[out], 0, unitSize * rows);
    }

    /**
     * Softmax (or log-softmax) of each row of width {@code width}: {@code unitRows · rows} rows, the maximum
     * subtracted first (numerically stable; see Kernels#softmaxRows).
     *
     * @param out      the output slot
     * @param in       the input slot
     * @param unitRows the rows per unit
     * @param width    the row width, ≥ 1
     * @param log      true for log-softmax
     * @return the step
     */
    public static Step softmax(int out, int in, int unitRows, int width, boolean log) {
        return log
                ? (slots, rows) -> Kernels.logSoftmaxRows(slots[out], 0, width, slots[in], 0, width, unitRows * rows,
                        width)
                : (slots, rows) -> Kernels.softmaxRows(slots[out], 0, width, slots[in], 0, width, unitRows * rows,
                        width);
    }

    /**
     * A Lanes layer through its inference forward ({@code training = false}), which reads its parameters only;
     * one unit is one batch row.
     *
     * @param out   the output slot
     * @param in    the input slot
     * @param layer the layer, bound to its parameters and allocated
     * @return the step
     */
    public static Step layer(int out, int in, Layer layer) {
        return (slots, rows) -> layer.forward(slots[out], slots[in], rows, false);
    }
}
