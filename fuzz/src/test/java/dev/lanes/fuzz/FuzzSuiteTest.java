package dev.lanes.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every target under the in-project mutation fuzzer for {@code -Dlanes.fuzz.seconds} seconds each (default 10:
 * the short run CI makes, about a minute for the five), from the committed seeds; each prints its executions and
 * appends them to {@code target/fuzz-report.txt}. An input that escapes its reader's contract fails the test and is
 * written to {@code target/fuzz-findings/<target>/}; copied into the target's seed directory it becomes a
 * regression input, replayed by every run. {@code -Dlanes.fuzz.seed=N} repeats a run's mutations.
 */
class FuzzSuiteTest {

    static final Path SEEDS = Path.of("src/test/resources/dev/lanes/fuzz/JazzerTargetsInputs");

    static Stream<Target> targets() {
        String only = System.getProperty("lanes.fuzz.target", "");
        return Targets.all().stream().filter(t -> only.isEmpty() || only.equals(t.name()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void fuzz(Target target) throws IOException {
        long seconds = Long.getLong("lanes.fuzz.seconds", 10);
        long seed = Long.getLong("lanes.fuzz.seed", System.nanoTime());
        List<byte[]> seeds = Fuzzer.seeds(SEEDS.resolve(target.seeds()));
        assertFalse(seeds.isEmpty(), "no seeds in " + SEEDS.resolve(target.seeds()));
        Fuzzer.Report r = Fuzzer.run(target, seeds, seconds * 1_000_000_000L, seed, Path.of("target/fuzz-findings"));
        String line = r.line() + String.format(", -Dlanes.fuzz.seed=%d", seed);
        System.out.println(line);
        Files.writeString(Path.of("target/fuzz-report.txt"), line + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertTrue(r.accepted() > 0, "no input was accepted: the seeds do not reach past the first checks");
        assertTrue(r.findings().isEmpty(), r.findings().size() + " unexpected: " + String.join("\n\n", r.findings()));
    }
}
