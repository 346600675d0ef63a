package dev.lanes.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The baseline of the element-wise kernels: {@code System.arraycopy} of n floats, one read and one write per
 * element (8 bytes), which the JVM turns into the machine's best copy loop. A kernel that reads one array and
 * writes another (relu, scale, exp, ...) cannot beat it; relu at "memory speed" means relu's GB/s at a size
 * beyond the caches (n = 4194304: 16 MiB per array) is close to this one's. Sizes as the kernel families.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CopyBenchmark {

    @Param({"4", "8", "13", "32", "256", "1024", "65536", "4194304"})
    public int n;

    private float[] x;
    private float[] out;

    @Setup
    public void setup() {
        x = Inputs.uniform(n, -1f, 1f, 1);
        out = new float[n];
    }

    @Benchmark
    public float[] copy() {
        System.arraycopy(x, 0, out, 0, n);
        return out;
    }
}
