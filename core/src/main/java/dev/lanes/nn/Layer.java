package dev.lanes.nn;

import dev.lanes.parallel.Workers;
import dev.lanes.random.Rng;

/**
 * One stage of a network: {@code y = f(x)} on a batch of rows, with its backward pass beside it.
 *
 * <p>Shapes: {@code x: (batch, inputWidth())}, {@code y: (batch, outputWidth())}, row-major, at offset 0 of
 * the arrays passed in. Forward and backward mirror each other (output first, then inputs, then sizes):
 * <pre>
 *   forward (y,      x,        batch, training)
 *   backward(dx, dy, x, y,     batch)
 * </pre>
 * Backward <b>accumulates</b> into the parameter gradients ({@link Parameters#gradients()}), so zeroing them
 * is the caller's explicit step, and <b>writes</b> {@code dx = ∂L/∂x}; a null {@code dx} (the first layer,
 * whose input needs no gradient) skips that work. Backward may use the x and y of the forward pass just made.
 *
 * <p>Life cycle, driven by {@link Sequential}: {@link #declareParameters} (once), {@link #bind} (once the flat
 * arrays exist), {@link #initialize} (fresh weights from a seeded generator), {@link #allocate} (scratch
 * sized for the largest batch). After that, forward and backward allocate nothing. A layer instance belongs
 * to one model; it is not thread-safe (inference from many threads uses the model's per-thread sessions).
 */
public abstract class Layer {

    /** For subclasses; a layer declares, binds and sizes its arrays later, in the life cycle above. */
    public Layer() {}

    /**
     * The network's threads ({@link Sequential#threads(int)}), or null for one thread. Layers that split their
     * work over them (Dense) choose splits whose results do not depend on the number of threads.
     */
    Workers workers;

    /**
     * Set by {@link Sequential#zeroGradientsAndBackward} just before this layer's backward when
     * {@link #overwrittenGradient()} names a tensor: its gradient was not zeroed, and backward writes it
     * instead of adding to it, then clears this flag.
     */
    boolean overwriteGradient;

    /**
     * The offset of the one gradient tensor whose backward can write it whole instead of adding to it (Dense's
     * W: its product is stored rather than added to zeros), or −1. {@link Sequential#zeroGradientsAndBackward}
     * then leaves that tensor out of the zeroing and sets {@link #overwriteGradient}.
     */
    int overwrittenGradient() {
        return -1;
    }

    /**
     * The first input column thread {@code part} of {@code parts} reads while training, when the layer
     * splits its input by columns (a sliced Dense); part p reads {@code [inputColumn(p), inputColumn(p + 1))},
     * and {@code inputColumn(parts)} is the input width. The default: part 0 reads every column.
     */
    int inputColumn(int part, int parts) {
        return part == 0 ? 0 : inputWidth();
    }

    /** {@return the width of each input row} */
    public abstract int inputWidth();

    /** {@return the width of each output row} */
    public abstract int outputWidth();

    /**
     * Declares this layer's parameter tensors; the default has none.
     *
     * @param builder the model's builder; this layer adds its tensors and keeps the offsets it returns
     */
    public void declareParameters(Parameters.Builder builder) {}

    /**
     * Receives the model's flat parameters, in which this layer's declared offsets are now valid.
     *
     * @param parameters the model's store, which this layer reads and writes from now on
     */
    public void bind(Parameters parameters) {}

    /**
     * Writes initial parameter values, drawing only from {@code rng}.
     *
     * @param rng the only source of randomness
     */
    public void initialize(Rng rng) {}

    /**
     * Sizes any scratch buffers for batches of up to {@code maxBatch} rows.
     *
     * @param maxBatch the largest batch forward and backward will see, ≥ 1
     */
    public void allocate(int maxBatch) {}

    /**
     * y = f(x) for {@code batch} rows.
     *
     * @param y        receives the output: (batch, outputWidth()); overwritten
     * @param x        the input: (batch, inputWidth()); not modified
     * @param batch    the number of rows, 0 ≤ batch ≤ the allocated maximum
     * @param training true in training (dropout drops, statistics are collected), false in inference
     */
    public abstract void forward(float[] y, float[] x, int batch, boolean training);

    /**
     * Accumulates parameter gradients and writes dx = ∂L/∂x (unless dx is null) from dy = ∂L/∂y, where x and
     * y are the input and output of the last forward pass.
     *
     * @param dx    receives ∂L/∂x: (batch, inputWidth()), overwritten; or null to skip it
     * @param dy    ∂L/∂y: (batch, outputWidth()); not modified
     * @param x     the input of the last forward pass
     * @param y     the output of the last forward pass
     * @param batch the number of rows, as in that forward pass
     */
    public abstract void backward(float[] dx, float[] dy, float[] x, float[] y, int batch);

    /**
     * Backward through a forward pass made in training mode or not, as {@link Sequential} calls it. The same as
     * {@link #backward} for every layer whose forward does not depend on the mode; a layer whose forward does
     * (Dropout) backpropagates through the function that pass computed.
     */
    void backwardAfter(boolean trainingPass, float[] dx, float[] dy, float[] x, float[] y, int batch) {
        backward(dx, dy, x, y, batch);
    }

    /**
     * Inference that touches no field and no thread of the network, for {@link Sequential}'s caller-buffer
     * forward, which many threads may run at once: {@code forward(y, x, batch, false)} for every layer but
     * Dense, which would otherwise split its rows over the network's threads (a team serves one caller).
     */
    void forwardConcurrent(float[] y, float[] x, int batch) {
        forward(y, x, batch, false);
    }

    /** A short description with the widths, e.g. {@code Dense(2 → 100)}; used in error messages. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputWidth() + " → " + outputWidth() + ")";
    }
}
