package dev.lanes.spark;

import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.onnx.OnnxFormatException;
import dev.lanes.onnx.OnnxModel;
import dev.lanes.onnx.OnnxSession;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A model file's bytes parsed once: a Lanes {@link Model} or an imported {@link OnnxModel}, with the widths the
 * transformer needs. Immutable and shared by every task of a JVM; each task scores through its own {@link
 * Scorer}.
 */
final class LoadedModel {

    private final Model lanes;
    private final OnnxModel onnx;
    private final int inputWidth;
    private final int outputWidth;
    // An ONNX graph whose batch dimension is fixed runs in batches of exactly that many rows (the tail padded).
    private final int fixedBatch;
    private final boolean outputsAreProbabilities;

    private LoadedModel(Model lanes, OnnxModel onnx, int inputWidth, int outputWidth, int fixedBatch,
            boolean probabilities) {
        this.lanes = lanes;
        this.onnx = onnx;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.fixedBatch = fixedBatch;
        this.outputsAreProbabilities = probabilities;
    }

    /**
     * Parses a model file's bytes.
     *
     * @throws dev.lanes.io.ModelFormatException for a bad Lanes file
     * @throws OnnxFormatException               for a bad ONNX file
     * @throws IllegalArgumentException          for a valid ONNX graph the transformer cannot score (not one
     *                                           input of shape (rows, width) and one output (rows, k))
     */
    static LoadedModel parse(byte[] bytes, ModelFormat format) throws IOException {
        if (format == ModelFormat.LANES) {
            Model m = Model.fromBytes(bytes);
            return new LoadedModel(m, null, m.inputWidth(), m.outputWidth(), 0, m.endsWithSoftmax());
        }
        OnnxModel m = OnnxModel.fromBytes(bytes);
        if (m.inputCount() != 1 || m.outputCount() != 1) {
            throw new IllegalArgumentException("the ONNX model has " + m.inputCount() + " inputs and "
                    + m.outputCount() + " outputs; a Spark column is scored by a graph with one of each");
        }
        int[] in = m.inputShape(0);
        if (in.length != 2 || in[1] < 1) {
            throw new IllegalArgumentException("the ONNX model's input '" + m.inputName(0) + "' has shape "
                    + shape(in) + "; a Spark column is scored by a graph whose input is (rows, width) with a fixed"
                    + " width");
        }
        int batch = Math.max(0, in[0]), rows = Math.max(1, batch);
        int[] out = m.outputShapes(new int[][] {{rows, in[1]}})[0];
        if (out.length != 2 || out[0] != rows || out[1] < 1) {
            throw new IllegalArgumentException("the ONNX model's output '" + m.outputName(0) + "' has shape "
                    + shape(out) + " for " + rows + " rows; a Spark column is scored by a graph whose output is"
                    + " (rows, k)");
        }
        List<String> ops = m.operators();
        boolean softmax = !ops.isEmpty() && ops.get(ops.size() - 1).equals("Softmax");
        return new LoadedModel(null, m, in[1], out[1], batch, softmax);
    }

    private static String shape(int[] s) {
        return Arrays.toString(s).replace("-1", "?");
    }

    int inputWidth() {
        return inputWidth;
    }

    int outputWidth() {
        return outputWidth;
    }

    /** Whether the outputs are already probabilities (the model ends with Softmax), so none is applied again. */
    boolean outputsAreProbabilities() {
        return outputsAreProbabilities;
    }

    /** The batch a scorer is best given: the graph's fixed batch if it has one, else {@code preferred}. */
    int batchFor(int preferred) {
        return fixedBatch > 0 ? fixedBatch : preferred;
    }

    /** A new per-task scorer for batches of up to {@code maxBatch} rows (see {@link #batchFor}). */
    Scorer newScorer(int maxBatch) {
        if (lanes != null) {
            Session s = lanes.newSession(maxBatch);
            return (x, rows, y) -> s.predictBatch(x, rows, y);
        }
        OnnxSession s = onnx.newSession();
        if (fixedBatch == 0) {
            return s::predict;
        }
        // A fixed batch: short batches run padded with zero rows; only their own rows' outputs are read.
        return (x, rows, y) -> {
            if (rows < fixedBatch) {
                Arrays.fill(x, rows * inputWidth, fixedBatch * inputWidth, 0f);
            }
            s.predict(x, fixedBatch, y);
        };
    }

    @Override
    public String toString() {
        return lanes != null ? lanes.toString() : onnx.toString();
    }

    /** One task's scoring function: y: (rows, outputWidth) ← model(x: (rows, inputWidth)). Not thread-safe. */
    interface Scorer {
        /**
         * @param x    (maxBatch, inputWidth) row-major; rows beyond {@code rows} may be overwritten (padding)
         * @param rows 1 to maxBatch
         * @param y    (maxBatch, outputWidth), overwritten
         */
        void score(float[] x, int rows, float[] y) throws IOException;
    }
}
