package dev.lanes.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns JMH's ns per call into the units the targets are stated in. Elements per call come from the
 * parameters: n, or the product of the dimensions of shape ("rows x cols") or layer ("m x units x k").
 * GFLOPS and GB/s are given only for the kernels whose flops and bytes per element are fixed (below);
 * bytes count each array element read or written once (no write-allocate traffic), so GB/s is a lower
 * bound on what the memory system delivered.
 */
public final class DerivedUnits {

    /** Flops per element, for the kernels where the count is unambiguous. */
    private static final Map<String, Integer> FLOPS = Map.of(
            "dot", 2, "axpy", 2, "scale", 1, "add", 1, "mul", 1, "sum", 1, "sumOfSquares", 2);

    /** Bytes read plus written per element. */
    private static final Map<String, Integer> BYTES = Map.ofEntries(
            Map.entry("dot", 8), Map.entry("axpy", 12), Map.entry("scale", 8), Map.entry("add", 12),
            Map.entry("mul", 12), Map.entry("sum", 4), Map.entry("sumOfSquares", 4), Map.entry("max", 4),
            Map.entry("relu", 8), Map.entry("reluBackward", 12), Map.entry("leakyRelu", 8),
            Map.entry("maximum", 12), Map.entry("exp", 8), Map.entry("sigmoid", 8), Map.entry("tanh", 8));

    private DerivedUnits() {}

    /** Flops per element of {@code kernel} (a benchmark method name), or 0 where the count is not fixed. */
    public static int flopsPerElement(String kernel) {
        return FLOPS.getOrDefault(kernel, 0);
    }

    /** Bytes read plus written per element of {@code kernel}, or 0 where not fixed. */
    public static int bytesPerElement(String kernel) {
        return BYTES.getOrDefault(kernel, 0);
    }

    static String table(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-48s %-10s %12s %10s %8s %8s %10s%n",
                "Derived units", "size", "ns/call", "ns/elem", "GFLOPS", "GB/s", "B/call"));
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark();
            String shortName = name.startsWith("dev.lanes.bench.") ? name.substring("dev.lanes.bench.".length())
                    : name;
            String method = name.substring(name.lastIndexOf('.') + 1);
            String size = size(p);
            long elements = shortName.startsWith("Gemm") ? -1 : elements(p::getParam);
            Result<?> primary = r.getPrimaryResult();
            double ns = "ns/op".equals(primary.getScoreUnit()) ? primary.getScore() : Double.NaN;
            out.append(String.format(Locale.ROOT, "%-48s %-10s %12s %10s %8s %8s %10s%n", shortName, size,
                    num(ns, 1),
                    elements > 0 ? num(ns / elements, 3) : "",
                    elements > 0 && FLOPS.containsKey(method) ? num(FLOPS.get(method) * elements / ns, 2) : "",
                    elements > 0 && BYTES.containsKey(method) ? num(BYTES.get(method) * elements / ns, 2) : "",
                    allocated(r)));
        }
        return out.toString();
    }

    private static String size(BenchmarkParams p) {
        StringBuilder s = new StringBuilder();
        for (String key : p.getParamsKeys()) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(p.getParam(key));
        }
        return s.toString();
    }

    /**
     * Elements per call of a kernel benchmark from its one size parameter: {@code n}, or the product of
     * {@code shape} ("ROWSxCOLS") or {@code layer} ("MxUNITSxK"); −1 when the benchmark has none of them or
     * one that is not a number. {@code param} gives a parameter's value by name, or null.
     */
    public static long elements(UnaryOperator<String> param) {
        for (String key : new String[] {"n", "shape", "layer"}) {
            String v = param.apply(key);
            if (v != null) {
                long product = 1;
                try {
                    for (String d : v.split("x")) {
                        product *= Long.parseLong(d.trim());
                    }
                } catch (NumberFormatException e) {
                    return -1;
                }
                return product;
            }
        }
        return -1;
    }

    /** gc.alloc.rate.norm from -prof gc, bytes per call; blank without that profiler. */
    private static String allocated(RunResult r) {
        for (String key : r.getSecondaryResults().keySet()) {
            if (key.endsWith("gc.alloc.rate.norm")) {
                Result<?> norm = r.getSecondaryResults().get(key);
                return num(norm.getScore(), 2);
            }
        }
        return "";
    }

    private static String num(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "";
    }
}
