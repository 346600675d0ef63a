package dev.lanes.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link GemmBenchmark} on the scalar kernels: the same code in a fork that forces them. Run only its
 * {@code lanes} method (its {@code openblas} method repeats the one in {@link GemmBenchmark}).
 */
@Fork(value = 1, jvmArgsAppend = "-Dlanes.kernels=scalar")
public class GemmScalarBenchmark extends GemmBenchmark {
}
