package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** Placeholder so the module builds; the kernel twins replace it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DotBenchmark {
    @Param({"1024"})
    int n;
    float[] x, y;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        x = new float[n];
        y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = (float) r.nextDouble(-1, 1); y[i] = (float) r.nextDouble(-1, 1); }
    }

    @Benchmark
    public float dot() {
        return Kernels.dot(x, 0, y, 0, n);
    }
}
