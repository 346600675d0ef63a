package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Row-wise softmax and log-softmax, the output layer of every classifier. Shape "rows x cols": 1x10 is one
 * MNIST answer (batch-1 inference), 32x3 a minibatch of the spiral net's three classes (rows shorter than one
 * vector), 32x10 a minibatch of MNIST logits (the row tails dominate), 256x128 a wide layer (vector bodies
 * dominate). Measured: ns per call; ns per element = score / (rows·cols), target ≤ 1 ns.
 * Each row takes three passes (max, exp-and-sum, normalise), so the exp kernel sets most of the cost.
 */
public abstract class SoftmaxBenchmark extends KernelBenchmark {

    @Param({"1x10", "32x3", "32x10", "256x128"})
    public String shape;

    private int rows;
    private int cols;
    private float[] x;
    private float[] out;

    @Setup
    public void setup() {
        int[] d = Inputs.shape(shape, 2);
        rows = d[0];
        cols = d[1];
        x = Inputs.uniform(rows * cols, -10f, 10f, 9);
        out = new float[rows * cols];
    }

    @Benchmark
    public float[] softmaxRows() {
        Kernels.softmaxRows(out, 0, cols, x, 0, cols, rows, cols);
        return out;
    }

    @Benchmark
    public float[] logSoftmaxRows() {
        Kernels.logSoftmaxRows(out, 0, cols, x, 0, cols, rows, cols);
        return out;
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends SoftmaxBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends SoftmaxBenchmark {}
}
