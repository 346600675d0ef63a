package dev.lanes.infer;

import dev.lanes.args.Args;
import dev.lanes.io.AtomicFile;
import dev.lanes.io.ModelFormatException;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.OptimizerState;
import dev.lanes.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A training run between two epochs: a model file with a training-state section (format version 2,
 * docs/model-format.md), from which {@link dev.lanes.train.Training#resume} continues bit for bit as if the
 * run had never stopped.
 *
 * <pre>
 *   Training.of(net, loss, new Adam()).epochs(20).checkpoints(5, Checkpoint.Sink.file(path)).fit(train);
 *   // … the process dies after epoch 12; the file holds the state after epoch 10 …
 *   Checkpoint c = Checkpoint.load(path);
 *   Sequential net = c.network(64);
 *   Training.of(net, loss, new Adam()).epochs(20).batchSize(64).resume(c).fit(train);
 * </pre>
 *
 * A checkpoint file is also a model file: {@link Model#load} reads its model section and ignores the state,
 * so {@code lanes predict} and {@code evaluate} run it.
 *
 * @param model      what the file's model section holds: the architecture, and the parameters to run
 * @param parameters the parameters as the training loop holds them: the model's own, unless the model was
 *                   changed for use (an input scaling folded into its first layer, the best epoch's parameters
 *                   restored by early stopping); stored only where they differ
 * @param optimizer  the optimizer's moments, step count and hyper-parameters
 * @param loop       where the run is: epochs done, the generators' positions, early stopping's record
 */
public record Checkpoint(Model model, float[] parameters, OptimizerState optimizer, Loop loop) {

    /**
     * The training loop's own state after {@code epoch} epochs.
     *
     * @param epoch        epochs completed, 0 ..= epochs
     * @param epochs       epochs the run was planned for (the learning-rate schedule's length), ≥ 1
     * @param batchSize    rows per step, ≥ 1
     * @param shuffle      the shuffling generator's position
     * @param order        the row order the last shuffle left (each epoch shuffles it again): a permutation of
     *                     0 .. rows − 1, one entry per training row
     * @param dropout      each {@link Dropout} layer's generator position, in network order
     * @param watch        what early stopping watches: 0 nothing, 1 training loss, 2 held-out loss, 3 held-out
     *                     accuracy (the order of {@code Training.Metric})
     * @param bestEpoch    early stopping's best epoch so far; −1 without early stopping or before epoch 1
     * @param bestValue    the watched value at the best epoch; NaN where there is none
     * @param best         the parameters of the best epoch (early stopping restores them at the end); null
     *                     where there is none
     * @param stoppedEarly whether early stopping ended the run (it cannot be resumed)
     */
    public record Loop(int epoch, int epochs, int batchSize, Rng.Position shuffle, int[] order,
                       List<Rng.Position> dropout, int watch, int bestEpoch, double bestValue, float[] best,
                       boolean stoppedEarly) {

        /**
         * Checks the state.
         *
         * @throws IllegalArgumentException for a state no training run can be in; the message names it
         */
        public Loop {
            if (epochs < 1 || epoch < 0 || epoch > epochs) {
                throw new IllegalArgumentException("epoch " + epoch + " of " + epochs + ": need 0 ≤ epoch ≤ epochs"
                        + " and epochs ≥ 1");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size " + batchSize + " is not positive");
            }
            if (shuffle == null || order == null || dropout == null) {
                throw new NullPointerException("shuffle, order and dropout are required");
            }
            dropout = List.copyOf(dropout);
            int bad = firstOutOfPermutation(order);
            if (bad >= 0) {
                throw new IllegalArgumentException("order[" + bad + "] = " + order[bad] + " repeats an entry or is"
                        + " outside [0, " + order.length + ")");
            }
            String problem = earlyStoppingProblem(epoch, epochs, watch, bestEpoch, bestValue, stoppedEarly);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if ((best != null) != (watch != 0 && bestEpoch >= 0)) {
                throw new IllegalArgumentException("the best parameters go with a best epoch of early stopping, "
                        + (best != null ? "but there is none" : "but are missing"));
            }
        }

        /** {@return the number of training rows: the order's length} */
        public int rows() {
            return order.length;
        }
    }

    /** Where a training run hands its checkpoints, e.g. {@link #file}. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes one checkpoint; called between epochs, on the training thread.
         *
         * @param checkpoint the run's state, a new object the sink may keep
         * @throws IOException to end the run, which rethrows it as an {@link java.io.UncheckedIOException}
         */
        void accept(Checkpoint checkpoint) throws IOException;

        /**
         * Saves each checkpoint to {@code file}, atomically replacing the one before.
         *
         * @param file the checkpoint file to write, again and again
         * @return the sink
         */
        static Sink file(Path file) {
            return c -> c.save(file);
        }
    }

    /**
     * Checks that the parts belong together.
     *
     * @throws IllegalArgumentException when the parts do not belong together: parameters, moments or best
     *                                  parameters of another length than the model's, or another number of
     *                                  dropout generators than the model has Dropout layers
     */
    public Checkpoint {
        if (model == null || parameters == null || optimizer == null || loop == null) {
            throw new NullPointerException("model, parameters, optimizer and loop are required");
        }
        int n = model.parameterCount();
        if (parameters.length != n) {
            throw new IllegalArgumentException("parameters holds " + parameters.length + " floats, the model "
                    + n);
        }
        for (float[] moment : optimizer.moments()) {
            if (moment.length != n) {
                throw new IllegalArgumentException("the optimizer's moments hold " + moment.length
                        + " floats, the model has " + n + " parameters");
            }
        }
        if (loop.best() != null && loop.best().length != n) {
            throw new IllegalArgumentException("the best parameters hold " + loop.best().length
                    + " floats, the model " + n);
        }
        if (loop.dropout().size() != model.dropoutLayers()) {
            throw new IllegalArgumentException(loop.dropout().size() + " dropout generators for a model with "
                    + model.dropoutLayers() + " Dropout layers");
        }
    }

    /**
     * Reads a checkpoint file, validating all of it (docs/model-format.md) before allocating anything it
     * declares.
     *
     * @param file the checkpoint (or model) file
     * @return the checkpoint
     * @throws ModelFormatException for anything but a valid checkpoint, including a model file without training state;
     *                              the message and {@link ModelFormatException#offset()} name the problem and its byte
     *                              offset
     * @throws IOException          when the file cannot be read
     */
    public static Checkpoint load(Path file) throws IOException {
        return ModelCodec.load(file, ModelCodec::readCheckpoint);
    }

    /**
     * The checkpoint in a file's bytes; validated as {@link #load}.
     *
     * @param file the whole file
     * @return the checkpoint
     * @throws ModelFormatException for anything but a valid checkpoint; the message and
     *                              {@link ModelFormatException#offset()} name the problem and its byte offset
     */
    public static Checkpoint fromBytes(byte[] file) throws ModelFormatException {
        return ModelCodec.fromBytes(file, ModelCodec::readCheckpoint);
    }

    /**
     * Writes this checkpoint to {@code file} atomically, as {@link Model#save} does: format version 2.
     *
     * @param file the file to create or replace
     * @throws IOException when the file cannot be written; any old file is then left intact
     */
    public void save(Path file) throws IOException {
        Args.notNull("file", file);
        AtomicFile.write(file, out -> ModelCodec.write(out, model.specs(), model.values(), this));
    }

    /** {@return the file's bytes, as {@link #save} writes them} */
    public byte[] toBytes() {
        return ModelCodec.toBytes(model.specs(), model.values(), this);
    }

    /**
     * The same training state with another model section, e.g. one with an input scaling folded in so the
     * file runs on raw inputs; the training parameters stay as they are.
     *
     * @param other the model section to put in its place, of the same architecture
     * @return a new checkpoint
     * @throws IllegalArgumentException when {@code other} has another architecture (naming the first difference)
     */
    public Checkpoint withModel(Model other) {
        Args.notNull("other", other);
        model.checkArchitecture("the other model", other.specs());
        return new Checkpoint(other, parameters, optimizer, loop);
    }

    /**
     * Puts the training parameters into {@code net} and moves its Dropout layers' generators to their saved
     * positions. (The optimizer's state goes in with {@code optimizer.restore(checkpoint.optimizer(), …)};
     * {@link dev.lanes.train.Training#resume} does all three.)
     *
     * @param net a network of this checkpoint's architecture
     * @throws IllegalArgumentException when net's layers differ from the model's (naming the first difference)
     */
    public void restore(Sequential net) {
        List<Layer> layers = net.layers();
        LayerSpec[] specs = new LayerSpec[layers.size()];
        for (int i = 0; i < specs.length; i++) {
            specs[i] = LayerSpec.of(i, layers.get(i));
        }
        model.checkArchitecture("the network", specs);
        System.arraycopy(parameters, 0, net.parameters().values(), 0, parameters.length);
        int d = 0;
        for (Layer layer : layers) {
            if (layer instanceof Dropout dropout) {
                dropout.generator().moveTo(loop.dropout().get(d++));
            }
        }
    }

    /**
     * A trainable network in this checkpoint's state ({@link #restore}), for batches of up to maxBatch rows.
     *
     * @param maxBatch the largest batch the network will take, ≥ 1
     * @return a new network holding the training parameters
     */
    public Sequential network(int maxBatch) {
        Sequential net = model.toSequential(maxBatch);
        restore(net);
        return net;
    }

    /** "after epoch 3 of 10, adam (β1 = 0.9, …), 2811 steps, 60000 rows in batches of 64". */
    @Override
    public String toString() {
        return "after epoch " + loop.epoch() + " of " + loop.epochs() + (loop.stoppedEarly() ? " (stopped early)" : "")
                + ", " + optimizer + ", " + loop.rows() + " rows in batches of " + loop.batchSize();
    }

    // ---------------------------------------------------------------- rules shared with the file reader

    /** The index of the first entry that is out of [0, n) or repeats an earlier one, or −1 for a permutation. */
    static int firstOutOfPermutation(int[] order) {
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int v = order[i];
            if (v < 0 || v >= order.length || seen[v]) {
                return i;
            }
            seen[v] = true;
        }
        return -1;
    }

    /** What is wrong with early stopping's record after {@code epoch} epochs, or null. */
    static String earlyStoppingProblem(int epoch, int epochs, int watch, int bestEpoch, double bestValue,
                                       boolean stoppedEarly) {
        if (watch < 0 || watch > 3) {
            return "early stopping watches " + watch + ", which is not one of 0 (nothing), 1 (training loss),"
                    + " 2 (held-out loss), 3 (held-out accuracy)";
        }
        if (watch == 0 || epoch == 0) {
            if (bestEpoch != -1 || !Double.isNaN(bestValue)) {
                return "best epoch " + bestEpoch + " and best value " + bestValue + " without "
                        + (watch == 0 ? "early stopping" : "an epoch run") + "; expected −1 and NaN";
            }
        } else if (bestEpoch < 0 || bestEpoch >= epoch) {
            return "best epoch " + bestEpoch + " is outside [0, " + epoch + "), the epochs run";
        }
        if (stoppedEarly && (watch == 0 || epoch == 0 || epoch >= epochs)) {
            return "stopped early after epoch " + epoch + " of " + epochs
                    + (watch == 0 ? " without early stopping" : "");
        }
        return null;
    }
}
