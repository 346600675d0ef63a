package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The piecewise-linear activations: relu, its backward, leaky relu and element-wise maximum. Measured: ns
 * per call on inputs that are half negative in random order, so a branchy implementation would mispredict
 * about every other element; a good one is branch-free and runs at the speed of the memory it streams
 * (8 bytes per element for relu, 12 for the two-input ones). Target: relu at memory speed.
 */
public abstract class ReluBenchmark extends KernelBenchmark {

    @Param({"4", "8", "13", "32", "256", "1024", "65536", "4194304"})
    public int n;

    private float[] x;
    private float[] dy;
    private float[] out;

    @Setup
    public void setup() {
        x = Inputs.uniform(n, -1f, 1f, 4);
        dy = Inputs.uniform(n, -1f, 1f, 5);
        out = new float[n];
    }

    @Benchmark
    public float[] relu() {
        Kernels.relu(out, 0, x, 0, n);
        return out;
    }

    @Benchmark
    public float[] reluBackward() {
        Kernels.reluBackward(out, 0, dy, 0, x, 0, n);
        return out;
    }

    @Benchmark
    public float[] leakyRelu() {
        Kernels.leakyRelu(out, 0, x, 0, 0.01f, n);
        return out;
    }

    @Benchmark
    public float[] maximum() {
        Kernels.maximum(out, 0, x, 0, dy, 0, n);
        return out;
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends ReluBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends ReluBenchmark {}
}
