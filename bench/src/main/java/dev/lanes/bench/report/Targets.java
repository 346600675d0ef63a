package dev.lanes.bench.report;

import dev.lanes.bench.report.Target.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The study's targets, each checked against the rows that measure it. Thresholds are the project's stated
 * goals; everything measured comes from the rows. A target whose rows are absent is "not measured", never
 * guessed.
 */
final class Targets {

    private Targets() {}

    static List<Target> evaluate(StudyResults s) {
        return List.of(
                inference(s, "1", 5),
                inference(s, "32", 2),
                gemm(s, Names.GEMM_EJML, "EJML", 128, 15),
                gemm(s, Names.GEMM_OPENBLAS, "OpenBLAS", 256, 0.95),
                simdNotSlower(s),
                noAllocation(s));
    }

    /** ONNX Runtime latency / Lanes Session latency for the MLP at one batch size. */
    static Target inference(StudyResults s, String batch, double goal) {
        String name = "MLP (784-128-10) batch-" + batch + " inference: ONNX Runtime time / Lanes time";
        Map<String, String> params = Map.of("net", "mlp", "batch", batch);
        Measurement lanes = s.find(Names.SESSION, params);
        Measurement ort = s.find(Names.ONNX_RUNTIME, params);
        if (lanes == null || ort == null) {
            return Target.notMeasured(name, "≥ " + Fmt.goal(goal) + "×", "no "
                    + (lanes == null ? "OnnxRuntimeBenchmark.lanes" : "OnnxRuntimeBenchmark.onnxruntime")
                    + " row for net=mlp, batch=" + batch);
        }
        return Target.atLeast(name, goal, Ratio.of(ort, lanes), "");
    }

    /** The minimum over square shapes with n ≥ minN of peer time / Lanes SIMD time. */
    static Target gemm(StudyResults s, String peer, String peerName, long minN, double goal) {
        String name = "GEMM vs " + peerName + ": " + peerName + " time / Lanes time, square n ≥ " + minN
                + " (minimum)";
        Ratio worst = null;
        String where = "";
        for (Measurement lanes : s.rows(Names.GEMM_SIMD)) {
            if (lanes.param("shape") == null) {
                continue;
            }
            GemmShape shape = GemmShape.parse(lanes.param("shape"));
            Measurement other = s.find(peer, Map.of("shape", shape.label()));
            if (shape.square() && shape.n() >= minN && other != null) {
                Ratio r = Ratio.of(other, lanes);
                if (worst == null || r.value() < worst.value()) {
                    worst = r;
                    where = shape.label();
                }
            }
        }
        if (worst == null) {
            return Target.notMeasured(name, "≥ " + Fmt.goal(goal) + "×",
                    "no square shape with n ≥ " + minN + " measured for both Lanes and " + peerName);
        }
        return Target.atLeast(name, goal, worst, where);
    }

    /**
     * Over every kernel twin pair, scalar time / SIMD time. Missed when some pair is below 1 beyond its
     * spread; met ("equal within spread") when every pair below 1 has 1 within its spread.
     */
    static Target simdNotSlower(StudyResults s) {
        String name = "SIMD never slower than scalar: scalar time / SIMD time, every kernel and size (worst pair)";
        // The worst pair is the slowest of those slower beyond their spread when there are any: a row whose
        // two forks disagree by 70 % (a disturbed fork) says nothing, however low its ratio.
        Ratio worst = null;
        String worstWhere = "";
        Ratio worstBeyond = null;
        String worstBeyondWhere = "";
        List<String> slower = new ArrayList<>();
        int pairs = 0;
        for (Measurement simd : s.rows()) {
            if (!Names.isKernelTwin(simd) || !simd.twin().equals("Simd")) {
                continue;
            }
            Measurement scalar = s.find(Names.otherTwin(simd), simd.params());
            if (scalar == null) {
                continue;
            }
            pairs++;
            Ratio r = Ratio.of(scalar, simd);
            String where = simd.family() + " " + simd.method() + ", " + Sizes.label(simd);
            if (r.value() < 1 && !r.includes(1)) {
                slower.add(where + ": " + Fmt.ratio(r));
                if (worstBeyond == null || r.value() < worstBeyond.value()) {
                    worstBeyond = r;
                    worstBeyondWhere = where;
                }
            }
            if (worst == null || r.value() < worst.value()) {
                worst = r;
                worstWhere = where;
            }
        }
        if (worst == null) {
            return Target.notMeasured(name, "≥ 1×", "no kernel measured in both twins");
        }
        if (worstBeyond != null) {
            worst = worstBeyond;
            worstWhere = worstBeyondWhere;
        }
        String measured = Fmt.ratio(worst) + " (" + worstWhere + ")";
        if (!slower.isEmpty()) {
            String verdict = "missed: " + Fmt.num(worst.value()) + "× vs ≥ 1×, "
                    + Fmt.percent(1 - worst.value()) + " short; " + slower.size() + " of " + pairs
                    + " pairs slower beyond their spread";
            return new Target(name, "≥ 1×", measured, Status.MISSED, verdict,
                    "SIMD slower than scalar beyond the spread: " + String.join("; ", slower) + ".");
        }
        if (worst.value() < 1) {
            return new Target(name, "≥ 1×", measured, Status.EQUAL_WITHIN_SPREAD, "met: equal within spread", "");
        }
        return new Target(name, "≥ 1×", measured, Status.MET, "met", "");
    }

    /**
     * JMH's own allocation per measurement iteration that a row may show and still count as allocating
     * nothing itself: measured here at 6–7 KB per iteration (long benchmarks, where it is all there is);
     * 16 KiB leaves room. A real allocation of even 16 B per call exceeds it once an iteration has more than
     * 1024 calls, i.e. for every benchmark faster than 0.3–0.5 ms per call. Exact zeros are asserted by the
     * allocation tests (ThreadMXBean, child JVM), not here.
     */
    static final double JMH_BYTES_PER_ITERATION = 16384;

    /**
     * Every Lanes row with -prof gc data allocates less than half a byte per call, or no more per iteration
     * than JMH itself ({@link #JMH_BYTES_PER_ITERATION}).
     */
    static Target noAllocation(StudyResults s) {
        String name = "0 B/op after warm-up, every Lanes benchmark";
        int checked = 0;
        int unchecked = 0;
        double max = -1;
        String maxWhere = "";
        List<String> offenders = new ArrayList<>();
        for (Measurement m : s.rows()) {
            if (!Names.isLanes(m)) {
                continue;
            }
            if (!m.hasAllocation()) {
                unchecked++;
                continue;
            }
            checked++;
            String where = shortName(m) + (m.params().isEmpty() ? "" : " (" + m.paramText() + ")");
            if (m.bytesPerOp() > max) {
                max = m.bytesPerOp();
                maxWhere = where;
            }
            boolean jmhOnly = m.bytesPerIteration() <= JMH_BYTES_PER_ITERATION;
            if (m.bytesPerOp() >= 0.5 && !jmhOnly) {
                offenders.add(where + ": " + Fmt.bytes(m.bytesPerOp()) + " B/op");
            }
        }
        String uncheckedNote = unchecked == 0 ? ""
                : unchecked + " Lanes rows have no -prof gc data and are not checked.";
        if (checked == 0) {
            return Target.notMeasured(name, "0 B/op", "no Lanes row has -prof gc data (gc.alloc.rate.norm)");
        }
        String measured = "max " + Fmt.bytes(max) + " B/op over " + checked + " rows: " + maxWhere;
        if (offenders.isEmpty()) {
            return new Target(name, "0 B/op", measured, Status.MET, "met", uncheckedNote);
        }
        String detail = "Allocating (≥ 0.5 B/op and more than JMH's 16 KiB per iteration): "
                + String.join("; ", offenders) + "."
                + (uncheckedNote.isEmpty() ? "" : " " + uncheckedNote);
        return new Target(name, "0 B/op", measured, Status.MISSED,
                "missed: " + offenders.size() + " of " + checked + " rows allocate", detail);
    }

    /** The benchmark without the package, e.g. {@code InferenceBenchmark.Simd.forward}. */
    static String shortName(Measurement m) {
        String prefix = "dev.lanes.bench.";
        return m.benchmark().startsWith(prefix) ? m.benchmark().substring(prefix.length()) : m.benchmark();
    }
}
