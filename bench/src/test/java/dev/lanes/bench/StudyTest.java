package dev.lanes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The studies are run rarely (the full one takes over an hour), so a part that selects nothing or sets a
 * parameter its benchmarks lack would only show then. This checks both against the benchmark list JMH's
 * annotation processor generated, and that the quick study contains every benchmark a target reads.
 */
class StudyTest {

    private static final BenchmarkList LIST = BenchmarkList.defaultList();

    private static SortedSet<BenchmarkListEntry> select(String include) {
        return LIST.find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                List.of(include), List.of());
    }

    @Test
    void everyPartSelectsBenchmarksThatHaveItsParameters() {
        for (String study : List.of("quick", "full")) {
            for (Study.Part part : Study.parts(study)) {
                SortedSet<BenchmarkListEntry> found = select(part.include());
                assertFalse(found.isEmpty(), study + ": " + part.include() + " selects no benchmark");
                for (int p = 0; p < part.params().length; p += 2) {
                    String name = part.params()[p];
                    for (BenchmarkListEntry e : found) {
                        assertTrue(e.getParams().hasValue() && e.getParams().get().containsKey(name),
                                study + ": " + e.getUsername() + " has no parameter " + name);
                    }
                }
            }
        }
    }

    @Test
    void quickStudyHoldsWhatEveryTargetReads() {
        Set<String> names = new TreeSet<>();
        for (Study.Part part : Study.parts("quick")) {
            select(part.include()).forEach(e -> names.add(e.getUsername()));
        }
        for (String needed : List.of("GemmBenchmark.lanes", "GemmBenchmark.openblas", "GemmBenchmark.ejml",
                "PackedGemmBenchmark.lanesPacked", "PeakBenchmark.fmaThroughput", "OnnxRuntimeBenchmark.lanesImported",
                "OnnxRuntimeBenchmark.lanes", "OnnxRuntimeBenchmark.onnxruntime", "TrainingStepBenchmark.Simd.step",
                "TrainingStepBenchmark.Scalar.step", "DotBenchmark.Simd.dot", "DotBenchmark.Scalar.dot")) {
            assertTrue(names.contains("dev.lanes.bench." + needed), "quick study lacks " + needed + ": " + names);
        }
        assertFalse(names.contains("dev.lanes.bench.GemmScalarBenchmark.lanes"), "quick selects the scalar GEMM");
    }

    /** A benchmark in two parts would run twice (and its forks pooled as if from separate runs). */
    @Test
    void noBenchmarkIsInTwoPartsOfAStudy() {
        for (String study : List.of("quick", "full")) {
            Set<String> seen = new TreeSet<>();
            for (Study.Part part : Study.parts(study)) {
                select(part.include()).forEach(e -> assertTrue(seen.add(e.getUsername()),
                        study + ": " + e.getUsername() + " is selected by more than one part"));
            }
        }
    }

    @Test
    void fullStudySelectsEveryBenchmark() {
        Set<String> all = new TreeSet<>();
        select(".*").forEach(e -> all.add(e.getUsername()));
        Set<String> full = new TreeSet<>();
        for (Study.Part part : Study.parts("full")) {
            select(part.include()).forEach(e -> full.add(e.getUsername()));
        }
        assertEquals(all, full);
    }

    @Test
    void unknownStudyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.parts("fast"));
        assertTrue(e.getMessage().contains("quick or full"), e.getMessage());
    }
}
