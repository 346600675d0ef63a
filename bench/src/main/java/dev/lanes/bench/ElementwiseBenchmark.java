package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The BLAS-1 updates an optimizer step and a backward pass are made of: axpy (y += a·x), scale, add, mul.
 * Measured: ns per call through the facade. These do one or two flops per 8–12 bytes moved, so above L1
 * they are bound by memory bandwidth, not by arithmetic; compare the twins at n ≤ 1024 for SIMD speed-up
 * and at 65536 for how close each gets to the cache's bandwidth. axpy accumulates into y across calls
 * (as an optimizer would); with a = 1e-3 the values stay far from overflow and subnormals.
 */
public abstract class ElementwiseBenchmark extends KernelBenchmark {

    @Param({"4", "8", "13", "32", "256", "1024", "65536", "4194304"})
    public int n;

    private float[] x;
    private float[] y;
    private float[] out;

    @Setup
    public void setup() {
        x = Inputs.uniform(n, -1f, 1f, 1);
        y = Inputs.uniform(n, -1f, 1f, 2);
        out = new float[n];
    }

    @Benchmark
    public float[] axpy() {
        Kernels.axpy(y, 0, 1e-3f, x, 0, n);
        return y;
    }

    @Benchmark
    public float[] scale() {
        Kernels.scale(out, 0, 0.5f, x, 0, n);
        return out;
    }

    @Benchmark
    public float[] add() {
        Kernels.add(out, 0, x, 0, y, 0, n);
        return out;
    }

    @Benchmark
    public float[] mul() {
        Kernels.mul(out, 0, x, 0, y, 0, n);
        return out;
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends ElementwiseBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends ElementwiseBenchmark {}
}
