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

    /**
     * The network's threads ({@link Sequential#threads(int)}), or null for one thread. Layers that split their
     * work over them (Dense) choose splits whose results do not depend on the number of threads.
     */
    Workers workers;

    /** Width of each input row. */
    public abstract int inputWidth();

    /** Width of each output row. */
    public abstract int outputWidth();

    /** Declares this layer's parameter tensors; the default has none. */
    public void declareParameters(Parameters.Builder builder) {}

    /** Receives the model's flat parameters, in which this layer's declared offsets are now valid. */
    public void bind(Parameters parameters) {}

    /** Writes initial parameter values, drawing only from {@code rng}. */
    public void initialize(Rng rng) {}

    /** Sizes any scratch buffers for batches of up to {@code maxBatch} rows. */
    public void allocate(int maxBatch) {}

    /**
     * y = f(x) for {@code batch} rows.
     *
     * @param training true in training (dropout drops, statistics are collected), false in inference
     */
    public abstract void forward(float[] y, float[] x, int batch, boolean training);

    /**
     * Accumulates parameter gradients and writes dx = ∂L/∂x (unless dx is null) from dy = ∂L/∂y, where x and
     * y are the input and output of the last forward pass.
     */
    public abstract void backward(float[] dx, float[] dy, float[] x, float[] y, int batch);

    /** A short description with the widths, e.g. {@code Dense(2 → 100)}; used in error messages. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputWidth() + " → " + outputWidth() + ")";
    }
}
