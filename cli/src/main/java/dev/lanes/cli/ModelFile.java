package dev.lanes.cli;

import dev.lanes.args.Args;
import dev.lanes.infer.Model;
import dev.lanes.onnx.OnnxFormatException;
import dev.lanes.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What predict and evaluate run: a Lanes model file or an {@code .onnx} file (by its extension), with one
 * (batch, inputWidth) input and one (batch, outputWidth) output.
 */
final class ModelFile {

    private final Model model;
    private final OnnxModel onnx;
    private final int inputWidth;
    private final int outputWidth;
    private final boolean softmaxed;

    private ModelFile(Model model, OnnxModel onnx) throws OnnxFormatException {
        this.model = model;
        this.onnx = onnx;
        this.inputWidth = onnx != null ? OnnxFiles.inputWidth(onnx) : model.inputWidth();
        this.outputWidth = onnx != null ? OnnxFiles.outputWidth(onnx, inputWidth) : model.outputWidth();
        this.softmaxed = onnx != null ? OnnxFiles.endsWithSoftmax(onnx) : model.endsWithSoftmax();
        if (outputWidth < 1) {
            throw new IllegalArgumentException("the model gives " + outputWidth + " outputs per row: there is"
                    + " nothing to predict or evaluate");
        }
    }

    static ModelFile load(Path file) throws IOException {
        return OnnxFiles.isOnnx(file)
                ? new ModelFile(null, OnnxModel.load(file))
                : new ModelFile(Model.load(file), null);
    }

    int inputWidth() {
        return inputWidth;
    }

    int outputWidth() {
        return outputWidth;
    }

    /** Whether the outputs are probabilities (the model ends in softmax) rather than scores. */
    boolean softmaxed() {
        return softmaxed;
    }

    /** The outputs for {@code x: (rows, inputWidth)}: (rows, outputWidth); rows ≥ 1. */
    float[] outputs(float[] x, int rows) throws OnnxFormatException {
        float[] out = new float[Args.product("rows", rows, "output width", outputWidth)];
        if (onnx != null) {
            OnnxFiles.predict(onnx, x, rows, inputWidth, outputWidth, out);
        } else {
            model.newSession(Math.min(rows, 256)).predictBatch(x, rows, out);
        }
        return out;
    }
}
