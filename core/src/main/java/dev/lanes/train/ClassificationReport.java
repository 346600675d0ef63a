package dev.lanes.train;

import dev.lanes.data.Dataset;
import dev.lanes.kernels.Kernels;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import java.util.Locale;

/**
 * A classifier measured on a labelled set: accuracy, mean cross-entropy, and the {@link ConfusionMatrix} with
 * per-class precision, recall and F1. {@code toString} prints them all as tables.
 *
 * <pre>
 *   ClassificationReport r = ClassificationReport.of(net, test);
 *   System.out.println(r);                  // accuracy, loss, per-class table, confusion matrix
 *   double f1 = r.confusion().f1(3);
 * </pre>
 *
 * <p>The loss is the mean cross-entropy of the predicted class distribution, −(1/n)·Σ_i ln p_{i,y_i}: p is
 * softmax(outputs) for a network that outputs logits (the training loss of softmax cross-entropy, exactly
 * {@link SoftmaxCrossEntropy}'s value), or the outputs themselves for one that ends in {@link Softmax}, where a
 * probability is floored at 2⁻¹⁴⁹ (the smallest float), so a row's loss is at most 103.3 rather than ∞. It is
 * this figure whatever loss trained the network, so reports of different networks compare.
 *
 * @param loss      mean cross-entropy per row
 * @param confusion actual × predicted counts and the per-class metrics
 */
public record ClassificationReport(double loss, ConfusionMatrix confusion) {

    /** The smallest positive float: the floor for a probability whose log is taken. */
    private static final double MIN_PROBABILITY = Float.MIN_VALUE;

    /**
     * Measures {@code net} (inference mode) on every row of classification set {@code data}.
     *
     * @param net  the classifier; run in inference mode
     * @param data a classification set whose class count is the network's output width
     * @return the report
     */
    public static ClassificationReport of(Sequential net, Dataset data) {
        if (data.kind() != Targets.Kind.CLASSES) {
            throw new IllegalArgumentException(data.name() + " holds " + data.kind() + " targets; a classification"
                    + " report needs class labels");
        }
        Training.check(net, new SoftmaxCrossEntropy(), data);
        boolean probabilities = net.layers().get(net.layers().size() - 1) instanceof Softmax;
        return ofOutputs(Predictions.outputs(net, data), probabilities, data);
    }

    /**
     * Measures outputs already computed: {@code outputs: (data.rows(), data.targetWidth())}, a row's scores for
     * each class, which are probabilities when {@code probabilities} is set (a model ending in softmax) and
     * logits otherwise.
     *
     * @param outputs       the class scores: (data.rows(), data.targetWidth()) row-major
     * @param probabilities whether the scores are probabilities rather than logits
     * @param data          the classification set the scores were computed on
     * @return the report
     * @throws IllegalArgumentException when data has no class labels or outputs is too short
     */
    public static ClassificationReport ofOutputs(float[] outputs, boolean probabilities, Dataset data) {
        if (data.kind() != Targets.Kind.CLASSES) {
            throw new IllegalArgumentException(data.name() + " holds " + data.kind() + " targets; a classification"
                    + " report needs class labels");
        }
        int rows = data.rows();
        int k = data.targetWidth();
        if ((long) rows * k > outputs.length) {
            throw new IllegalArgumentException(rows + " rows of " + k + " class scores need " + (long) rows * k
                    + " outputs, got " + outputs.length);
        }
        int[] labels = data.labels();
        int[] predicted = new int[rows];
        Kernels.argmaxRows(predicted, 0, outputs, 0, k, rows, k);
        double loss;
        if (probabilities) {
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                sum -= Math.log(Math.max(outputs[i * k + labels[i]], MIN_PROBABILITY));
            }
            loss = sum / rows;
        } else {
            loss = new SoftmaxCrossEntropy().forward(outputs, Targets.classes(labels, k), rows, k);
        }
        return new ClassificationReport(loss, ConfusionMatrix.of(labels, predicted, rows, k));
    }

    /** {@return the fraction of rows whose largest output is their label} */
    public double accuracy() {
        return confusion.accuracy();
    }

    /** {@return the number of rows measured} */
    public int rows() {
        return confusion.total();
    }

    /** "accuracy 88.12 % (8812/10000), mean cross-entropy 0.3374", then the confusion matrix's tables. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "accuracy %.2f %% (%d/%d), mean cross-entropy %.4f%n%n", 100 * accuracy(),
                confusion.correct(), rows(), loss) + confusion;
    }
}
