package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Dot product Σ x[i]·y[i], the reduction inside every GEMM-free path (norms, losses, small layers).
 * Measured: ns per call through the {@link Kernels} facade, argument checks included, from 4 elements
 * (the guard and scalar tail), through 13 (vector tail plus scalar tail) and L1-resident sizes, to 65536
 * (L2). GFLOPS = 2·n / score; the target is ≥ 30 GFLOPS at n = 1024 (L1).
 */
public abstract class DotBenchmark extends KernelBenchmark {

    @Param({"4", "8", "13", "32", "256", "1024", "65536", "4194304"})
    public int n;

    private float[] x;
    private float[] y;

    @Setup
    public void setup() {
        x = Inputs.uniform(n, -1f, 1f, 1);
        y = Inputs.uniform(n, -1f, 1f, 2);
    }

    @Benchmark
    public float dot() {
        return Kernels.dot(x, 0, y, 0, n);
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends DotBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends DotBenchmark {}
}
