package dev.lanes.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.*;

/**
 * The machine's single-core float peak as the Vector API reaches it: 16 independent fma chains on registers
 * only (no loads or stores in the loop), enough to cover the fma latency on both fma pipes of the CPUs seen
 * here. GFLOPS = 2 · 16 · lanes · 1024 / time. The GEMM figures are read against it: a product at 90 % of
 * this rate has little left to gain. The VM's reported clock is the nominal one, not the boost the cores run
 * at, so the peak is measured rather than computed from it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeakBenchmark {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Steps of the loop; each is 16 fmas of F.length() lanes. */
    public static final int STEPS = 1024;

    public float x = 0.999f;
    public float y = 1e-3f;

    /** Floating-point operations per call: 2 per lane per fma. */
    public static long flopsPerCall() {
        return 2L * 16 * F.length() * STEPS;
    }

    @Benchmark
    public float fmaThroughput() {
        FloatVector a = FloatVector.broadcast(F, x);
        FloatVector b = FloatVector.broadcast(F, y);
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
            c12 = c12.fma(a, b);
            c13 = c13.fma(a, b);
            c14 = c14.fma(a, b);
            c15 = c15.fma(a, b);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7)
                .add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15);
        return s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
