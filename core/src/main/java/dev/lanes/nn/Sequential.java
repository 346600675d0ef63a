package dev.lanes.nn;

import dev.lanes.args.Args;
import dev.lanes.parallel.Owner;
import dev.lanes.parallel.Workers;
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
 *   net.backward(dLogits, batch, dx);               // the same, and dx = ∂L/∂x: (batch, 2), e.g. for saliency
 *   net.zeroGradientsAndBackward(dLogits, batch);   // zeroGradients + backward, the same bits, faster
 *   Dense first = (Dense) net.layer("dense0");      // layers by name: kind and count, dense0, relu0, dense1
 *   first.setWeights(new float[2][100]);            // W as (in, out), shape checked
 * </pre>
 *
 * Not thread-safe: one training loop at a time. Inference with {@code training = false} only reads the
 * parameters; concurrent inference goes through per-thread buffers (see {@link #forward(float[][], float[], int)}).
 * {@link #forward(float[], int, boolean)}, {@link #backward} and {@link #fillInput} use the network's own buffers:
 * called by two threads at once, the second call throws {@link java.util.ConcurrentModificationException}
 * naming both threads (one compare-and-set per call), rather than returning rows mixed from both.
 */
public final class Sequential {

    private final Layer[] layers;
    private final Parameters parameters;
    private final int maxBatch;
    // activations[0] is the caller's input (not owned); activations[i + 1] is layer i's output.
    private final float[][] activations;
    // The rows of the last forward pass through activations (0: none yet): backward must take the same; and
    // whether that pass was in training mode (Dropout's backward differs).
    private int forwardRows;
    private boolean forwardTraining;
    // gradients[i] = ∂L/∂(input of layer i), for i ≥ 1; gradients[layers.length] is the caller's dOutput.
    private final float[][] gradients;
    private final String[] names;
    private Workers workers; // null: one thread
    private final Owner owner = new Owner("this Sequential", "give each thread its own network, or infer through"
            + " forward(buffers, x, batch) or a Session (Model.of(net).newSession())");

    private Sequential(int maxBatch, long seed, Layer[] layers) {
        Args.noNulls("layers", layers);
        if (layers.length == 0) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        Args.positive("maxBatch", maxBatch);
        // Every buffer is (maxBatch, a layer's width): all checked before any is allocated.
        for (int i = 0; i < layers.length; i++) {
            Args.product("maxBatch", maxBatch, "layer " + i + "'s input width", layers[i].inputWidth());
            Args.product("maxBatch", maxBatch, "layer " + i + "'s output width", layers[i].outputWidth());
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
        if (parameters.gradients() != null) { // the tensors zeroGradientsAndBackward leaves to their layers
            parameters.keep(Arrays.stream(this.layers).mapToInt(Layer::overwrittenGradient).filter(o -> o >= 0)
                    .toArray());
        }
        this.names = names(this.layers);
        this.activations = new float[layers.length + 1][];
        this.gradients = new float[layers.length + 1][];
        for (int i = 0; i < layers.length; i++) {
            activations[i + 1] = new float[maxBatch * layers[i].outputWidth()];
            if (i > 0) {
                gradients[i] = new float[maxBatch * layers[i].inputWidth()];
            }
        }
    }

    /**
     * Builds a network, declaring, binding and initialising every layer's parameters from {@code seed}.
     *
     * @param maxBatch the largest batch {@link #forward} will take, ≥ 1; every buffer is sized for it
     * @param seed     seeds every layer's initialisation
     * @param layers   the layers in order, each a new instance whose input width is the previous one's output width
     * @return the network, initialised and ready to train
     * @throws IllegalArgumentException when a layer's input width differs from the previous layer's output width (the
     *                                  message names both layers), or maxBatch &lt; 1
     */
    public static Sequential of(int maxBatch, long seed, Layer... layers) {
        return new Sequential(maxBatch, seed, layers);
    }

    /** {@return the layers, in order} */
    public List<Layer> layers() {
        return List.of(layers);
    }

    /**
     * Each layer's name: its kind in lower case and how many of that kind come before it, e.g.
     * {@code dense0, relu0, dense1, softmax0}.
     *
     * @return an unmodifiable list, in layer order
     */
    public List<String> layerNames() {
        return List.of(names);
    }

    /**
     * Layer {@code index}, from 0.
     *
     * @param index the layer's position, 0 ≤ index &lt; the layer count
     * @return the layer itself, not a copy
     * @throws IndexOutOfBoundsException naming the layer count
     */
    public Layer layer(int index) {
        if (index < 0 || index >= layers.length) {
            throw new IndexOutOfBoundsException("layer " + index + " is outside [0, " + layers.length + ")");
        }
        return layers[index];
    }

    /**
     * The layer called {@code name} ({@link #layerNames()}), e.g. {@code (Dense) net.layer("dense0")}.
     *
     * @param name a name from {@link #layerNames()}
     * @return the layer itself, not a copy
     * @throws IllegalArgumentException for an unknown name, listing the network's names
     */
    public Layer layer(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return layers[i];
            }
        }
        throw new IllegalArgumentException("no layer called \"" + name + "\"; this network has "
                + String.join(", ", names));
    }

    private static String[] names(Layer[] layers) {
        String[] names = new String[layers.length];
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < layers.length; i++) {
            String kind = layers[i].getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            int k = seen.merge(kind, 1, Integer::sum) - 1;
            names[i] = kind + k;
        }
        return names;
    }

    /**
     * Trains on {@code threads} threads from now on: {@link #forward(float[], int, boolean)}, {@link #backward}
     * and an optimizer's step over {@link #parameters()} split their large products and element-wise updates
     * across them. The results are bit-identical for every thread count, 1 included. A large Dense W is cut
     * into slices of its input rows by its shape alone ({@link Parameters}); in training each thread computes
     * the products over its own slices and updates (zeroes, regularises, steps) those same slices, so a weight
     * stays in the cache of one core, and the slices' shares of y are added in a fixed tree. Inference and
     * smaller layers split their products by rows of the output (a row's bits do not depend on which rows are
     * computed with it, as the kernels promise for every path a split can take, and {@code ThreadsTest}
     * checks). The loss, dropout's draws and bias gradients' column sums stay on the calling thread. Still
     * allocation-free per step.
     *
     * <p>The {@code threads − 1} helper threads are daemons that park when idle; {@code threads(1)} stops them.
     * One thread at a time may train the network (as before). The default is 1.
     *
     * @param threads the number of threads, the caller's included: 1 to 256
     * @return this network
     * @throws IllegalArgumentException unless 1 ≤ threads ≤ 256
     */
    public Sequential threads(int threads) {
        Args.inRange("threads", threads, 1, Workers.MAX_THREADS);
        if (threads == threads()) {
            return this;
        }
        awaitInputAhead(); // a fill handed out ahead finishes on the threads it was handed to
        if (workers != null) {
            workers.close();
        }
        workers = threads == 1 ? null : Workers.of(threads);
        for (Layer layer : layers) {
            layer.workers = workers;
        }
        parameters.useWorkers(workers);
        return this;
    }

    /** Copies columns {@code [c0, c1)} of every row of a training batch into the network's input. */
    @FunctionalInterface
    public interface InputColumns {
        /**
         * Fills columns {@code [c0, c1)} of the input rows (e.g. {@code Dataset.gatherColumns}).
         *
         * @param c0 the first column, inclusive
         * @param c1 the last column, exclusive
         */
        void fill(int c0, int c1);
    }

    /**
     * Fills the input of a training step on the training threads, each thread the columns it multiplies: a
     * first Dense layer cut into slices ({@link Parameters}) reads on each thread only the input columns of
     * that thread's slices, so the batch's rows are best copied there by that thread (the core that writes a
     * cache line then reads it, and no other core holds it). On one thread, or when the first layer does not
     * split its input, {@code fill.fill(0, inputWidth())} runs on this thread. The training loop fills its
     * batches this way; a loop of your own can too. Allocates nothing.
     *
     * @param fill copies columns of the batch's rows; called once per thread with its columns, or once with
     *             all of them
     */
    public void fillInput(InputColumns fill) {
        Layer first = layers[0];
        if (workers == null || first.inputColumn(1, workers.threads()) == first.inputWidth()) {
            fill.fill(0, first.inputWidth());
            return;
        }
        owner.acquire();
        pendingFill = fill;
        try {
            workers.run(fillTask);
        } finally {
            pendingFill = null;
            owner.release();
        }
    }

    /**
     * Starts filling a later training step's input on the helper threads while this thread goes on, and
     * {@link #awaitInputAhead} waits for it: a training loop hands out the next batch's rows here before its
     * forward pass and awaits them at the next step, so that they are copied while the helpers would idle
     * (during this thread's loss and the layers it runs alone) rather than on this thread. Each helper copies
     * its share of the columns after its part of the next product this network splits; what no helper has
     * started by the await is copied there, on this thread. On one thread nothing is copied until the await,
     * which then calls {@code fill.fill(0, inputWidth())}. {@code fill} must write into a buffer that the
     * forward and backward passes in between do not use (the training loop alternates two batches).
     * Allocates nothing.
     *
     * @param fill copies columns of the later batch's rows; called with disjoint column ranges, possibly on
     *             several threads at once, until they cover {@code [0, inputWidth())}
     * @throws IllegalStateException when a fill handed out ahead has not been awaited yet
     */
    public void fillInputAhead(InputColumns fill) {
        Args.notNull("fill", fill);
        owner.acquire();
        try {
            if (aheadFill != null) {
                throw new IllegalStateException("a fill already runs ahead; awaitInputAhead() before handing out"
                        + " another");
            }
            aheadFill = fill; // before the helpers can see the task
            if (workers != null) {
                workers.runAhead(aheadTask);
            }
        } finally {
            owner.release();
        }
    }

    /**
     * Waits for the fill handed out by {@link #fillInputAhead}, copying here what no helper has started;
     * returns at once when there is none. An exception thrown by the fill is rethrown here.
     */
    public void awaitInputAhead() {
        if (aheadFill == null) {
            return;
        }
        owner.acquire();
        try {
            if (workers == null) {
                aheadFill.fill(0, inputWidth());
            } else {
                workers.awaitAhead();
            }
        } finally {
            aheadFill = null;
            owner.release();
        }
    }

    private InputColumns pendingFill;
    private final Workers.Task fillTask = this::fillPart;
    private InputColumns aheadFill;
    private final Workers.Task aheadTask = this::fillAheadPart;

    private void fillAheadPart(int part, int parts) {
        int width = inputWidth();
        int c0 = Workers.start(width, parts, part, 1), c1 = Workers.start(width, parts, part + 1, 1);
        if (c0 < c1) {
            aheadFill.fill(c0, c1);
        }
    }

    private void fillPart(int part, int parts) {
        Layer first = layers[0];
        int c0 = first.inputColumn(part, parts), c1 = first.inputColumn(part + 1, parts);
        if (c0 < c1) {
            pendingFill.fill(c0, c1);
        }
    }

    /** {@return the number of threads training uses ({@link #threads(int)}); 1 by default} */
    public int threads() {
        return workers == null ? 1 : workers.threads();
    }

    /** {@return all parameters and their gradients, flat} */
    public Parameters parameters() {
        return parameters;
    }

    /** {@return the width of an input row: the first layer's input width} */
    public int inputWidth() {
        return layers[0].inputWidth();
    }

    /** {@return the width of an output row: the last layer's output width} */
    public int outputWidth() {
        return layers[layers.length - 1].outputWidth();
    }

    /** {@return the largest batch {@link #forward} accepts} */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Runs every layer on x: (batch, inputWidth) and returns the network's own output buffer, whose first
     * {@code batch · outputWidth} floats are the result (valid until the next call). x is kept, not copied,
     * for {@link #backward}.
     *
     * @param x        the input: (batch, inputWidth); kept until the next call
     * @param batch    the number of rows, 1 ≤ batch ≤ {@link #maxBatch()}
     * @param training true in training (dropout drops, ReLU activity is tracked), false for inference
     * @return the network's output buffer: (batch, outputWidth) in its first elements
     * @throws IllegalArgumentException when batch is outside [1, maxBatch] or x is shorter than the batch
     */
    public float[] forward(float[] x, int batch, boolean training) {
        checkBatch(batch);
        checkLength("x", x, batch, inputWidth());
        owner.acquire();
        try {
            forwardRows = 0; // a layer that throws leaves no half-done pass to backpropagate
            activations[0] = x;
            for (int i = 0; i < layers.length; i++) {
                layers[i].forward(activations[i + 1], activations[i], batch, training);
            }
            forwardRows = batch;
            forwardTraining = training;
            return activations[layers.length];
        } finally {
            owner.release();
        }
    }

    /**
     * Backpropagates dOutput: (batch, outputWidth) = ∂L/∂output through the last forward pass, accumulating
     * into {@code parameters().gradients()} (zero them first). The first layer's input gradient is skipped.
     *
     * @param dOutput ∂L/∂output: (batch, outputWidth); not modified
     * @param batch   the rows of the last forward pass
     * @throws IllegalArgumentException when batch is not the last forward pass's row count, or dOutput is shorter
     *                                  than batch · outputWidth
     * @throws IllegalStateException    before any forward pass
     */
    public void backward(float[] dOutput, int batch) {
        backward(dOutput, batch, null);
    }

    /**
     * As {@link #backward(float[], int)}, and, unless dInput is null, writes dInput: (batch, inputWidth) =
     * ∂L/∂x, the gradient with respect to the input of the last forward pass (saliency maps, adversarial
     * examples, the input of a larger graph). The caller owns dInput, so this allocates nothing either.
     *
     * @param dOutput ∂L/∂output: (batch, outputWidth); not modified
     * @param batch   the rows of the last forward pass
     * @param dInput  receives ∂L/∂x: (batch, inputWidth), overwritten; or null to skip it
     * @throws IllegalArgumentException when batch is not the last forward pass's row count, dOutput or dInput is too
     *                                  short, or dInput is dOutput itself
     * @throws IllegalStateException    before any forward pass
     */
    public void backward(float[] dOutput, int batch, float[] dInput) {
        backward(dOutput, batch, dInput, false);
    }

    /**
     * The gradients of this batch alone: the same as {@code parameters().zeroGradients()} followed by
     * {@link #backward(float[], int)}, bit for bit, and what {@code Training} does each step. Faster: a layer
     * whose backward can write a gradient whole writes it instead of adding to zeros (Dense's W, the largest
     * tensor, whose product is then stored instead of read and added to), so that tensor is neither zeroed nor
     * read. On a bad argument nothing is zeroed.
     *
     * @param dOutput ∂L/∂output: (batch, outputWidth); not modified
     * @param batch   the rows of the last forward pass
     * @throws IllegalArgumentException as {@link #backward(float[], int)}
     * @throws IllegalStateException    before any forward pass, or when the parameters are inference-only
     */
    public void zeroGradientsAndBackward(float[] dOutput, int batch) {
        backward(dOutput, batch, null, true);
    }

    /**
     * As {@link #zeroGradientsAndBackward(float[], int)}, and, unless dInput is null, writes dInput: (batch,
     * inputWidth) = ∂L/∂x, as {@link #backward(float[], int, float[])} does.
     *
     * @param dOutput ∂L/∂output: (batch, outputWidth); not modified
     * @param batch   the rows of the last forward pass
     * @param dInput  receives ∂L/∂x: (batch, inputWidth), overwritten; or null to skip it
     * @throws IllegalArgumentException as {@link #backward(float[], int, float[])}
     * @throws IllegalStateException    before any forward pass, or when the parameters are inference-only
     */
    public void zeroGradientsAndBackward(float[] dOutput, int batch, float[] dInput) {
        backward(dOutput, batch, dInput, true);
    }

    private void backward(float[] dOutput, int batch, float[] dInput, boolean fresh) {
        checkBatch(batch);
        checkLength("dOutput", dOutput, batch, outputWidth());
        if (dInput != null) {
            checkLength("dInput", dInput, batch, inputWidth());
            if (dInput == dOutput) {
                throw new IllegalArgumentException("dInput and dOutput must be different arrays");
            }
        }
        owner.acquire();
        try {
            if (forwardRows == 0) {
                throw new IllegalStateException("backward needs a forward pass first");
            }
            if (batch != forwardRows) {
                // Rows past the last pass's would be another batch's activations: a silently wrong gradient.
                throw new IllegalArgumentException("backward of " + batch + " rows, but the last forward pass ran "
                        + forwardRows + ": backpropagate the rows of the last forward pass");
            }
            if (fresh) {
                parameters.zeroGradientsExceptKept();
                for (Layer layer : layers) {
                    layer.overwriteGradient = layer.overwrittenGradient() >= 0;
                }
            }
            gradients[layers.length] = dOutput;
            gradients[0] = dInput; // null: the first layer skips its input gradient
            try {
                for (int i = layers.length - 1; i >= 0; i--) {
                    layers[i].backwardAfter(forwardTraining, gradients[i], gradients[i + 1], activations[i],
                            activations[i + 1], batch);
                }
            } finally {
                gradients[0] = null;
                for (Layer layer : layers) { // a layer that did not get to write its gradient: zero it
                    if (layer.overwriteGradient) {
                        layer.overwriteGradient = false;
                        parameters.zeroGradient(layer.overwrittenGradient());
                    }
                }
            }
        } finally {
            owner.release();
        }
    }

    /**
     * Inference into caller-owned buffers, touching no field of this network and none of its threads (each
     * call runs on its caller alone, whatever {@link #threads(int)} says): safe from many threads at once as
     * long as nobody trains it meanwhile. {@code buffers[i]} receives layer i's output and must hold
     * at least {@code batch · layers().get(i).outputWidth()} floats; the last one holds the result. Batch
     * may exceed {@link #maxBatch()} here.
     *
     * @param buffers one buffer per layer, buffers[i] receiving layer i's output
     * @param x       the input: (batch, inputWidth); not modified
     * @param batch   the number of rows, ≥ 1 (not limited by {@link #maxBatch()})
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
            layers[i].forwardConcurrent(buffers[i], in, batch);
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
