package dev.lanes.cli;

import dev.lanes.onnx.OnnxFormatException;
import dev.lanes.onnx.OnnxModel;
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

    /** The output width per row: the output for one row must be (1, k) or (k). */
    static int outputWidth(OnnxModel model, int width) throws OnnxFormatException {
        int[] out = model.outputShapes(new int[][] {{1, width}})[0];
        if (out.length == 2 && out[0] == 1) return out[1];
        throw new IllegalArgumentException("lanes predict needs one row of output per input row; the model gives "
                + java.util.Arrays.toString(out) + " for one row");
    }

    static boolean endsWithSoftmax(OnnxModel model) {
        List<String> ops = model.operators();
        return !ops.isEmpty() && ops.get(ops.size() - 1).equals("Softmax");
    }
}
