package dev.lanes.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two runs of one benchmark pool into one row whose spread spans both runs. */
class PoolTest {

    private static Measurement run(String source, double bytes, double... forkMeans) {
        List<double[]> forks = new java.util.ArrayList<>();
        double sum = 0;
        for (double f : forkMeans) {
            forks.add(new double[] {f, f});
            sum += f;
        }
        return new Measurement("dev.lanes.bench.X.m", Map.of("n", "4"), sum / forkMeans.length, forks, bytes, source,
                1e9);
    }

    @Test
    void forksArePooledAndTheSpreadCoversBothRuns() {
        // Run 1: forks 10 and 11 (spread 1/10.5); run 2 three hours later: forks 12 and 12.5.
        Measurement pooled = StudyResults.pool(run("a.json", 0.1, 10, 11), run("b.json", 0.3, 12, 12.5));
        assertEquals(4, pooled.forks().size());
        assertEquals((10 + 11 + 12 + 12.5) / 4, pooled.nanos(), 1e-12);
        // (largest fork mean − smallest) / mean of fork means = 2.5 / 11.375
        assertEquals(2.5 / 11.375, pooled.spread().relative(), 1e-12);
        assertEquals(0.3, pooled.bytesPerOp(), 0);
        assertEquals("a.json + b.json", pooled.source());
    }

    @Test
    void runsWithDifferentIterationCountsWeighByIterations() {
        Measurement three = new Measurement("dev.lanes.bench.X.m", Map.of(), 2, List.of(new double[] {2, 2, 2}),
                Double.NaN, "a.json", 1e9);
        Measurement one = new Measurement("dev.lanes.bench.X.m", Map.of(), 6, List.of(new double[] {6}),
                0.2, "b.json", 1e9);
        Measurement pooled = StudyResults.pool(three, one);
        assertEquals((3 * 2 + 6) / 4.0, pooled.nanos(), 1e-12);
        assertEquals(0.2, pooled.bytesPerOp(), 0);
    }
}
