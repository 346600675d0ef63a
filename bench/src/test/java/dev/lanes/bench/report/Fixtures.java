package dev.lanes.bench.report;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Rows with known numbers, and the sample JMH file (two Dot twins and two GEMM rows of a real run). */
final class Fixtures {

    static final String P = "dev.lanes.bench.";

    private Fixtures() {}

    /**
     * A two-fork row whose fork means are nanos·(1 ∓ spread/2): mean {@code nanos}, spread exactly
     * {@code spread}, no allocation data.
     */
    static Measurement row(String benchmark, Map<String, String> params, double nanos, double spread) {
        return new Measurement(benchmark, params, nanos, List.of(new double[] {nanos * (1 - spread / 2)},
                new double[] {nanos * (1 + spread / 2)}), Double.NaN, "synthetic.json", 1e9);
    }

    static Measurement withBytes(Measurement m, double bytesPerOp) {
        return new Measurement(m.benchmark(), m.params(), m.nanos(), m.forks(), bytesPerOp, m.source(),
                m.iterationNanos());
    }

    static StudyResults study(Measurement... rows) {
        return new StudyResults(List.of(new ResultsFile(Path.of("synthetic.json"), List.of(rows), Map.of(), Map.of(),
                Map.of(), Map.of())), null);
    }

    static Path sample() {
        try {
            return Path.of(Fixtures.class.getResource("jmh-sample.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
