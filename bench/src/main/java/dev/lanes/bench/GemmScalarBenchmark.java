package dev.lanes.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

/** Lanes' GEMM on the scalar kernels, the same shapes and inputs as {@link GemmBenchmark}. */
@Fork(value = 1, jvmArgsAppend = "-Dlanes.kernels=scalar")
public class GemmScalarBenchmark extends GemmCase {

    @Benchmark
    public float[] lanes() {
        return runLanes();
    }
}
