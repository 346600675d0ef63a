package dev.lanes.bench.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a JMH result: a benchmark method at one set of parameters, its score converted to nanoseconds
 * per call, and the iteration scores of each fork (also in ns) for the spread.
 *
 * @param benchmark  the fully qualified name, e.g. {@code dev.lanes.bench.DotBenchmark.Simd.dot}
 * @param params     JMH parameters, name to value, sorted by name
 * @param nanos      JMH's score (the mean over all measured iterations), ns per call
 * @param forks      per fork, its measured iteration scores in ns per call
 * @param bytesPerOp {@code gc.alloc.rate.norm} in bytes per call, or NaN when the run had no {@code -prof gc}
 * @param source     the file name of the JSON this row came from
 * @param iterationNanos the length of one measurement iteration in ns ({@code measurementTime}), or NaN
 */
record Measurement(String benchmark, Map<String, String> params, double nanos, List<double[]> forks,
        double bytesPerOp, String source, double iterationNanos) {

    Measurement {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        forks = List.copyOf(forks);
    }

    /** Benchmark and parameters: two rows with the same key measured the same thing. */
    String key() {
        return benchmark + params;
    }

    /** "batch=32, net=mlp": the parameters for a sentence. */
    String paramText() {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return out.toString();
    }

    String param(String name) {
        return params.get(name);
    }

    Spread spread() {
        return Spread.of(forks);
    }

    boolean hasAllocation() {
        return !Double.isNaN(bytesPerOp);
    }

    /**
     * Bytes allocated per measurement iteration: B/op × calls per iteration. JMH's own bookkeeping allocates
     * a few KB per iteration, whatever the benchmark; spread over the calls of a long benchmark (a 36 ms
     * training step: 8 calls in 300 ms) that shows as hundreds of bytes per call. NaN when not known.
     */
    double bytesPerIteration() {
        return bytesPerOp * iterationNanos / nanos;
    }

    /** The method, e.g. {@code dot}. */
    String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** {@code Scalar} or {@code Simd} for a twin ({@code X.Scalar.m}), otherwise "". */
    String twin() {
        String[] parts = benchmark.split("\\.");
        if (parts.length >= 3) {
            String nested = parts[parts.length - 2];
            if (nested.equals("Scalar") || nested.equals("Simd")) {
                return nested;
            }
        }
        return "";
    }

    /** The benchmark class without nesting, e.g. {@code DotBenchmark}. */
    String benchmarkClass() {
        String[] parts = benchmark.split("\\.");
        int index = parts.length - (twin().isEmpty() ? 2 : 3);
        return index >= 0 ? parts[index] : "";
    }

    /** The kernel family for the twins' tables: the class name without its "Benchmark" suffix. */
    String family() {
        String c = benchmarkClass();
        return c.endsWith("Benchmark") ? c.substring(0, c.length() - "Benchmark".length()) : c;
    }
}
