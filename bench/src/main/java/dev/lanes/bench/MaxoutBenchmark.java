package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Maxout forward and backward over k pieces. The parameter is called layer, "m x units x k", apart from the
 * row-wise families' two-dimensional shape, so one -p shape=... never reaches it. x is (m, k·units), out
 * and dy are (m, units). Measured: ns per call; ns per element is the score over m·units·k (the input
 * size). Forward is a strided max over pieces; backward must find the first arg-max again and scatter dy
 * into it, writing every element of dx, so it moves about twice the bytes of forward.
 */
public abstract class MaxoutBenchmark extends KernelBenchmark {

    /** m x units x k: a small dense layer with 2 pieces, and a wider one with 4. */
    @Param({"32x64x2", "256x128x4"})
    public String layer;

    private int m;
    private int units;
    private int k;
    private float[] x;
    private float[] out;
    private float[] dy;
    private float[] dx;

    @Setup
    public void setup() {
        int[] d = Inputs.shape(layer, 3);
        m = d[0];
        units = d[1];
        k = d[2];
        x = Inputs.uniform(m * units * k, -1f, 1f, 6);
        dx = new float[m * units * k];
        out = new float[m * units];
        dy = Inputs.uniform(m * units, -1f, 1f, 7);
    }

    @Benchmark
    public float[] maxout() {
        Kernels.maxout(out, 0, x, 0, m, units, k);
        return out;
    }

    @Benchmark
    public float[] maxoutBackward() {
        Kernels.maxoutBackward(dx, 0, dy, 0, x, 0, m, units, k);
        return dx;
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends MaxoutBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends MaxoutBenchmark {}
}
