package dev.lanes.bench.report;

/**
 * The single-core float peak measured by {@code PeakBenchmark}: 16 independent fma chains on registers,
 * 2 · 16 · lanes · 1024 flops per call (the benchmark's STEPS). Measured, not computed from a clock: the VM
 * reports the nominal clock, not the boost the cores run at.
 */
final class Peak {

    private static final int STEPS = 1024; // PeakBenchmark.STEPS
    private static final int CHAINS = 16;

    private Peak() {}

    /** The peak in GFLOPS, or NaN when it was not measured or the lane count was not recorded. */
    static double gflops(StudyResults s) {
        Measurement m = s.find(Names.PEAK, java.util.Map.of());
        if (m == null || !s.hasProperty("floatLanes")) {
            return Double.NaN;
        }
        double flops = 2.0 * CHAINS * Integer.parseInt(s.property("floatLanes")) * STEPS;
        return flops / m.nanos();
    }

    static String describe(StudyResults s) {
        double g = gflops(s);
        if (Double.isNaN(g)) {
            return StudyResults.NOT_RECORDED;
        }
        String lanes = "1".equals(s.property("floatLanes")) ? "one float at a time"
                : s.property("floatLanes") + " float lanes";
        return Fmt.num(g) + " GFLOPS (fma throughput on registers, " + lanes
                + ": PeakBenchmark); GEMM rates below are read against it";
    }
}
