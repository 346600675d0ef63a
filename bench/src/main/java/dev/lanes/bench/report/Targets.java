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
        List<Target> targets = new ArrayList<>();
        for (String net : List.of("mlp", "spiral")) {
            targets.add(inference(s, net, "1", 1.5));
            targets.add(inference(s, net, "32", 1.0));
            targets.add(inference(s, net, "256", 1.0));
        }
        targets.add(gemmAt(s, Names.GEMM_OPENBLAS, "OpenBLAS", "square 512³ and 1024³",
                List.of("512x512x512", "1024x1024x1024"), 0.95));
        targets.add(gemmAt(s, Names.GEMM_OPENBLAS, "OpenBLAS", "layer shapes",
                List.of("1x784x128", "32x784x128", "256x784x128"), 1.0));
        targets.add(gemm(s, Names.GEMM_EJML, "EJML", 128, 15));
        targets.add(simdNotSlower(s));
        targets.add(noAllocation(s));
        return targets;
    }

    private static final Map<String, String> NET_LABELS = Map.of("mlp", "MLP (784-128-10)", "spiral",
            "spiral (2-100-3)");

    /**
     * ONNX Runtime latency / Lanes latency for one net and batch, through both Lanes front ends — its own
     * {@code Session} and the importer's {@code OnnxSession} on the exported file — the lower of the two.
     */
    static Target inference(StudyResults s, String net, String batch, double goal) {
        String name = NET_LABELS.getOrDefault(net, net) + " batch-" + batch
                + " inference: ONNX Runtime time / Lanes time (Session and imported ONNX, the lower)";
        Map<String, String> params = Map.of("net", net, "batch", batch);
        Measurement ort = s.find(Names.ONNX_RUNTIME, params);
        Ratio worst = null;
        String where = "";
        for (String lanes : List.of(Names.SESSION, Names.SESSION_IMPORTED)) {
            Measurement m = s.find(lanes, params);
            if (m == null || ort == null) {
                return Target.notMeasured(name, "≥ " + Fmt.goal(goal) + "×", "no "
                        + (ort == null ? Names.ONNX_RUNTIME : lanes) + " row for net=" + net + ", batch=" + batch);
            }
            Ratio r = Ratio.of(ort, m);
            if (worst == null || r.value() < worst.value()) {
                worst = r;
                where = lanes.equals(Names.SESSION) ? "Session" : "imported ONNX";
            }
        }
        return Target.atLeast(name, goal, worst, where);
    }

    /** The minimum over the given shapes of peer time / Lanes SIMD time (Kernels.gemm, B not pre-packed). */
    static Target gemmAt(StudyResults s, String peer, String peerName, String what, List<String> shapes,
                         double goal) {
        String name = "GEMM vs " + peerName + ", " + what + ": " + peerName + " time / Lanes time (minimum)";
        Ratio worst = null;
        String where = "";
        for (String shape : shapes) {
            Measurement lanes = s.find(Names.GEMM_SIMD, Map.of("shape", shape));
            Measurement other = s.find(peer, Map.of("shape", shape));
            if (lanes == null || other == null) {
                return Target.notMeasured(name, "≥ " + Fmt.goal(goal) + "×", "shape " + shape
                        + " not measured for both Lanes and " + peerName);
            }
            Ratio r = Ratio.of(other, lanes);
            if (worst == null || r.value() < worst.value()) {
                worst = r;
                where = shape;
            }
        }
        return Target.atLeast(name, goal, worst, where);
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
