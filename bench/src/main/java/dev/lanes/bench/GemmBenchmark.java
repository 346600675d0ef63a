package dev.lanes.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;

/**
 * Single-threaded SGEMM on the SIMD kernels against the two libraries a JVM user would pick instead, in the
 * same run on the same inputs ({@link GemmCase}): OpenBLAS (native, hand-tuned assembly, reached through
 * JavaCPP) and EJML (pure Java). Measures the time of one call on warm caches; GFLOPS = 2·m·n·k / time.
 * {@link GemmScalarBenchmark} is Lanes on its scalar kernels.
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark extends GemmCase {

    @Benchmark
    public float[] lanes() {
        return runLanes();
    }

    @Benchmark
    public FloatPointer openblas() {
        return runOpenblas();
    }

    @Benchmark
    public FMatrixRMaj ejml() {
        return runEjml();
    }
}
