package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * exp, sigmoid and tanh: compute-bound element-wise kernels, where the scalar twin pays for a libm call
 * per element and the SIMD twin evaluates a polynomial on whole vectors. Measured: ns per call on inputs
 * uniform in [−10, 10), which covers the polynomial range and the saturated tails of sigmoid and tanh
 * without overflow to ∞ (exp(10) ≈ 2.2e4), so no input takes a special path the other twin skips.
 */
public abstract class TranscendentalBenchmark extends KernelBenchmark {

    @Param({"4", "8", "13", "32", "256", "1024", "65536", "4194304"})
    public int n;

    private float[] x;
    private float[] out;

    @Setup
    public void setup() {
        x = Inputs.uniform(n, -10f, 10f, 8);
        out = new float[n];
    }

    @Benchmark
    public float[] exp() {
        Kernels.exp(out, 0, x, 0, n);
        return out;
    }

    @Benchmark
    public float[] sigmoid() {
        Kernels.sigmoid(out, 0, x, 0, n);
        return out;
    }

    @Benchmark
    public float[] tanh() {
        Kernels.tanh(out, 0, x, 0, n);
        return out;
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends TranscendentalBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends TranscendentalBenchmark {}
}
