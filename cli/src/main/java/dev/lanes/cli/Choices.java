package dev.lanes.cli;

import dev.lanes.loss.BinaryCrossEntropy;
import dev.lanes.loss.Loss;
import dev.lanes.loss.MeanSquaredError;
import dev.lanes.loss.MulticlassHinge;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Tanh;
import dev.lanes.optim.Adagrad;
import dev.lanes.optim.Adam;
import dev.lanes.optim.AdamW;
import dev.lanes.optim.Momentum;
import dev.lanes.optim.Nesterov;
import dev.lanes.optim.Optimizer;
import dev.lanes.optim.RmsProp;
import dev.lanes.optim.Sgd;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/** The named choices of {@code lanes train}, spelled on the command line as lower-case words. */
final class Choices {

    private Choices() {}

    /** A choice with its command-line spelling. */
    interface Named {
        String label();
    }

    enum Activation implements Named {
        RELU("relu"), TANH("tanh"), SIGMOID("sigmoid"), LEAKY_RELU("leaky-relu");

        private final String label;

        Activation(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        Layer layer(int width) {
            return switch (this) {
                case RELU -> new Relu(width);
                case TANH -> new Tanh(width);
                case SIGMOID -> new Sigmoid(width);
                case LEAKY_RELU -> new LeakyRelu(width, 0.01f);
            };
        }
    }

    enum LossKind implements Named {
        SOFTMAX_CE("softmax-ce", true), HINGE("hinge", true), BCE("bce", true), MSE("mse", false);

        private final String label;
        /** Whether it trains on class labels (bce: as one-hot targets, one logistic output per class). */
        final boolean classification;

        LossKind(String label, boolean classification) {
            this.label = label;
            this.classification = classification;
        }

        @Override
        public String label() {
            return label;
        }

        Loss loss() {
            return switch (this) {
                case SOFTMAX_CE -> new SoftmaxCrossEntropy();
                case HINGE -> new MulticlassHinge();
                case BCE -> new BinaryCrossEntropy();
                case MSE -> new MeanSquaredError();
            };
        }
    }

    enum OptimizerKind implements Named {
        SGD("sgd", 0.5f, 0.01f), MOMENTUM("momentum", 0.1f, 0.01f), NESTEROV("nesterov", 0.1f, 0.01f),
        ADAGRAD("adagrad", 0.1f, 0.01f), RMSPROP("rmsprop", 0.01f, 0.001f), ADAM("adam", 0.01f, 0.001f),
        ADAMW("adamw", 0.01f, 0.001f);

        private final String label;
        /** The learning rate used without --lr on a built-in set: one that trains the spiral demo well. */
        final float demoRate;
        /** The learning rate used without --lr on a file: the libraries' usual defaults (Keras, PyTorch). */
        final float fileRate;

        OptimizerKind(String label, float demoRate, float fileRate) {
            this.label = label;
            this.demoRate = demoRate;
            this.fileRate = fileRate;
        }

        @Override
        public String label() {
            return label;
        }

        Optimizer optimizer() {
            return switch (this) {
                case SGD -> new Sgd();
                case MOMENTUM -> new Momentum(0.9f);
                case NESTEROV -> new Nesterov(0.9f);
                case ADAGRAD -> new Adagrad();
                case RMSPROP -> new RmsProp();
                case ADAM -> new Adam();
                case ADAMW -> new AdamW();
            };
        }
    }

    /** Converts a command-line word to the enum constant with that label. */
    abstract static class Converter<E extends Enum<E> & Named> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        Converter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E e : type.getEnumConstants()) {
                if (e.label().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + labels(type));
        }
    }

    static <E extends Enum<E> & Named> List<String> labels(Class<E> type) {
        List<String> labels = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            labels.add(e.label());
        }
        return labels;
    }

    /** Picocli needs no-argument converter and candidate classes; one per enum. */
    static final class ActivationConverter extends Converter<Activation> {
        ActivationConverter() {
            super(Activation.class);
        }
    }

    static final class LossConverter extends Converter<LossKind> {
        LossConverter() {
            super(LossKind.class);
        }
    }

    static final class OptimizerConverter extends Converter<OptimizerKind> {
        OptimizerConverter() {
            super(OptimizerKind.class);
        }
    }

    static final class ActivationNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels(Activation.class).iterator();
        }
    }

    static final class LossNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels(LossKind.class).iterator();
        }
    }

    static final class OptimizerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return labels(OptimizerKind.class).iterator();
        }
    }
}
