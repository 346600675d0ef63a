package dev.lanes.bench.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;

/**
 * Inference latency per network and batch: Lanes through its ONNX-loaded Session, Lanes' layers directly
 * (SIMD and scalar kernels), and ONNX Runtime; with the ratio ONNX Runtime time / Lanes time for every Lanes
 * row, and one latency chart per network.
 */
final class InferenceSection {

    /** A runtime: its name in tables and legends, and the benchmark that measures it. */
    private record Runtime(String name, String benchmark) {}

    private static final List<Runtime> RUNTIMES = List.of(new Runtime("Lanes Session", Names.SESSION),
            new Runtime("Lanes, imported ONNX", Names.SESSION_IMPORTED),
            new Runtime("Lanes layers SIMD", Names.LAYERS_SIMD),
            new Runtime("Lanes layers scalar", Names.LAYERS_SCALAR),
            new Runtime("ONNX Runtime", Names.ONNX_RUNTIME));

    private InferenceSection() {}

    /** The section, or "" when no inference row was measured. */
    static String render(StudyResults s, ChartOutput charts) throws IOException {
        List<String> nets = new ArrayList<>();
        Set<String> batches = new LinkedHashSet<>();
        for (Runtime r : RUNTIMES) {
            for (Measurement m : s.rows(r.benchmark())) {
                if (m.param("net") != null && m.param("batch") != null) {
                    if (!nets.contains(m.param("net"))) {
                        nets.add(m.param("net"));
                    }
                    batches.add(m.param("batch"));
                }
            }
        }
        if (nets.isEmpty()) {
            return "";
        }
        // The MLP first: the targets are stated for it.
        nets.sort(Comparator.comparing(net -> !net.equals("mlp")));
        List<String> sortedBatches = new ArrayList<>(batches);
        sortedBatches.sort(Comparator.comparingLong(Long::parseLong));

        MarkdownTable table = new MarkdownTable(3, List.of("Net", "Batch", "Runtime", "µs/call", "calls/s",
                "µs/row", "ONNX Runtime / this", "B/op"));
        for (String net : nets) {
            for (String batch : sortedBatches) {
                Map<String, String> params = Map.of("net", net, "batch", batch);
                Measurement ort = s.find(Names.ONNX_RUNTIME, params);
                for (Runtime r : RUNTIMES) {
                    Measurement m = s.find(r.benchmark(), params);
                    if (m == null) {
                        continue;
                    }
                    boolean peer = r.benchmark().equals(Names.ONNX_RUNTIME);
                    table.row(List.of(net, batch, r.name(), Fmt.num(m.nanos() / 1e3), Fmt.num(1e9 / m.nanos()),
                            Fmt.num(m.nanos() / 1e3 / Long.parseLong(batch)),
                            peer || ort == null ? Fmt.NONE : Fmt.ratio(Ratio.of(ort, m)),
                            Fmt.bytes(m.bytesPerOp())));
                }
            }
        }
        StringBuilder out = new StringBuilder("## Inference\n\n");
        out.append("One forward pass of a batch (inference mode), ending in softmax probabilities. *Lanes ")
                .append("Session* is Lanes' embedding API (`Session.predictBatch`, SIMD kernels, output copied ")
                .append("into the caller's array); *Lanes, imported ONNX* runs the ONNX file Lanes exported through ")
                .append("Lanes' importer (`OnnxSession.predict`, the same engine); ONNX Runtime runs that same ")
                .append("file, with pinned input and output tensors; *Lanes layers* call the layers ")
                .append("directly, on the SIMD or the scalar kernels. The ratio is ONNX Runtime time / this ")
                .append("row's time: above 1, this row is faster.\n\n");
        String text = table.toString();
        out.append(text).append('\n').append(Fmt.legend(text));
        for (String net : nets) {
            XYChart chart = latencyChart(s, net, sortedBatches);
            if (chart != null) {
                String file = net.equals("mlp") ? "inference-latency.png" : "inference-latency-" + net + ".png";
                out.append(charts.save(chart, file)).append('\n');
            }
        }
        return out.toString();
    }

    private static XYChart latencyChart(StudyResults s, String net, List<String> batches) {
        XYChart chart = Charts.lines("Inference latency, " + net + " net", "batch (log₂ scale)",
                "µs per call (log scale)");
        Charts.log2X(chart);
        Charts.logY(chart);
        boolean any = false;
        for (Runtime r : RUNTIMES) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String batch : batches) {
                Measurement m = s.find(r.benchmark(), Map.of("net", net, "batch", batch));
                if (m != null) {
                    x.add(Charts.log2(Long.parseLong(batch)));
                    y.add(m.nanos() / 1e3);
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(r.name(), x, y);
                any = true;
            }
        }
        return any ? chart : null;
    }
}
