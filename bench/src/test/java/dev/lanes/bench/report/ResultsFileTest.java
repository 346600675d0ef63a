package dev.lanes.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheSampleInNanoseconds() throws IOException {
        ResultsFile f = ResultsFile.read(Fixtures.sample());
        assertEquals(4, f.rows().size());

        Measurement gemm = f.rows().get(2);
        assertEquals(Fixtures.P + "GemmBenchmark.lanes", gemm.benchmark());
        assertEquals(Map.of("shape", "64x64x64"), gemm.params());
        // us/op in the file: 8.310366898092896 µs.
        assertEquals(8310.366898092896, gemm.nanos(), 1e-9);
        assertEquals(8016.834558028094, gemm.forks().get(0)[0], 1e-9);
        assertFalse(gemm.hasAllocation());

        Measurement simd = f.rows().get(1);
        assertEquals(73.2593941214087, simd.nanos(), 1e-12);
        assertEquals(0.000504298820503808, simd.bytesPerOp(), 1e-18);
        assertEquals("Simd", simd.twin());
        assertEquals("Dot", simd.family());
        assertEquals("dot", simd.method());
    }

    @Test
    void oneForkSpreadIsAcrossItsIterations() throws IOException {
        Measurement simd = ResultsFile.read(Fixtures.sample()).rows().get(1);
        double[] it = {71.10278554718698, 71.51326536668725, 79.60815830776194, 71.79819980529733,
            72.27456158011006};
        double mean = (it[0] + it[1] + it[2] + it[3] + it[4]) / 5;
        Spread s = simd.spread();
        assertTrue(s.withinFork());
        assertEquals((79.60815830776194 - 71.10278554718698) / mean, s.relative(), 1e-12);
    }

    @Test
    void twoForksSpreadIsBetweenForkMeansAndUnitsConvert() throws IOException {
        // ms/op; fork means 2 ms and 6 ms: spread (6 − 2) / 4 = 1.
        Path json = write("two-forks.json", row("dev.lanes.bench.X.m", "avgt", "ms/op", 4.0,
                "[[1.0, 3.0], [5.0, 7.0]]"));
        Measurement m = ResultsFile.read(json).rows().get(0);
        assertEquals(4e6, m.nanos(), 1e-6);
        assertEquals(List.of(1e6, 3e6), List.of(m.forks().get(0)[0], m.forks().get(0)[1]));
        assertEquals(1.0, m.spread().relative(), 1e-12);
        assertFalse(m.spread().withinFork());
    }

    @Test
    void secondsConvert() throws IOException {
        Path json = write("s.json", row("dev.lanes.bench.X.m", "avgt", "s/op", 0.5, "[[0.5]]"));
        Measurement m = ResultsFile.read(json).rows().get(0);
        assertEquals(5e8, m.nanos(), 1e-3);
        assertFalse(m.spread().known(), "one iteration in one fork: nothing to compare");
    }

    @Test
    void throughputIsRefusedNamingTheFile() throws IOException {
        Path json = write("thrpt.json", row("dev.lanes.bench.X.m", "thrpt", "ops/us", 3.0, "[[3.0]]"));
        ReportException e = assertThrows(ReportException.class, () -> ResultsFile.read(json));
        assertTrue(e.getMessage().contains("thrpt.json"), e.getMessage());
        assertTrue(e.getMessage().contains("Throughput"), e.getMessage());

        Path unit = write("unit.json", row("dev.lanes.bench.X.m", "avgt", "ops/s", 3.0, "[[3.0]]"));
        ReportException u = assertThrows(ReportException.class, () -> ResultsFile.read(unit));
        assertTrue(u.getMessage().contains("ops/s") && u.getMessage().contains("unit.json"), u.getMessage());
    }

    @Test
    void notJmhJsonIsRefused() throws IOException {
        Path json = write("object.json", "{\"benchmark\": \"x\"}");
        ReportException e = assertThrows(ReportException.class, () -> ResultsFile.read(json));
        assertTrue(e.getMessage().contains("object.json"), e.getMessage());
    }

    @Test
    void sidePropertiesAreUsedAndMissingOnesAreNotRecorded() throws IOException {
        Path json = write("study-quick-1.json", row("dev.lanes.bench.X.m", "avgt", "ns/op", 1.0, "[[1.0]]"));
        Files.writeString(dir.resolve("study-quick-1.properties"), "study=quick\ncpu=Test CPU\ncores=2\n");
        StudyResults s = StudyResults.read(List.of(json), null);
        assertEquals("quick", s.property("study"));
        assertEquals("Test CPU", s.property("cpu"));
        assertEquals(StudyResults.NOT_RECORDED, s.property("os"));
        assertEquals(StudyResults.NOT_RECORDED, s.command());
        // No jdk property: the JSON's own JDK and VM.
        assertEquals("25.0.3 (OpenJDK 64-Bit Server VM 25.0.3+9-LTS)", s.jdk());
        assertEquals("given", StudyResults.read(List.of(json), "given").command());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** A minimal JMH 1.37 row with one parameter-free benchmark. */
    private static String row(String benchmark, String mode, String unit, double score, String raw) {
        return """
                [{"jmhVersion": "1.37", "benchmark": "%s", "mode": "%s", "forks": 2,
                  "jdkVersion": "25.0.3", "vmName": "OpenJDK 64-Bit Server VM", "vmVersion": "25.0.3+9-LTS",
                  "warmupIterations": 1, "warmupTime": "1 s", "measurementIterations": 2,
                  "measurementTime": "1 s",
                  "primaryMetric": {"score": %s, "scoreError": "NaN", "scoreUnit": "%s", "rawData": %s},
                  "secondaryMetrics": {}}]
                """.formatted(benchmark, mode, score, unit, raw);
    }
}
