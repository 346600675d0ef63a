package dev.lanes.bench.report;

import java.util.Map;

/**
 * JMH's time-per-operation units, as nanoseconds per unit. Throughput units (ops/s, ...) are refused: every
 * ratio in the report reads "peer time / Lanes time", and the benchmarks are AverageTime.
 */
final class TimeUnits {

    private static final Map<String, Double> NANOS = Map.of(
            "ns/op", 1.0, "us/op", 1e3, "µs/op", 1e3, "ms/op", 1e6, "s/op", 1e9);

    private TimeUnits() {}

    /**
     * Nanoseconds in one {@code unit}.
     *
     * @throws ReportException for a throughput or unknown unit; the message names {@code where}
     */
    static double nanosPer(String unit, String where) {
        Double nanos = NANOS.get(unit);
        if (nanos == null) {
            throw new ReportException(where + ": score unit \"" + unit + "\" is not a time per operation; "
                    + "the report needs AverageTime results (JMH -bm avgt), in ns/op, us/op, ms/op or s/op");
        }
        return nanos;
    }
}
