package dev.lanes.nn;

import dev.lanes.random.Rng;
import java.util.Arrays;
import java.util.List;

/**
 * A chain of layers with one flat {@link Parameters} store, activations and their gradients preallocated
 * for batches of up to {@link #maxBatch()} rows (a smaller final batch works). After construction,
 * {@link #forward} and {@link #backward} allocate nothing.
 *
 * <pre>
 *   Sequential net = Sequential.of(300, 42L,
 *           new Dense(2, 100), new Relu(100), new Dense(100, 3));
 *   float[] logits = net.forward(x, batch, true);   // (batch, 3)
 *   net.parameters().zeroGradients();
 *   net.backward(dLogits, batch);                   // accumulates into parameters().gradients()
 * </pre>
 *
 * Not thread-safe: one training loop at a time. Inference with {@code training = false} only reads the
 * parameters; concurrent inference goes through per-thread buffers (see {@link #forward(float[][], float[], int)}).
 */
public final class Sequential {

    private final Layer[] layers;
    private final Parameters parameters;
    private final int maxBatch;
    // activations[0] is the caller's input (not owned); activations[i + 1] is layer i's output.
    private final float[][] activations;
    // gradients[i] = ∂L/∂(input of layer i), for i ≥ 1; gradients[layers.length] is the caller's dOutput.
    private final float[][] gradients;

    private Sequential(int maxBatch, long seed, Layer[] layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        for (int i = 0; i < layers.length; i++) {
            for (int j = 0; j < i; j++) {
                if (layers[i] == layers[j]) {
                    throw new IllegalArgumentException("layer " + i + " " + layers[i] + " is the same instance as"
                            + " layer " + j + "; a layer holds its own parameters and buffers, so create a new one");
                }
            }
        }
        for (int i = 1; i < layers.length; i++) {
            if (layers[i].inputWidth() != layers[i - 1].outputWidth()) {
                throw new IllegalArgumentException("layer " + i + " " + layers[i] + " takes rows of "
                        + layers[i].inputWidth() + ", but layer " + (i - 1) + " " + layers[i - 1] + " gives "
                        + layers[i - 1].outputWidth());
            }
        }
        this.layers = layers.clone();
        this.maxBatch = maxBatch;
        Parameters.Builder builder = new Parameters.Builder();
        for (Layer layer : this.layers) {
            layer.declareParameters(builder);
        }
        this.parameters = builder.build();
        Rng rng = new Rng(seed);
        for (Layer layer : this.layers) {
            layer.bind(parameters);
            layer.initialize(rng);
            layer.allocate(maxBatch);
        }
        this.activations = new float[layers.length + 1][];
        this.gradients = new float[layers.length + 1][];
        for (int i = 0; i < layers.length; i++) {
            activations[i + 1] = new float[Math.multiplyExact(maxBatch, layers[i].outputWidth())];
            if (i > 0) {
                gradients[i] = new float[Math.multiplyExact(maxBatch, layers[i].inputWidth())];
            }
        }
    }

    /**
     * Builds a network, declaring, binding and initialising every layer's parameters from {@code seed}.
     *
     * @throws IllegalArgumentException when a layer's input width differs from the previous layer's output
     *                                  width (the message names both layers), or maxBatch &lt; 1
     */
    public static Sequential of(int maxBatch, long seed, Layer... layers) {
        return new Sequential(maxBatch, seed, layers);
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return List.of(layers);
    }

    /** All parameters and their gradients, flat. */
    public Parameters parameters() {
        return parameters;
    }

    public int inputWidth() {
        return layers[0].inputWidth();
    }

    public int outputWidth() {
        return layers[layers.length - 1].outputWidth();
    }

    /** The largest batch {@link #forward} accepts. */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Runs every layer on x: (batch, inputWidth) and returns the network's own output buffer, whose first
     * {@code batch · outputWidth} floats are the result (valid until the next call). x is kept, not copied,
     * for {@link #backward}.
     *
     * @throws IllegalArgumentException when batch is outside [1, maxBatch] or x is shorter than the batch
     */
    public float[] forward(float[] x, int batch, boolean training) {
        checkBatch(batch);
        checkLength("x", x, batch, inputWidth());
        activations[0] = x;
        for (int i = 0; i < layers.length; i++) {
            layers[i].forward(activations[i + 1], activations[i], batch, training);
        }
        return activations[layers.length];
    }

    /**
     * Backpropagates dOutput: (batch, outputWidth) = ∂L/∂output through the last forward pass, accumulating
     * into {@code parameters().gradients()} (zero them first). The first layer's input gradient is skipped.
     */
    public void backward(float[] dOutput, int batch) {
        checkBatch(batch);
        checkLength("dOutput", dOutput, batch, outputWidth());
        if (activations[0] == null) {
            throw new IllegalStateException("backward needs a forward pass first");
        }
        gradients[layers.length] = dOutput;
        for (int i = layers.length - 1; i >= 0; i--) {
            layers[i].backward(gradients[i], gradients[i + 1], activations[i], activations[i + 1], batch);
        }
    }

    /**
     * Inference into caller-owned buffers, touching no field of this network: safe from many threads at
     * once as long as nobody trains it meanwhile. {@code buffers[i]} receives layer i's output and must hold
     * at least {@code batch · layers().get(i).outputWidth()} floats; the last one holds the result. Batch
     * may exceed {@link #maxBatch()} here.
     */
    public void forward(float[][] buffers, float[] x, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        checkLength("x", x, batch, inputWidth());
        if (buffers.length != layers.length) {
            throw new IllegalArgumentException("need one buffer per layer (" + layers.length + "), got "
                    + buffers.length);
        }
        float[] in = x;
        for (int i = 0; i < layers.length; i++) {
            if (buffers[i].length < (long) batch * layers[i].outputWidth()) { // the name is built only on failure
                checkLength("buffers[" + i + "]", buffers[i], batch, layers[i].outputWidth());
            }
            layers[i].forward(buffers[i], in, batch, false);
            in = buffers[i];
        }
    }

    private void checkBatch(int batch) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " is outside [1, " + maxBatch
                    + "]; the network was built for batches of at most " + maxBatch + " rows");
        }
    }

    private static void checkLength(String name, float[] a, int batch, int width) {
        long need = (long) batch * width;
        if (a.length < need) {
            throw new IllegalArgumentException(name + " holds " + a.length + " floats, but " + batch + " rows of "
                    + width + " need " + need);
        }
    }

    @Override
    public String toString() {
        return "Sequential" + Arrays.toString(layers) + ", " + parameters.size() + " parameters";
    }
}
