package dev.lanes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * JMH's command line with two additions, used by the Maven {@code jmh} profile and the smoke run:
 * <ul>
 *   <li>without {@code -rff}, results go to {@code <lanes.bench.results>/jmh-<timestamp>.json} (JSON), and the
 *       folder is created;
 *   <li>after the run, a table of derived units (ns per element, GFLOPS, GB/s, bytes allocated per call) so
 *       the targets in docs/benchmarks.md can be read off directly.
 * </ul>
 * Listing options ({@code -l}, {@code -lp}, {@code -h}, ...) go straight to {@link Main}. Exits with 1 when
 * JMH reports an error, so a failing benchmark under {@code -foe true} fails the Maven build.
 */
public final class RunBenchmarks {

    private static final List<String> LISTING = List.of("-h", "-help", "-l", "-lp", "-lprof", "-lrf");

    private RunBenchmarks() {}

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (LISTING.contains(a)) {
                Main.main(args);
                return;
            }
        }
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.contains("-rff")) {
            Path dir = Path.of(System.getProperty("lanes.bench.results", "results"));
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            all.add(0, "-rf");
            all.add(1, "json");
            all.add(2, "-rff");
            all.add(3, dir.resolve("jmh-" + stamp + ".json").toString());
        }
        int rff = all.indexOf("-rff");
        if (rff + 1 < all.size()) {
            createParent(Path.of(all.get(rff + 1)));
        }
        try {
            Collection<RunResult> results = new Runner(new CommandLineOptions(all.toArray(new String[0]))).run();
            System.out.println();
            System.out.print(DerivedUnits.table(results));
            if (rff + 1 < all.size()) {
                System.out.println("Results: " + Path.of(all.get(rff + 1)).toAbsolutePath());
            }
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
        } catch (NoBenchmarksException e) {
            System.err.println("No benchmarks match " + all);
            System.exit(1);
        } catch (RunnerException e) {
            System.err.print("ERROR: ");
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
