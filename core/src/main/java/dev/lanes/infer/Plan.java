package dev.lanes.infer;

import dev.lanes.kernels.Epilogue;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedB;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A model compiled once for inference: an immutable list of steps, each reading the previous step's rows and
 * writing its own. Compiling folds, fuses and packs:
 * <ul>
 *   <li>a Dense layer becomes one {@link Kernels#gemmPacked} call on weights packed at compile time (the
 *       layout of this JVM's kernels and vector width), with its bias and, when a Relu follows, the ReLU
 *       fused into the store: one pass over the output instead of three, and no copy of W per call;
 *   <li>Dropout (the identity at inference) disappears;
 *   <li>every other layer runs its own {@code forward} (softmax, sigmoid, tanh, maxout, …).
 * </ul>
 * Thread-safe: steps only read the plan; sessions own the buffers.
 */
final class Plan {

    /** One compiled step: out (rows, outWidth) from in (rows, inWidth); reads only the plan. */
    interface Step {
        void run(float[] out, float[] in, int rows);

        int outWidth();
    }

    private final Step[] steps;

    private Plan(Step[] steps) {
        this.steps = steps;
    }

    static Plan compile(Sequential net) {
        List<Layer> layers = net.layers();
        float[] values = net.parameters().values();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof Dropout) {
                continue;
            }
            if (layer instanceof Dense d) {
                int next = i + 1;
                while (next < layers.size() && layers.get(next) instanceof Dropout) {
                    next++;
                }
                boolean relu = next < layers.size() && layers.get(next) instanceof Relu;
                steps.add(DenseStep.of(d, values, relu ? Epilogue.RELU : Epilogue.NONE));
                if (relu) {
                    i = next;
                }
            } else {
                steps.add(new LayerStep(layer));
            }
        }
        if (steps.isEmpty()) { // only Dropout layers: the identity
            steps.add(new LayerStep(layers.get(0)));
        }
        return new Plan(steps.toArray(new Step[0]));
    }

    int size() {
        return steps.length;
    }

    Step step(int i) {
        return steps[i];
    }

    /** A Dense layer (and the Relu after it, when there is one) as one fused product on packed weights. */
    record DenseStep(PackedB w, float[] bias, Epilogue epilogue, int in, int outWidth) implements Step {

        static DenseStep of(Dense d, float[] values, Epilogue epilogue) {
            int in = d.inputWidth();
            int out = d.outputWidth();
            PackedB w = Kernels.pack(values, d.weightOffset(), out, false, in, out); // W: (in, out) row-major
            float[] bias = java.util.Arrays.copyOfRange(values, d.biasOffset(), d.biasOffset() + out);
            return new DenseStep(w, bias, epilogue, in, out);
        }

        @Override
        public void run(float[] out, float[] in, int rows) {
            Kernels.gemmPacked(out, 0, outWidth, in, 0, this.in, w, bias, 0, epilogue, rows);
        }
    }

    /** Any other layer, through its inference-mode forward (which reads its parameters only). */
    record LayerStep(Layer layer) implements Step {
        @Override
        public void run(float[] out, float[] in, int rows) {
            layer.forward(out, in, rows, false);
        }

        @Override
        public int outWidth() {
            return layer.outputWidth();
        }
    }
}
