package dev.lanes.cli;

import dev.lanes.infer.MemoryLimit;
import dev.lanes.onnx.OnnxFormatException;
import dev.lanes.onnx.OnnxModel;
import dev.lanes.onnx.OnnxSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What predict and info need from an {@code .onnx} file: one 2-D (batch, width) input and one output. */
final class OnnxFiles {
    private OnnxFiles() {}

    static boolean isOnnx(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /** The input width of a model with one (batch, width) input and one output. */
    static int inputWidth(OnnxModel model) throws OnnxFormatException {
        int[] shape = model.inputCount() == 1 ? model.inputShape(0) : null;
        if (shape == null || shape.length != 2 || shape[1] < 0 || model.outputCount() != 1) {
            throw new IllegalArgumentException("lanes predict needs an ONNX model with one (batch, width) input of"
                    + " known width and one output");
        }
        return shape[1];
    }

    /** The batch size the model declares (exports often fix it, e.g. PyTorch's), or 0 when it is symbolic. */
    static int fixedBatch(OnnxModel model) {
        return Math.max(0, model.inputShape(0)[0]);
    }

    /** The output width per row: the output for b rows must be (b, k). */
    static int outputWidth(OnnxModel model, int width) throws OnnxFormatException {
        int rows = Math.max(1, fixedBatch(model));
        int[] out = model.outputShapes(new int[][] {{rows, width}})[0];
        if (out.length == 2 && out[0] == rows) return out[1];
        throw new IllegalArgumentException("lanes predict needs one row of output per input row; the model gives "
                + java.util.Arrays.toString(out) + " for " + rows + " rows");
    }

    /**
     * out: (n, k) ← model(x: (n, width)). A model with a fixed batch b runs in chunks of b rows, the last one
     * padded with zero rows whose outputs are dropped.
     */
    static void predict(OnnxModel model, float[] x, int n, int width, int k, float[] out)
            throws OnnxFormatException {
        int b = fixedBatch(model);
        long limit = MemoryLimit.current();
        if (b == 0) {
            long needed = model.sessionBytes(new int[][] {{n, width}});
            MemoryLimit.check(needed, limit, "running the model on " + n + " rows", "");
            model.newSession(limit).predict(x, n, out);
            return;
        }
        // A fixed batch is padded to b rows however few rows there are: count the padded chunk with the plan.
        long needed = model.sessionBytes(new int[][] {{b, width}}) + 4L * b * width + 4L * b * k;
        MemoryLimit.check(needed, limit, "the model's fixed batch of " + b + " rows (each chunk padded to it)",
                "the session's buffers plus a " + b + " × " + width + " input and a " + b + " × " + k
                        + " output chunk");
        OnnxSession session = model.newSession(limit);
        float[] xs = new float[b * width], ys = new float[b * k];
        for (int r = 0; r < n; r += b) {
            int rows = Math.min(b, n - r);
            java.util.Arrays.fill(xs, 0f);
            System.arraycopy(x, r * width, xs, 0, rows * width);
            session.predict(xs, b, ys);
            System.arraycopy(ys, 0, out, r * k, rows * k);
        }
    }

    static boolean endsWithSoftmax(OnnxModel model) {
        List<String> ops = model.operators();
        return !ops.isEmpty() && ops.get(ops.size() - 1).equals("Softmax");
    }
}
