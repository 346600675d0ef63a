package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Single-input reductions: sum, sum of squares (norms, gradient clipping) and max (the first pass of a
 * softmax). Measured: ns per call. A scalar reduction is latency-bound by its one loop-carried add chain
 * (about 4 cycles per element); the SIMD version's several vector accumulators should remove that bound,
 * which is the gap these twins show. max uses Math.max semantics (NaN-propagating), which costs extra
 * compares, so it is measured on its own rather than inferred from sum.
 */
public abstract class ReductionBenchmark extends KernelBenchmark {

    @Param({"4", "8", "13", "32", "256", "1024", "65536", "4194304"})
    public int n;

    private float[] x;

    @Setup
    public void setup() {
        x = Inputs.uniform(n, -1f, 1f, 3);
    }

    @Benchmark
    public float sum() {
        return Kernels.sum(x, 0, n);
    }

    @Benchmark
    public float sumOfSquares() {
        return Kernels.sumOfSquares(x, 0, n);
    }

    @Benchmark
    public float max() {
        return Kernels.max(x, 0, n);
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends ReductionBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends ReductionBenchmark {}
}
