package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The remaining row-wise kernels of a dense layer: bias add (forward), column sums (the bias gradient,
 * accumulated) and arg-max per row (accuracy). Shape "rows x cols" as in {@link SoftmaxBenchmark}.
 * Measured: ns per call; ns per element = score / (rows·cols). addRowVector and addColumnSums accumulate
 * across calls, as a layer does over a batch; the values grow linearly but stay finite and normal for any
 * realistic run length. argmax inputs are random, so the running maximum changes often early in a row.
 */
public abstract class RowsBenchmark extends KernelBenchmark {

    @Param({"1x10", "32x3", "32x10", "256x128"})
    public String shape;

    private int rows;
    private int cols;
    private float[] x;
    private float[] c;
    private float[] bias;
    private float[] columnSums;
    private int[] argmax;

    @Setup
    public void setup() {
        int[] d = Inputs.shape(shape, 2);
        rows = d[0];
        cols = d[1];
        x = Inputs.uniform(rows * cols, -1f, 1f, 10);
        c = Inputs.uniform(rows * cols, -1f, 1f, 11);
        bias = Inputs.uniform(cols, -1e-3f, 1e-3f, 12);
        columnSums = new float[cols];
        argmax = new int[rows];
    }

    @Benchmark
    public float[] addRowVector() {
        Kernels.addRowVector(c, 0, cols, bias, 0, rows, cols);
        return c;
    }

    @Benchmark
    public float[] addColumnSums() {
        Kernels.addColumnSums(columnSums, 0, x, 0, cols, rows, cols);
        return columnSums;
    }

    @Benchmark
    public int[] argmaxRows() {
        Kernels.argmaxRows(argmax, 0, x, 0, cols, rows, cols);
        return argmax;
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends RowsBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends RowsBenchmark {}
}
