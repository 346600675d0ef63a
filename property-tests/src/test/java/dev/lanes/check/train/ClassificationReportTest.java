package dev.lanes.check.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Dataset;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import dev.lanes.random.Rng;
import dev.lanes.train.ClassificationReport;
import dev.lanes.train.ConfusionMatrix;
import dev.lanes.train.Evaluation;
import dev.lanes.train.Training;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The confusion matrix and its metrics on cases small enough to count by hand, the same definitions counted
 * independently over random cases, and the report's loss against the cross-entropy worked out in double.
 * Metrics are ratios of the same integers the implementation divides, so they are compared exactly.
 */
class ClassificationReportTest {

    /**
     * Six rows, three classes:
     * <pre>
     *   actual     0 0 0 1 1 2
     *   predicted  0 0 1 1 2 2
     * </pre>
     * Class 0: TP 2 (rows 0, 1), FN 1 (row 2 → 1), FP 0. Class 1: TP 1 (row 3), FN 1 (row 4 → 2), FP 1
     * (row 2). Class 2: TP 1 (row 5), FN 0, FP 1 (row 4).
     */
    @Test
    void threeClassesCountedByHand() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2}, 6, 3);
        int[] tp = {2, 1, 1};
        int[] fn = {1, 1, 0};
        int[] fp = {0, 1, 1};
        assertEquals(6, m.total());
        assertEquals(2 + 1 + 1, m.correct());
        assertEquals(4.0 / 6, m.accuracy());
        assertEquals(1, m.count(0, 1));
        assertEquals(1, m.count(1, 2));
        assertEquals(0, m.count(2, 0));
        double[] p = new double[3];
        double[] r = new double[3];
        double[] f = new double[3];
        for (int k = 0; k < 3; k++) {
            assertEquals(tp[k] + fn[k], m.support(k));
            assertEquals(tp[k] + fp[k], m.predicted(k));
            p[k] = (double) tp[k] / (tp[k] + fp[k]);
            r[k] = (double) tp[k] / (tp[k] + fn[k]);
            f[k] = 2.0 * tp[k] / (2 * tp[k] + fp[k] + fn[k]);
            assertEquals(p[k], m.precision(k), "precision " + k);
            assertEquals(r[k], m.recall(k), "recall " + k);
            assertEquals(f[k], m.f1(k), "F1 " + k);
            // F1 is the harmonic mean of precision and recall: equal up to the roundings of the two routes
            // (a few ulps of a number ≤ 1; 1e-15 is about 5 ulps)
            assertEquals(2 * p[k] * r[k] / (p[k] + r[k]), m.f1(k), 1e-15);
        }
        assertEquals((p[0] + p[1] + p[2]) / 3, m.macroPrecision());
        assertEquals((r[0] + r[1] + r[2]) / 3, m.macroRecall());
        assertEquals((f[0] + f[1] + f[2]) / 3, m.macroF1());
    }

    /**
     * A class never predicted has no precision (NaN, left out of the macro mean) but a recall and F1 of 0; a
     * class that neither occurs nor is predicted has no metric at all.
     */
    @Test
    void undefinedMetricsAreNaNAndLeftOutOfTheMeans() {
        // actual 0 0 1 1, predicted 0 0 0 1; class 2 absent; class 1: TP 1, FN 1, FP 0
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}, 4, 3);
        assertEquals(2.0 / 3, m.precision(0));
        assertEquals(1.0, m.recall(0));
        assertEquals(1.0, m.precision(1));
        assertEquals(0.5, m.recall(1));
        assertTrue(Double.isNaN(m.precision(2)) && Double.isNaN(m.recall(2)) && Double.isNaN(m.f1(2)));
        assertEquals((2.0 / 3 + 1.0) / 2, m.macroPrecision());
        ConfusionMatrix never = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, 2, 2);
        assertTrue(Double.isNaN(never.precision(1)));
        assertEquals(0.0, never.recall(1));
        assertEquals(0.0, never.f1(1));
        String table = m.toString();
        assertTrue(table.contains("    2          -       -       -        0"), table);
        assertTrue(table.lines().anyMatch(l -> l.equals("    1  1  1  0")), table);
    }

    /** Random cases: every cell, sum and metric against a count made straight from the definitions. */
    @Test
    void randomCasesAgreeWithTheDefinitions() {
        Rng rng = new Rng(11);
        for (int trial = 0; trial < 200; trial++) {
            int classes = 1 + rng.nextInt(7);
            int rows = 1 + rng.nextInt(60);
            int[] actual = new int[rows];
            int[] predicted = new int[rows];
            for (int i = 0; i < rows; i++) {
                actual[i] = rng.nextInt(classes);
                predicted[i] = rng.nextInt(4) == 0 ? rng.nextInt(classes) : actual[i]; // mostly right
            }
            ConfusionMatrix m = ConfusionMatrix.of(actual, predicted, rows, classes);
            int correct = 0;
            for (int k = 0; k < classes; k++) {
                int tp = 0;
                int fp = 0;
                int fn = 0;
                for (int i = 0; i < rows; i++) {
                    tp += actual[i] == k && predicted[i] == k ? 1 : 0;
                    fp += actual[i] != k && predicted[i] == k ? 1 : 0;
                    fn += actual[i] == k && predicted[i] != k ? 1 : 0;
                }
                correct += tp;
                assertEquals(tp, m.count(k, k));
                assertEquals(tp + fn, m.support(k));
                assertEquals(tp + fp, m.predicted(k));
                assertEquals(tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp), m.precision(k));
                assertEquals(tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn), m.recall(k));
                assertEquals(tp + fp + fn == 0 ? Double.NaN : 2.0 * tp / (2 * tp + fp + fn), m.f1(k));
            }
            assertEquals(correct, m.correct());
            assertEquals(rows, m.total());
        }
    }

    /**
     * Above PRINTED_CLASSES classes the grid gives way to the most frequent confusions: by count, ties by
     * actual then predicted class, at most PRINTED_CONFUSIONS of them; at PRINTED_CLASSES the grid stays.
     */
    @Test
    void manyClassesListTheMostFrequentConfusionsInsteadOfTheGrid() {
        int classes = ConfusionMatrix.PRINTED_CLASSES + 1;
        List<int[]> pairs = new ArrayList<>(); // {actual, predicted}
        for (int k = 0; k < classes; k++) {
            pairs.add(new int[] {k, k}); // one right answer per class
        }
        // Confusions: 5 → 7 three times, 2 → 9 and 9 → 2 twice each, then 25 singles (k → k + 1 mod classes).
        for (int i = 0; i < 3; i++) pairs.add(new int[] {5, 7});
        for (int i = 0; i < 2; i++) pairs.add(new int[] {9, 2});
        for (int i = 0; i < 2; i++) pairs.add(new int[] {2, 9});
        for (int k = 0; k < classes; k++) {
            if (k != 5 && k != 9 && k != 2) pairs.add(new int[] {k, (k + 1) % classes});
        }
        int rows = pairs.size();
        int[] actual = new int[rows];
        int[] predicted = new int[rows];
        for (int i = 0; i < rows; i++) {
            actual[i] = pairs.get(i)[0];
            predicted[i] = pairs.get(i)[1];
        }
        String text = ConfusionMatrix.of(actual, predicted, rows, classes).toString();
        List<String> lines = text.lines().toList();
        int head = lines.indexOf("confusion matrix: " + classes + " × " + classes + " classes, too many to print as a"
                + " grid (count(actual, predicted) reads any cell); " + (rows - classes) + " of " + rows
                + " rows confused, the most frequent:");
        assertTrue(head > 0, text);
        List<String> listed = lines.subList(head + 1, lines.size());
        assertEquals(ConfusionMatrix.PRINTED_CONFUSIONS, listed.size(), text);
        assertEquals(List.of("  actual 5 → predicted 7: 3", "  actual 2 → predicted 9: 2", "  actual 9 → predicted 2: 2",
                "  actual 0 → predicted 1: 1", "  actual 1 → predicted 2: 1", "  actual 3 → predicted 4: 1"),
                listed.subList(0, 6));
        assertFalse(text.contains("rows: actual class, columns: predicted class"), text);
        int[] few = new int[ConfusionMatrix.PRINTED_CLASSES];
        for (int k = 0; k < few.length; k++) few[k] = k;
        assertTrue(ConfusionMatrix.of(few, few, few.length, few.length).toString()
                .contains("confusion matrix (rows: actual class, columns: predicted class)"));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 2, 3));
        assertTrue(e.getMessage().startsWith("row 1: actual class 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[1], new int[1], 2, 3));
        assertThrows(IndexOutOfBoundsException.class,
                () -> ConfusionMatrix.of(new int[1], new int[1], 1, 3).precision(3));
    }

    /**
     * Logits with a known cross-entropy: (ln 3, 0) with label 0 gives p_0 = 3/4, loss ln(4/3); (0, 0) with label
     * 1 gives ln 2; the mean is their average. Row 0 is predicted right; row 1's tie goes to class 0, the
     * lowest index, so it counts as wrong. The log-softmax is computed in
     * float: each of its ≤ 4 roundings (exp, sum, log, subtraction) errs by ≤ 1.5 ulp of a value below 2,
     * so 8 ulps of 1 (2⁻²⁰ ≈ 9.5e-7) bound the error of the mean.
     */
    @Test
    void lossIsTheMeanCrossEntropy() {
        Dataset d = Dataset.classification("two", new float[] {0, 0}, 1, new int[] {0, 1}, 2);
        float[] logits = {(float) Math.log(3), 0, 0, 0};
        ClassificationReport r = ClassificationReport.ofOutputs(logits, false, d);
        double expected = (Math.log(4.0 / 3) + Math.log(2)) / 2;
        assertEquals(expected, r.loss(), 0x1p-20);
        assertEquals(1, r.confusion().correct(), "row 1 ties; argmax takes class 0");
        ClassificationReport probs = ClassificationReport.ofOutputs(new float[] {0.75f, 0.25f, 0.5f, 0.5f}, true, d);
        // 0.75 and 0.5 are exact floats; ln in double: exact to about 1 ulp of a double
        assertEquals(expected, probs.loss(), 1e-15);
        ClassificationReport zero = ClassificationReport.ofOutputs(new float[] {1, 0, 1, 0}, true, d);
        assertEquals(-Math.log(Float.MIN_VALUE) / 2, zero.loss(), 1e-12, "p = 0 is floored at 2^-149");
    }

    /**
     * On a network, the report's loss is the training loss (SoftmaxCrossEntropy) and its accuracy
     * Training.evaluate's: the same outputs, batched differently (256-row chunks against the net's batch of
     * 8), so equal up to the float rounding of the loss's mean (a relative 2⁻²⁰ is ample for 30 rows).
     * A network ending in Softmax is read as giving probabilities: the same loss as without the layer.
     */
    @Test
    void onANetworkItAgreesWithTheTrainingLoss() {
        Rng rng = new Rng(5);
        float[] x = new float[30 * 4];
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            for (int c = 0; c < 4; c++) {
                x[i * 4 + c] = rng.nextFloat() * 2 - 1;
            }
            y[i] = i % 3;
        }
        Dataset d = Dataset.classification("random", x, 4, y, 3);
        Sequential net = Sequential.of(8, 7L, new Dense(4, 3));
        Evaluation e = Training.evaluate(net, new SoftmaxCrossEntropy(), d);
        ClassificationReport r = ClassificationReport.of(net, d);
        assertEquals(e.loss(), r.loss(), e.loss() * 0x1p-20);
        assertEquals(e.accuracy(), r.accuracy());
        Sequential withSoftmax = Sequential.of(8, 7L, new Dense(4, 3), new Softmax(3));
        ClassificationReport p = ClassificationReport.of(withSoftmax, d);
        assertEquals(r.loss(), p.loss(), r.loss() * 0x1p-18); // ln of a rounded p: a few ulps more
        assertEquals(r.confusion().toString(), p.confusion().toString());
        assertTrue(r.toString().startsWith(String.format(java.util.Locale.ROOT,
                "accuracy %.2f %% (%d/30), mean cross-entropy %.4f", 100 * r.accuracy(), r.confusion().correct(),
                r.loss())), r.toString());
        assertEquals(List.of("class  precision  recall      F1  support"), r.toString().lines().skip(2).limit(1)
                .toList());
    }

    @Test
    void evaluationPrintsReadably() {
        assertEquals("loss 0.3374, accuracy 88.12 % (8812/10000)", new Evaluation(0.33741, 0.8812, 10000).toString());
        assertEquals("loss 0.0123 over 200 rows", new Evaluation(0.0123, Double.NaN, 200).toString());
    }
}
