package dev.lanes.bench.report;

import dev.lanes.bench.DerivedUnits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Every kernel twin: scalar and SIMD time per call, the SIMD speed-up, SIMD GFLOPS and GB/s where the
 * kernel's flops and bytes per element are fixed ({@link DerivedUnits}), and allocation; then relu against
 * the copy baseline, and the speed-up chart.
 */
final class KernelSection {

    private KernelSection() {}

    /** The section, or "" when no kernel twin was measured. */
    static String render(StudyResults s, ChartOutput charts) throws IOException {
        // One entry per family/kernel, in the order first seen, holding one row per size (either twin).
        Map<String, List<Measurement>> kernels = new LinkedHashMap<>();
        for (Measurement m : s.rows()) {
            if (Names.isKernelTwin(m)) {
                List<Measurement> sizes = kernels.computeIfAbsent(label(m), k -> new ArrayList<>());
                if (!containsSize(sizes, m)) {
                    sizes.add(m);
                }
            }
        }
        if (kernels.isEmpty()) {
            return "";
        }
        MarkdownTable table = new MarkdownTable(2, List.of("Family / kernel", "Size", "Scalar ns", "SIMD ns",
                "Scalar / SIMD", "SIMD GFLOPS", "SIMD GB/s", "B/op scalar / SIMD"));
        for (Map.Entry<String, List<Measurement>> k : kernels.entrySet()) {
            List<Measurement> sizes = k.getValue();
            sizes.sort(Comparator.comparingLong(Sizes::elements));
            for (Measurement any : sizes) {
                Measurement simd = twin(s, any, "Simd");
                Measurement scalar = twin(s, any, "Scalar");
                table.row(List.of(k.getKey(), Sizes.label(any), nanos(scalar), nanos(simd),
                        scalar == null || simd == null ? Fmt.NONE : Fmt.ratio(Ratio.of(scalar, simd)),
                        perSecond(simd, DerivedUnits.flopsPerElement(any.method())),
                        perSecond(simd, DerivedUnits.bytesPerElement(any.method())),
                        bytes(scalar) + " / " + bytes(simd)));
            }
        }
        StringBuilder out = new StringBuilder("## Kernels\n\n");
        out.append("Each kernel through the public `Kernels` facade, scalar and SIMD implementations in ")
                .append("separate forks with identical inputs. Speed-up = scalar time / SIMD time. GFLOPS and ")
                .append("GB/s only where flops and bytes per element are fixed; bytes count each element read ")
                .append("or written once, so GB/s is a lower bound on memory traffic.\n\n");
        String text = table.toString();
        out.append(text).append('\n').append(Fmt.legend(text));
        out.append(copyBaseline(s));
        XYChart chart = speedupChart(s, kernels);
        if (chart != null) {
            out.append(charts.save(chart, "kernels-speedup.png")).append('\n');
        }
        return out.toString();
    }

    /** Relu's bandwidth beside System.arraycopy's at the same n: how close relu runs to memory speed. */
    private static String copyBaseline(StudyResults s) {
        List<Measurement> copies = new ArrayList<>(s.rows(Names.COPY));
        if (copies.isEmpty()) {
            return "";
        }
        copies.sort(Comparator.comparingLong(Sizes::elements));
        MarkdownTable table = new MarkdownTable(1, List.of("n", "copy GB/s", "relu SIMD GB/s",
                "relu scalar GB/s", "copy time / relu SIMD time"));
        for (Measurement copy : copies) {
            Measurement simd = s.find(Names.RELU_SIMD, copy.params());
            Measurement scalar = s.find(Names.RELU_SCALAR, copy.params());
            table.row(List.of(copy.param("n"), perSecond(copy, 8), perSecond(simd, 8), perSecond(scalar, 8),
                    simd == null ? Fmt.NONE : Fmt.ratio(Ratio.of(copy, simd))));
        }
        String text = table.toString();
        return "### Relu against the copy baseline\n\n"
                + "`CopyBenchmark.copy` is `System.arraycopy` of n floats: 8 bytes per element (read and "
                + "write), the speed of memory at that size. Relu also moves 8 bytes per element; a ratio near 1 "
                + "means relu runs at memory speed.\n\n" + text + '\n' + Fmt.legend(text);
    }

    /** Speed-up against n, one series per kernel measured by n in both twins, with the line at 1. */
    private static XYChart speedupChart(StudyResults s, Map<String, List<Measurement>> kernels) {
        XYChart chart = Charts.lines("SIMD speed-up over scalar, by input length", "n, elements (log₂ scale)",
                "scalar time / SIMD time (log scale)");
        Charts.log2X(chart);
        // Log scale: the interesting region is around 1 (the crossovers), which a linear axis up to the 26×
        // of a long reduction squeezes into a few pixels.
        Charts.logY(chart);
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<Measurement>> k : kernels.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Measurement any : k.getValue()) {
                Measurement simd = twin(s, any, "Simd");
                Measurement scalar = twin(s, any, "Scalar");
                if (Sizes.byN(any) && simd != null && scalar != null) {
                    double log = Charts.log2(Sizes.elements(any));
                    x.add(log);
                    y.add(scalar.nanos() / simd.nanos());
                    xMin = Math.min(xMin, log);
                    xMax = Math.max(xMax, log);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(k.getKey(), x, y);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return null;
        }
        Charts.horizontalLine(chart, "equal speed", 1, xMin, xMax);
        return chart;
    }

    /** "Family / kernel", e.g. "Relu / reluBackward". */
    private static String label(Measurement m) {
        return m.family() + " / " + m.method();
    }

    private static boolean containsSize(List<Measurement> sizes, Measurement m) {
        for (Measurement other : sizes) {
            if (other.params().equals(m.params())) {
                return true;
            }
        }
        return false;
    }

    private static Measurement twin(StudyResults s, Measurement any, String twin) {
        String benchmark = any.twin().equals(twin) ? any.benchmark() : Names.otherTwin(any);
        return s.find(benchmark, any.params());
    }

    /** Per-element units per second: units per element × elements / ns is units per ns, i.e. G per s. */
    private static String perSecond(Measurement m, int perElement) {
        long elements = m == null ? -1 : Sizes.elements(m);
        return m == null || perElement == 0 || elements <= 0 ? Fmt.NONE
                : Fmt.num(perElement * (double) elements / m.nanos());
    }

    private static String nanos(Measurement m) {
        return m == null ? Fmt.NONE : Fmt.num(m.nanos());
    }

    private static String bytes(Measurement m) {
        return m == null ? Fmt.NONE : Fmt.bytes(m.bytesPerOp());
    }
}
