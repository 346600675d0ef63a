package dev.lanes.bench.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.CategoryChart;

/**
 * One training step (zero gradients, forward, softmax cross-entropy, backward, L2, Adam) per network and
 * batch, on the scalar and the SIMD kernels: time per step, steps and rows per second, and the speed-up.
 */
final class TrainingSection {

    private TrainingSection() {}

    /** The section, or "" when no training row was measured. */
    static String render(StudyResults s, ChartOutput charts) throws IOException {
        List<Measurement> keys = new ArrayList<>();
        for (String benchmark : List.of(Names.TRAIN_SIMD, Names.TRAIN_SCALAR)) {
            for (Measurement m : s.rows(benchmark)) {
                if (m.param("net") != null && m.param("batch") != null && !contains(keys, m)) {
                    keys.add(m);
                }
            }
        }
        if (keys.isEmpty()) {
            return "";
        }
        keys.sort(Comparator.comparing((Measurement m) -> !m.param("net").equals("mlp"))
                .thenComparing(m -> m.param("net"))
                .thenComparingLong(m -> Long.parseLong(m.param("batch"))));

        MarkdownTable table = new MarkdownTable(2, List.of("Net", "Batch", "Scalar µs/step", "SIMD µs/step",
                "SIMD steps/s", "SIMD rows/s", "Scalar / SIMD", "B/op scalar / SIMD"));
        List<String> categories = new ArrayList<>();
        List<Double> scalarSteps = new ArrayList<>();
        List<Double> simdSteps = new ArrayList<>();
        for (Measurement key : keys) {
            Measurement scalar = s.find(Names.TRAIN_SCALAR, key.params());
            Measurement simd = s.find(Names.TRAIN_SIMD, key.params());
            long batch = Long.parseLong(key.param("batch"));
            double stepsPerSecond = simd == null ? Double.NaN : 1e9 / simd.nanos();
            table.row(List.of(key.param("net"), key.param("batch"), micros(scalar), micros(simd),
                    Fmt.num(stepsPerSecond), Fmt.num(stepsPerSecond * batch),
                    scalar == null || simd == null ? Fmt.NONE : Fmt.ratio(Ratio.of(scalar, simd)),
                    bytes(scalar) + " / " + bytes(simd)));
            categories.add(key.param("net") + ", batch " + batch);
            scalarSteps.add(scalar == null ? null : 1e9 / scalar.nanos());
            simdSteps.add(simd == null ? null : stepsPerSecond);
        }
        StringBuilder out = new StringBuilder("## Training\n\n");
        out.append("One optimisation step on one batch: zero gradients, forward, softmax cross-entropy, ")
                .append("backward, L2, Adam. Steps/s = 10⁶ / µs per step; rows/s = batch × steps/s. ")
                .append("Speed-up = scalar time / SIMD time.\n\n");
        String text = table.toString();
        out.append(text).append('\n').append(Fmt.legend(text));

        CategoryChart chart = Charts.bars("Training steps per second", "network, batch",
                "steps per second (log scale)");
        Charts.logY(chart, min(scalarSteps, simdSteps));
        Charts.fitLabels(chart, categories);
        if (scalarSteps.stream().anyMatch(v -> v != null)) {
            chart.addSeries("Scalar kernels", categories, scalarSteps);
        }
        if (simdSteps.stream().anyMatch(v -> v != null)) {
            chart.addSeries("SIMD kernels", categories, simdSteps);
        }
        out.append(charts.save(chart, "training-steps.png")).append('\n');
        return out.toString();
    }

    private static double min(List<Double> a, List<Double> b) {
        double min = Double.POSITIVE_INFINITY;
        for (List<Double> list : List.of(a, b)) {
            for (Double v : list) {
                if (v != null) {
                    min = Math.min(min, v);
                }
            }
        }
        return min;
    }

    private static boolean contains(List<Measurement> keys, Measurement m) {
        for (Measurement k : keys) {
            if (k.params().equals(m.params())) {
                return true;
            }
        }
        return false;
    }

    private static String micros(Measurement m) {
        return m == null ? Fmt.NONE : Fmt.num(m.nanos() / 1e3);
    }

    private static String bytes(Measurement m) {
        return m == null ? Fmt.NONE : Fmt.bytes(m.bytesPerOp());
    }
}
