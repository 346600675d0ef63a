package dev.lanes.infer;

import dev.lanes.args.Args;
import dev.lanes.io.AtomicFile;
import dev.lanes.io.ModelFormatException;
import dev.lanes.infer.engine.Program;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Parameters;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained network frozen for inference: architecture and parameters, immutable and thread-safe.
 *
 * <pre>
 *   Model model = Model.of(net);                 // snapshot of a trained Sequential
 *   model.save(Path.of("spiral.lanes"));         // atomic replace
 *   Model loaded = Model.load(Path.of("spiral.lanes"));
 *   Session s = loaded.newSession(32);           // one per thread
 *   int cls = s.argmax(x);
 * </pre>
 *
 * <p><b>Threading.</b> A Model is shared freely between threads: it never changes after construction and
 * nothing it hands out gives access to its parameters. Predictions go through a {@link Session}, which owns
 * the scratch buffers and is <em>not</em> thread-safe: create one per thread (sessions of one model run in
 * parallel, lock-free, and give bit-identical results to a single thread).
 *
 * <p>Files follow docs/model-format.md; {@link #load} rejects anything but a valid file with a
 * {@link ModelFormatException} naming the problem and its byte offset.
 */
public final class Model {

    private final LayerSpec[] specs;
    // The parameters, flat, held once: saved, copied by toSequential, and read by the layers the program runs
    // through their inference forward (Maxout, PRelu). No gradients: a model is never trained.
    private final float[] values;
    // The network compiled for inference (Dense + ReLU fused, weights packed for this JVM's kernels).
    private final Program program;
    private final int formatVersion;
    private final int inputWidth;
    private final int outputWidth;
    private final boolean endsWithSoftmax;
    // Multiply-adds (and element-wise operations) per row of inference: what Session.threads weighs a split by.
    private final long workPerRow;

    Model(LayerSpec[] specs, float[] values, int formatVersion) {
        this.specs = specs;
        this.values = values;
        Layer[] layers = newLayers(specs);
        Parameters.Builder builder = new Parameters.Builder();
        for (Layer layer : layers) {
            layer.declareParameters(builder);
        }
        Parameters parameters = builder.buildForInference(values);
        for (Layer layer : layers) {
            layer.bind(parameters);
        }
        this.inputWidth = layers[0].inputWidth();
        this.outputWidth = layers[layers.length - 1].outputWidth();
        this.program = ModelCompiler.compile(layers, values, inputWidth);
        this.formatVersion = formatVersion;
        this.endsWithSoftmax = layers[layers.length - 1] instanceof Softmax;
        long work = 0;
        for (LayerSpec s : specs) {
            work += switch (s.kind()) {
                case DENSE -> (long) s.in() * s.out();
                case DROPOUT -> 0; // the identity at inference
                default -> Math.max(s.in(), s.out());
            };
        }
        this.workPerRow = Math.max(1, work);
    }

    /** {@return the multiply-adds and element-wise operations of one row's inference, at least 1} */
    long workPerRow() {
        return workPerRow;
    }

    private static Layer[] newLayers(LayerSpec[] specs) {
        Layer[] layers = new Layer[specs.length];
        for (int i = 0; i < specs.length; i++) {
            layers[i] = specs[i].newLayer();
        }
        return layers;
    }

    private static Sequential build(LayerSpec[] specs, float[] values, int maxBatch, long seed) {
        Sequential net = Sequential.of(maxBatch, seed, newLayers(specs));
        float[] target = net.parameters().values();
        if (target.length != values.length) { // LayerSpec.parameterCount disagrees with a layer: a Lanes bug
            throw new IllegalStateException("rebuilt network has " + target.length + " parameters, expected "
                    + values.length);
        }
        System.arraycopy(values, 0, target, 0, values.length);
        return net;
    }

    /**
     * A snapshot of {@code trained}: its architecture and a copy of its parameters, so training it further
     * does not change this model. Dropout is kept (it is the identity at inference) so that
     * {@link #toSequential} can resume training with it.
     *
     * @param trained the network to snapshot; not modified
     * @return a new model holding a copy of the parameters
     * @throws IllegalArgumentException when a layer is not one of Lanes' own (a user's Layer subclass): the model
     *                                  format could not save it; the message names the layer. Also when the network
     *                                  exceeds the format's limits (docs/model-format.md).
     */
    public static Model of(Sequential trained) {
        List<Layer> layers = Args.notNull("trained", trained).layers();
        if (layers.size() > ModelCodec.MAX_LAYERS) {
            throw new IllegalArgumentException("a model file holds at most " + ModelCodec.MAX_LAYERS
                    + " layers, this network has " + layers.size());
        }
        LayerSpec[] specs = new LayerSpec[layers.size()];
        long totalWidth = trained.inputWidth();
        for (int i = 0; i < specs.length; i++) {
            specs[i] = LayerSpec.of(i, layers.get(i));
            totalWidth += specs[i].out();
        }
        if (totalWidth > ModelCodec.MAX_TOTAL_WIDTH) {
            throw new IllegalArgumentException("the input and layer widths add up to " + totalWidth
                    + ", more than a model file allows (" + ModelCodec.MAX_TOTAL_WIDTH + ")");
        }
        return new Model(specs, trained.parameters().values().clone(), ModelCodec.VERSION);
    }

    /**
     * Reads a model file, validating it completely (magic, version, every size against the bytes present,
     * every layer, the CRC32C) before allocating the parameters.
     *
     * @param file the model (or checkpoint) file
     * @return the model
     * @throws ModelFormatException for anything but a valid model file; message and
     *                              {@link ModelFormatException#offset()} give the problem and its byte offset
     * @throws IOException          when the file cannot be read
     */
    public static Model load(Path file) throws IOException {
        return ModelCodec.load(file, ModelCodec::read);
    }

    /**
     * The model from a model file's bytes, e.g. a class-path resource read with {@code readAllBytes()};
     * validated as {@link #load}.
     *
     * @param file the whole file
     * @return the model
     * @throws ModelFormatException for anything but a valid model file; the message and
     *                              {@link ModelFormatException#offset()} name the problem and its byte offset
     */
    public static Model fromBytes(byte[] file) throws ModelFormatException {
        return ModelCodec.fromBytes(file, ModelCodec::read);
    }

    /**
     * Writes this model to {@code file} atomically ({@link AtomicFile}): a temporary file in the same
     * directory, fsync, atomic rename over the old file, fsync of the directory. A failure leaves any old file
     * intact and no temporary file behind. Always writes the current format version.
     *
     * @param file the file to create or replace
     * @throws IOException when the file cannot be written; any old file is then left intact
     */
    public void save(Path file) throws IOException {
        Args.notNull("file", file);
        AtomicFile.write(file, out -> ModelCodec.write(out, specs, values, null));
    }

    /** {@return the model file's bytes, as {@link #save} writes them} */
    public byte[] toBytes() {
        return ModelCodec.toBytes(specs, values, null);
    }

    LayerSpec[] specs() {
        return specs;
    }

    float[] values() {
        return values;
    }

    /** How many Dropout layers the model has (each has a generator a checkpoint records). */
    int dropoutLayers() {
        int n = 0;
        for (LayerSpec s : specs) {
            if (s.kind() == LayerSpec.Kind.DROPOUT) {
                n++;
            }
        }
        return n;
    }

    /**
     * Checks that {@code what} has exactly this model's layers (kinds, widths, hyper-parameters).
     *
     * @throws IllegalArgumentException naming the first layer that differs, or the layer counts
     */
    void checkArchitecture(String what, LayerSpec[] other) {
        for (int i = 0; i < Math.min(specs.length, other.length); i++) {
            if (!specs[i].equals(other[i])) {
                throw new IllegalArgumentException("layer " + i + ": " + what + " has " + other[i].describe()
                        + ", the checkpoint " + specs[i].describe());
            }
        }
        if (specs.length != other.length) {
            throw new IllegalArgumentException(what + " has " + other.length + " layers, the checkpoint "
                    + specs.length);
        }
    }

    /** {@return the width of an input row} */
    public int inputWidth() {
        return inputWidth;
    }

    /** {@return the width of an output row} */
    public int outputWidth() {
        return outputWidth;
    }

    /** {@return the number of parameters (floats)} */
    public int parameterCount() {
        return values.length;
    }

    /** {@return the number of layers} */
    public int layerCount() {
        return specs.length;
    }

    /** {@return whether the last layer is a {@link Softmax}, so outputs are already probabilities} */
    public boolean endsWithSoftmax() {
        return endsWithSoftmax;
    }

    /**
     * The format version this model was read in, or for a model not read from a file ({@link #of}) the
     * version {@link #save} writes.
     *
     * @return the version, 1 (a model file) or 2 (a checkpoint file)
     */
    public int formatVersion() {
        return formatVersion;
    }

    /**
     * The architecture, one line per layer after a summary line, e.g.
     * <pre>
     *   Model: 2 → 3, 403 parameters, 3 layers, format version 1
     *     0  Dense 2 → 100, W (2 × 100), b (100), 300 parameters
     *     1  Relu width 100
     *     2  Dense 100 → 3, W (100 × 3), b (3), 303 parameters
     * </pre>
     * (no trailing newline).
     *
     * @return the description
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(toString());
        for (int i = 0; i < specs.length; i++) {
            sb.append('\n').append(String.format("  %-2d %s", i, specs[i].describe()));
        }
        return sb.toString();
    }

    /**
     * A fresh session with scratch buffers for batches of up to {@code maxBatch} rows; one per thread. Its
     * buffers are summed before any is allocated and must fit the session memory limit ({@link MemoryLimit}:
     * 1 GiB unless {@code -Dlanes.session.maxBytes} says otherwise).
     *
     * @param maxBatch the largest batch a call may pass, ≥ 1
     * @return a new session
     * @throws IllegalArgumentException when maxBatch &lt; 1
     * @throws MemoryLimitException     when the buffers would exceed the limit (the message says how much)
     */
    public Session newSession(int maxBatch) {
        return new Session(this, program, maxBatch, MemoryLimit.current());
    }

    /**
     * As {@link #newSession(int)}, with this session's own memory limit in bytes.
     *
     * @param maxBatch the largest batch a call may pass, ≥ 1
     * @param maxBytes the most bytes the session's buffers may take, ≥ 1
     * @return a new session
     */
    public Session newSession(int maxBatch, long maxBytes) {
        return new Session(this, program, maxBatch, maxBytes);
    }

    /**
     * A new trainable network with this model's architecture and a copy of its parameters, for training it
     * further (optimizer state is not part of a model: a new optimizer starts from zero moments; to continue a
     * run exactly, use a {@link Checkpoint}). Dropout masks are drawn from seed 0; see
     * {@link #toSequential(int, long)}.
     *
     * @param maxBatch the largest batch the network will take, ≥ 1
     * @return a new network
     */
    public Sequential toSequential(int maxBatch) {
        return toSequential(maxBatch, 0);
    }

    /**
     * As {@link #toSequential(int)}, with {@code seed} for the dropout masks (the only random state).
     *
     * @param maxBatch the largest batch the network will take, ≥ 1
     * @param seed     seeds the dropout masks
     * @return a new network
     */
    public Sequential toSequential(int maxBatch, long seed) {
        return build(specs, values, maxBatch, seed);
    }

    /** A one-line summary: widths, parameter count, layer count, format version. */
    @Override
    public String toString() {
        return "Model: " + inputWidth() + " → " + outputWidth() + ", " + parameterCount() + " parameters, "
                + specs.length + (specs.length == 1 ? " layer" : " layers") + ", format version " + formatVersion;
    }
}
