package dev.lanes.infer;

import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Init;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Linear;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Step;
import dev.lanes.nn.Tanh;

/**
 * What the model format records of one layer: its kind, widths and the hyper-parameters needed to rebuild it
 * ({@code pieces}: Maxout's k, else 0; {@code real}: LeakyRelu's α widened exactly, Dropout's p, else 0).
 */
record LayerSpec(Kind kind, int in, int out, int pieces, double real) {

    /** Layer kinds with their tags in the file; tags are part of the format and never reused. */
    enum Kind {
        DENSE(1, "Dense"), RELU(2, "Relu"), LEAKY_RELU(3, "LeakyRelu"), PRELU(4, "PRelu"), SIGMOID(5, "Sigmoid"),
        TANH(6, "Tanh"), MAXOUT(7, "Maxout"), SOFTMAX(8, "Softmax"), DROPOUT(9, "Dropout"), STEP(10, "Step"),
        LINEAR(11, "Linear");

        final int tag;
        final String label;

        Kind(int tag, String label) {
            this.tag = tag;
            this.label = label;
        }

        static Kind ofTag(int tag) {
            for (Kind k : values()) {
                if (k.tag == tag) {
                    return k;
                }
            }
            return null;
        }

        /** Whether input and output widths are equal by construction. */
        boolean elementwise() {
            return this != DENSE && this != MAXOUT;
        }
    }

    static final String KNOWN = "Dense, Relu, LeakyRelu, PRelu, Sigmoid, Tanh, Maxout, Softmax, Dropout, Step, Linear";

    /**
     * The spec of one of Lanes' own layers.
     *
     * @throws IllegalArgumentException for any other Layer subclass, naming it and its position
     */
    static LayerSpec of(int index, Layer layer) {
        int in = layer.inputWidth();
        int out = layer.outputWidth();
        if (layer instanceof Dense) {
            return new LayerSpec(Kind.DENSE, in, out, 0, 0);
        } else if (layer instanceof Relu) {
            return new LayerSpec(Kind.RELU, in, out, 0, 0);
        } else if (layer instanceof LeakyRelu l) {
            return new LayerSpec(Kind.LEAKY_RELU, in, out, 0, l.alpha());
        } else if (layer instanceof PRelu) {
            return new LayerSpec(Kind.PRELU, in, out, 0, 0);
        } else if (layer instanceof Sigmoid) {
            return new LayerSpec(Kind.SIGMOID, in, out, 0, 0);
        } else if (layer instanceof Tanh) {
            return new LayerSpec(Kind.TANH, in, out, 0, 0);
        } else if (layer instanceof Maxout m) {
            return new LayerSpec(Kind.MAXOUT, in, out, m.pieces(), 0);
        } else if (layer instanceof Softmax) {
            return new LayerSpec(Kind.SOFTMAX, in, out, 0, 0);
        } else if (layer instanceof Dropout d) {
            return new LayerSpec(Kind.DROPOUT, in, out, 0, d.p());
        } else if (layer instanceof Step) {
            return new LayerSpec(Kind.STEP, in, out, 0, 0);
        } else if (layer instanceof Linear) {
            return new LayerSpec(Kind.LINEAR, in, out, 0, 0);
        }
        throw new IllegalArgumentException("layer " + index + " " + layer + " (" + layer.getClass().getName()
                + ") is not one of Lanes' layers, so a model file cannot describe it; the format stores " + KNOWN);
    }

    /** A fresh layer of this kind; a Dense starts from zeros (its weights are copied in afterwards). */
    Layer newLayer() {
        return switch (kind) {
            case DENSE -> new Dense(in, out, Init.zeros());
            case RELU -> new Relu(in);
            case LEAKY_RELU -> new LeakyRelu(in, (float) real);
            case PRELU -> new PRelu(in);
            case SIGMOID -> new Sigmoid(in);
            case TANH -> new Tanh(in);
            case MAXOUT -> new Maxout(out, pieces);
            case SOFTMAX -> new Softmax(in);
            case DROPOUT -> new Dropout(in, real);
            case STEP -> new Step(in);
            case LINEAR -> new Linear(in);
        };
    }

    /** Parameters this layer declares, in long (no overflow for any int widths). */
    long parameterCount() {
        return switch (kind) {
            case DENSE -> (long) in * out + out;
            case PRELU -> in;
            default -> 0;
        };
    }

    /** One line of {@link Model#describe()}: kind, widths, hyper-parameters, parameter tensors. */
    String describe() {
        String widths = kind.elementwise() ? "width " + in : in + " → " + out;
        String extra = switch (kind) {
            case DENSE -> ", W (" + in + " × " + out + "), b (" + out + ")";
            case LEAKY_RELU -> ", α = " + (float) real;
            case PRELU -> ", a (" + in + ")";
            case MAXOUT -> ", k = " + pieces;
            case DROPOUT -> ", p = " + real + " (identity at inference)";
            default -> "";
        };
        long n = parameterCount();
        return kind.label + " " + widths + extra + (n > 0 ? ", " + n + " parameters" : "");
    }
}
