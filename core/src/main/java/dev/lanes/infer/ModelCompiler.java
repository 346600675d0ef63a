package dev.lanes.infer;

import dev.lanes.infer.engine.Program;
import dev.lanes.infer.engine.Steps;
import dev.lanes.kernels.Epilogue;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedB;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Linear;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Tanh;
import java.util.Arrays;

/**
 * Compiles a Lanes network into the inference engine's {@link Program}: slot 0 the input rows, one computed
 * slot per step, the last one the output; sizes per batch row. Compiling folds, fuses and packs:
 * <ul>
 *   <li>a Dense layer becomes one {@link Steps#dense} on weights packed here, in this JVM's kernels' layout
 *       (which depends on the vector width), its bias and, when a Relu follows, the ReLU fused into the
 *       product's store: one pass over the output instead of three, and no copy of W per call;
 *   <li>Dropout (the identity at inference) disappears;
 *   <li>activations and Softmax become the engine's own steps, shared with ONNX graphs; other layers
 *       (Maxout, PRelu) run their inference forward.
 * </ul>
 */
final class ModelCompiler {

    private ModelCompiler() {}

    /** The program for {@code layers}, bound to {@code values} (the flat parameters), input rows of {@code in}. */
    static Program compile(Layer[] layers, float[] values, int in) {
        Program.Builder p = new Program.Builder();
        int x = p.input();
        int width = in;
        for (int i = 0; i < layers.length; i++) {
            Layer layer = layers[i];
            if (layer instanceof Dropout) {
                continue;
            }
            int w = layer.outputWidth();
            int y = p.computed(w);
            if (layer instanceof Dense d) {
                int next = i + 1;
                while (next < layers.length && layers[next] instanceof Dropout) {
                    next++;
                }
                boolean relu = next < layers.length && layers[next] instanceof Relu;
                PackedB packed = Kernels.pack(values, d.weightOffset(), w, false, width, w); // W: (in, out)
                float[] bias = Arrays.copyOfRange(values, d.biasOffset(), d.biasOffset() + w);
                p.step(Steps.dense(y, x, 1, packed, bias, relu ? Epilogue.RELU : Epilogue.NONE));
                if (relu) {
                    i = next;
                }
            } else if (layer instanceof Relu) {
                p.step(Steps.relu(y, x, w));
            } else if (layer instanceof LeakyRelu l) {
                p.step(Steps.leakyRelu(y, x, w, l.alpha()));
            } else if (layer instanceof Sigmoid) {
                p.step(Steps.sigmoid(y, x, w));
            } else if (layer instanceof Tanh) {
                p.step(Steps.tanh(y, x, w));
            } else if (layer instanceof Linear) {
                p.step(Steps.copy(y, x, w));
            } else if (layer instanceof Softmax) {
                p.step(Steps.softmax(y, x, 1, w, false));
            } else {
                p.step(Steps.layer(y, x, layer));
            }
            x = y;
            width = w;
        }
        if (x == 0) { // only Dropout layers: the identity
            p.step(Steps.copy(p.computed(in), 0, in));
        }
        return p.build();
    }
}
