package dev.lanes.bench.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

/**
 * GEMM against OpenBLAS and EJML: time and GFLOPS per shape and implementation, the speed ratios the
 * targets use, and two charts (square shapes against n; the layer-sized and transposed shapes as bars).
 */
final class GemmSection {

    /** An implementation: its name in tables and legends, and the benchmark that measures it. */
    private record Impl(String name, String benchmark) {}

    private static final Impl SIMD = new Impl("Lanes SIMD", Names.GEMM_SIMD);
    private static final Impl OPENBLAS = new Impl("OpenBLAS", Names.GEMM_OPENBLAS);
    private static final Impl EJML = new Impl("EJML", Names.GEMM_EJML);
    private static final List<Impl> IMPLS = List.of(SIMD, new Impl("Lanes packed B", Names.GEMM_PACKED),
            new Impl("Lanes scalar", Names.GEMM_SCALAR), OPENBLAS, EJML);

    private GemmSection() {}

    /** The section, or "" when the study has no GEMM rows. */
    static String render(StudyResults s, ChartOutput charts) throws IOException {
        List<Impl> present = new ArrayList<>();
        for (Impl impl : IMPLS) {
            if (!s.rows(impl.benchmark()).isEmpty()) {
                present.add(impl);
            }
        }
        List<GemmShape> shapes = shapes(s, present);
        if (shapes.isEmpty()) {
            return "";
        }
        String table = table(s, present, shapes);
        StringBuilder out = new StringBuilder("## GEMM\n\n");
        out.append("C(m, n) = op(A)(m, k) · op(B)(k, n), shapes m×k×n; TN transposes A, NT transposes B. ")
                .append("GFLOPS = 2·m·n·k / time. Ratios are speed ratios, peer time / Lanes SIMD time: ")
                .append("above 1, Lanes is faster. *Lanes packed B* is `Kernels.gemmPacked` on B packed once ")
                .append("beforehand, the product a dense layer runs at inference (every other column packs ")
                .append("inside the call).");
        double peak = Peak.gflops(s);
        if (!Double.isNaN(peak)) {
            out.append(" The measured single-core peak is ").append(Fmt.num(peak)).append(" GFLOPS.");
        }
        out.append("\n\n");
        out.append(table).append('\n').append(Fmt.legend(table));
        XYChart square = squareChart(s, present, shapes);
        if (square != null) {
            out.append(charts.save(square, "gemm-gflops.png")).append('\n');
        }
        CategoryChart layers = layerChart(s, present, shapes);
        if (layers != null) {
            out.append(charts.save(layers, "gemm-layers.png")).append('\n');
        }
        return out.toString();
    }

    /** Every shape measured: square ones by n, then the others in the order first seen. */
    private static List<GemmShape> shapes(StudyResults s, List<Impl> present) {
        Map<String, GemmShape> byLabel = new LinkedHashMap<>();
        for (Impl impl : present) {
            for (Measurement m : s.rows(impl.benchmark())) {
                String label = m.param("shape");
                if (label != null) {
                    byLabel.putIfAbsent(label, GemmShape.parse(label));
                }
            }
        }
        List<GemmShape> square = new ArrayList<>();
        List<GemmShape> other = new ArrayList<>();
        for (GemmShape shape : byLabel.values()) {
            (shape.square() ? square : other).add(shape);
        }
        square.sort(Comparator.comparingLong(GemmShape::n));
        square.addAll(other);
        return square;
    }

    private static String table(StudyResults s, List<Impl> present, List<GemmShape> shapes) {
        List<String> header = new ArrayList<>(List.of("Shape"));
        for (Impl impl : present) {
            header.add(impl.name() + " µs");
            header.add(impl.name() + " GFLOPS");
        }
        boolean simd = present.contains(SIMD);
        boolean openblas = simd && present.contains(OPENBLAS);
        boolean ejml = simd && present.contains(EJML);
        if (openblas) {
            header.add("OpenBLAS / Lanes");
        }
        if (ejml) {
            header.add("EJML / Lanes");
        }
        if (simd) {
            header.add("Lanes SIMD calls/s");
        }
        header.add("Lanes SIMD B/op");
        MarkdownTable table = new MarkdownTable(1, header);
        for (GemmShape shape : shapes) {
            List<String> row = new ArrayList<>(List.of(shape.label()));
            for (Impl impl : present) {
                Measurement m = row(s, impl, shape);
                row.add(m == null ? Fmt.NONE : Fmt.num(m.nanos() / 1e3));
                row.add(m == null ? Fmt.NONE : Fmt.num(shape.flops() / m.nanos()));
            }
            Measurement lanes = row(s, SIMD, shape);
            if (openblas) {
                row.add(ratio(row(s, OPENBLAS, shape), lanes));
            }
            if (ejml) {
                row.add(ratio(row(s, EJML, shape), lanes));
            }
            if (simd) {
                row.add(lanes == null ? Fmt.NONE : Fmt.num(1e9 / lanes.nanos()));
            }
            row.add(lanes == null ? Fmt.NONE : Fmt.bytes(lanes.bytesPerOp()));
            table.row(row);
        }
        return table.toString();
    }

    private static XYChart squareChart(StudyResults s, List<Impl> present, List<GemmShape> shapes) {
        XYChart chart = Charts.lines("GEMM throughput, square shapes n×n×n", "n (log₂ scale)",
                "GFLOPS (2·n³ / time)");
        Charts.log2X(chart);
        chart.getStyler().setYAxisMin(0.0); // throughput from zero: gaps between lines read as ratios
        boolean any = false;
        for (Impl impl : present) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (GemmShape shape : shapes) {
                Measurement m = row(s, impl, shape);
                if (shape.square() && m != null) {
                    x.add(Charts.log2(shape.n()));
                    y.add(shape.flops() / m.nanos());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(impl.name(), x, y);
                any = true;
            }
        }
        return any ? chart : null;
    }

    private static CategoryChart layerChart(StudyResults s, List<Impl> present, List<GemmShape> shapes) {
        List<String> labels = new ArrayList<>();
        for (GemmShape shape : shapes) {
            if (!shape.square()) {
                labels.add(shape.label());
            }
        }
        if (labels.isEmpty()) {
            return null;
        }
        CategoryChart chart = Charts.bars("GEMM throughput, layer-sized and transposed shapes",
                "shape m×k×n (TN: Aᵀ, NT: Bᵀ)", "GFLOPS (2·m·n·k / time)");
        Charts.fitLabels(chart, labels);
        for (Impl impl : present) {
            List<Double> y = new ArrayList<>();
            boolean any = false;
            for (String label : labels) {
                Measurement m = row(s, impl, GemmShape.parse(label));
                y.add(m == null ? null : GemmShape.parse(label).flops() / m.nanos());
                any |= m != null;
            }
            if (any) {
                chart.addSeries(impl.name(), labels, y);
            }
        }
        return chart;
    }

    private static Measurement row(StudyResults s, Impl impl, GemmShape shape) {
        return s.find(impl.benchmark(), Map.of("shape", shape.label()));
    }

    private static String ratio(Measurement peer, Measurement lanes) {
        return peer == null || lanes == null ? Fmt.NONE : Fmt.ratio(Ratio.of(peer, lanes));
    }
}
