package dev.lanes.bench;

import org.bytedeco.javacpp.FloatPointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;

/**
 * The product inference runs — {@code Kernels.gemmPacked} on B packed once at load — against OpenBLAS's
 * cblas_sgemm in the same fork, on {@link GemmCase}'s inputs. OpenBLAS packs its operands inside every call;
 * Lanes' weights were packed at load, which is the point of packing them. Shapes without a transposed A only
 * (run with {@code -p shape=...}; TN shapes are refused at set-up).
 */
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PackedGemmBenchmark extends GemmCase {

    @Setup
    public void onlyUntransposedA() {
        if (transA) {
            throw new IllegalStateException("shape " + shape + ": the packed product takes A untransposed; "
                    + "choose shapes with -p shape=");
        }
    }

    @Benchmark
    public float[] lanesPacked() {
        return runLanesPacked();
    }

    @Benchmark
    public FloatPointer openblas() {
        return runOpenblas();
    }
}
