package dev.lanes.bench.report;

import static dev.lanes.bench.report.Fixtures.P;
import static dev.lanes.bench.report.Fixtures.row;
import static dev.lanes.bench.report.Fixtures.study;
import static dev.lanes.bench.report.Fixtures.withBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.bench.report.Target.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static final Map<String, String> MLP_1 = Map.of("net", "mlp", "batch", "1");

    @Test
    void inferenceMetAndMissedByHowMuch() {
        Target met = Targets.inference(study(row(Names.SESSION, MLP_1, 10, 0.01),
                row(Names.SESSION_IMPORTED, MLP_1, 9, 0.01), row(Names.ONNX_RUNTIME, MLP_1, 60, 0.01)), "mlp", "1",
                5);
        assertEquals(Status.MET, met.status());
        assertTrue(met.measured().startsWith("6.00× ±2.0 %") && met.measured().contains("Session"), met.measured());

        Target missed = Targets.inference(study(row(Names.SESSION, MLP_1, 10, 0.01),
                row(Names.SESSION_IMPORTED, MLP_1, 10, 0.01), row(Names.ONNX_RUNTIME, MLP_1, 40, 0.01)), "mlp",
                "1", 5);
        assertEquals(Status.MISSED, missed.status());
        assertEquals("missed: 4.00× vs ≥ 5×, 20 % short", missed.verdict());
    }

    /** The lower of the two front ends decides: a slow imported session misses a target the Session meets. */
    @Test
    void inferenceTakesTheSlowerFrontEnd() {
        Target t = Targets.inference(study(row(Names.SESSION, MLP_1, 10, 0.01),
                row(Names.SESSION_IMPORTED, MLP_1, 20, 0.01), row(Names.ONNX_RUNTIME, MLP_1, 15, 0.01)), "mlp", "1",
                1);
        assertEquals(Status.MISSED, t.status());
        assertTrue(t.measured().startsWith("0.750×") && t.measured().contains("imported ONNX"), t.measured());
    }

    @Test
    void missingPeerIsNotMeasured() {
        Target t = Targets.inference(study(row(Names.SESSION, MLP_1, 10, 0.01),
                row(Names.SESSION_IMPORTED, MLP_1, 10, 0.01)), "mlp", "1", 5);
        assertEquals(Status.NOT_MEASURED, t.status());
        assertEquals("not measured", t.verdict());
        assertTrue(t.detail().contains("onnxruntime"), t.detail());
        // Batch 32 is not batch 1, and the spiral is not the MLP.
        Map<String, String> mlp32 = Map.of("net", "mlp", "batch", "32");
        assertEquals(Status.NOT_MEASURED, Targets.inference(study(row(Names.SESSION, mlp32, 10, 0.01),
                row(Names.SESSION_IMPORTED, mlp32, 10, 0.01), row(Names.ONNX_RUNTIME, mlp32, 60, 0.01)), "mlp", "1",
                5).status());
        assertEquals(Status.NOT_MEASURED, Targets.inference(study(row(Names.SESSION, MLP_1, 10, 0.01),
                row(Names.SESSION_IMPORTED, MLP_1, 10, 0.01), row(Names.ONNX_RUNTIME, MLP_1, 60, 0.01)), "spiral",
                "1", 5).status());
    }

    @Test
    void gemmAtNamedShapesTakesTheirMinimumAndNeedsAllOfThem() {
        StudyResults s = study(
                gemm(Names.GEMM_SIMD, "512x512x512", 1), gemm(Names.GEMM_OPENBLAS, "512x512x512", 1.1),
                gemm(Names.GEMM_SIMD, "1024x1024x1024", 1), gemm(Names.GEMM_OPENBLAS, "1024x1024x1024", 0.97),
                gemm(Names.GEMM_SIMD, "256x256x256", 1), gemm(Names.GEMM_OPENBLAS, "256x256x256", 0.5));
        Target t = Targets.gemmAt(s, Names.GEMM_OPENBLAS, "OpenBLAS", "square",
                java.util.List.of("512x512x512", "1024x1024x1024"), 0.95);
        assertEquals(Status.MET, t.status());
        assertTrue(t.measured().startsWith("0.970×") && t.measured().contains("1024x1024x1024"), t.measured());
        Target layers = Targets.gemmAt(s, Names.GEMM_OPENBLAS, "OpenBLAS", "layer shapes",
                java.util.List.of("1x784x128", "512x512x512"), 1.0);
        assertEquals(Status.NOT_MEASURED, layers.status());
        assertTrue(layers.detail().contains("1x784x128"), layers.detail());
    }

    @Test
    void gemmTakesTheMinimumOverLargeSquareShapesOnly() {
        StudyResults s = study(
                gemm(Names.GEMM_SIMD, "64x64x64", 1), gemm(Names.GEMM_EJML, "64x64x64", 2),      // too small
                gemm(Names.GEMM_SIMD, "128x128x128", 1), gemm(Names.GEMM_EJML, "128x128x128", 20),
                gemm(Names.GEMM_SIMD, "256x256x256", 1), gemm(Names.GEMM_EJML, "256x256x256", 16),
                gemm(Names.GEMM_SIMD, "NT:512x512x512", 1), gemm(Names.GEMM_EJML, "NT:512x512x512", 3),
                gemm(Names.GEMM_SIMD, "32x784x128", 1), gemm(Names.GEMM_EJML, "32x784x128", 3));
        Target t = Targets.gemm(s, Names.GEMM_EJML, "EJML", 128, 15);
        assertEquals(Status.MET, t.status());
        assertTrue(t.measured().startsWith("16.0×") && t.measured().contains("256x256x256"), t.measured());

        Target openblas = Targets.gemm(s, Names.GEMM_OPENBLAS, "OpenBLAS", 256, 0.95);
        assertEquals(Status.NOT_MEASURED, openblas.status());
    }

    @Test
    void gemmVsOpenBlasIgnoresShapesBelow256() {
        StudyResults s = study(gemm(Names.GEMM_SIMD, "128x128x128", 1), gemm(Names.GEMM_OPENBLAS, "128x128x128", 0.5),
                gemm(Names.GEMM_SIMD, "256x256x256", 1), gemm(Names.GEMM_OPENBLAS, "256x256x256", 0.89));
        Target t = Targets.gemm(s, Names.GEMM_OPENBLAS, "OpenBLAS", 256, 0.95);
        assertEquals(Status.MISSED, t.status());
        assertEquals("missed: 0.890× vs ≥ 0.95×, 6.3 % short", t.verdict());
    }

    @Test
    void simdNeverSlowerMet() {
        Target t = Targets.simdNotSlower(study(dot("Scalar", "13", 10), dot("Simd", "13", 8),
                dot("Scalar", "1024", 100), dot("Simd", "1024", 10)));
        assertEquals(Status.MET, t.status());
        assertTrue(t.measured().contains("Dot dot, n = 13"), t.measured());
    }

    @Test
    void simdSlowerWithinSpreadCountsAsEqual() {
        // 0.97 with spread 2 % + 2 %: 1 lies within 0.97 ± 3.9 %.
        Target t = Targets.simdNotSlower(study(row(P + "DotBenchmark.Scalar.dot", Map.of("n", "13"), 9.7, 0.02),
                row(P + "DotBenchmark.Simd.dot", Map.of("n", "13"), 10, 0.02)));
        assertEquals(Status.EQUAL_WITHIN_SPREAD, t.status());
        assertEquals("met: equal within spread", t.verdict());
    }

    @Test
    void simdSlowerBeyondSpreadIsMissedNamingTheKernel() {
        Target t = Targets.simdNotSlower(study(dot("Scalar", "1024", 100), dot("Simd", "1024", 10),
                row(P + "ReluBenchmark.Scalar.relu", Map.of("n", "13"), 8, 0.005),
                row(P + "ReluBenchmark.Simd.relu", Map.of("n", "13"), 10, 0.005)));
        assertEquals(Status.MISSED, t.status());
        assertTrue(t.verdict().startsWith("missed: 0.800× vs ≥ 1×, 20 % short"), t.verdict());
        assertTrue(t.detail().contains("Relu relu, n = 13"), t.detail());
    }

    @Test
    void simdWithoutTwinsIsNotMeasured() {
        // Network twins are not kernels; a lone twin has no pair.
        Map<String, String> p = Map.of("net", "mlp", "batch", "32");
        Target t = Targets.simdNotSlower(study(row(Names.TRAIN_SCALAR, p, 10, 0.01), row(Names.TRAIN_SIMD, p, 20, 0.01),
                dot("Simd", "13", 8)));
        assertEquals(Status.NOT_MEASURED, t.status());
    }

    @Test
    void zeroBytesCountsLanesRowsOnly() {
        Map<String, String> n = Map.of("n", "1024");
        Target met = Targets.noAllocation(study(withBytes(dot("Simd", "1024", 10), 0.49),
                withBytes(row(Names.ONNX_RUNTIME, MLP_1, 10, 0.01), 1200),
                withBytes(row(Names.COPY, n, 10, 0.01), 24),
                withBytes(row(Names.GEMM_OPENBLAS, Map.of("shape", "8x8x8"), 10, 0.01), 64)));
        assertEquals(Status.MET, met.status());

        Target missed = Targets.noAllocation(study(withBytes(dot("Simd", "1024", 10), 0.01),
                withBytes(row(Names.TRAIN_SIMD, Map.of("net", "mlp", "batch", "32"), 10, 0.01), 0.5)));
        assertEquals(Status.MISSED, missed.status());
        assertEquals("missed: 1 of 2 rows allocate", missed.verdict());
        assertTrue(missed.detail().contains("TrainingStepBenchmark.Simd.step (batch=32, net=mlp): 0.50 B/op"),
                missed.detail());
    }

    @Test
    void jmhsOwnAllocationPerIterationIsNotCountedAgainstLongBenchmarks() {
        // A 36 ms step, 1 s iterations: 27.8 calls share JMH's per-iteration bytes, so B/op × 27.8 is checked per
        // iteration (just within 16 KiB = 16384 B: 589 B/op is 16361 B); 600 B/op is 16667 B (beyond).
        Map<String, String> mlp = Map.of("net", "mlp", "batch", "256");
        double nanos = 36e6;
        Target jmhOnly = Targets.noAllocation(study(withBytes(row(Names.TRAIN_SIMD, mlp, nanos, 0.01), 589)));
        assertEquals(Status.MET, jmhOnly.status());
        Target real = Targets.noAllocation(study(withBytes(row(Names.TRAIN_SIMD, mlp, nanos, 0.01), 600)));
        assertEquals(Status.MISSED, real.status());
    }

    @Test
    void zeroBytesWithoutGcDataIsNotMeasured() {
        assertEquals(Status.NOT_MEASURED, Targets.noAllocation(study(dot("Simd", "1024", 10))).status());
    }

    private static Measurement gemm(String benchmark, String shape, double nanos) {
        return row(benchmark, Map.of("shape", shape), nanos, 0.01);
    }

    @Test
    void theWorstPairIsTheSlowestBeyondItsSpreadNotTheNoisiest() {
        // n = 4: 0.7× but its forks disagree by 80 % (within spread); n = 1024: 0.9× with 1 % + 1 % spread.
        Target t = Targets.simdNotSlower(study(
                row(P + "DotBenchmark.Scalar.dot", Map.of("n", "4"), 7, 0.4),
                row(P + "DotBenchmark.Simd.dot", Map.of("n", "4"), 10, 0.4),
                dot("Scalar", "1024", 90), dot("Simd", "1024", 100)));
        assertEquals(Status.MISSED, t.status());
        assertTrue(t.measured().contains("n = 1024"), t.measured());
        assertTrue(t.verdict().contains("1 of 2 pairs"), t.verdict());
    }

    private static Measurement dot(String twin, String n, double nanos) {
        return row(P + "DotBenchmark." + twin + ".dot", Map.of("n", n), nanos, 0.01);
    }
}
