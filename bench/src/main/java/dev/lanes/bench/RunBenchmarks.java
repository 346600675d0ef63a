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
import java.util.TreeSet;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * JMH's command line with three additions, used by the Maven {@code jmh} profile and the smoke run:
 * <ul>
 *   <li>without {@code -rff}, results go to {@code <lanes.bench.results>/jmh-<timestamp>.json} (JSON), and the
 *       folder is created;
 *   <li>after the run, a table of derived units (ns per element, GFLOPS, GB/s, bytes allocated per call) so
 *       the targets in docs/benchmarks.md can be read off directly;
 *   <li>with {@code -Dlanes.bench.startupCheck=true} (the smoke run in {@code mvn verify}), one line saying which
 *       benchmarks started and ran instead of that table: one 100 ms iteration without warm-up measures
 *       nothing, and a table of its figures would read as if it did.
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
            if (Boolean.getBoolean("lanes.bench.startupCheck")) {
                System.out.println(startupCheckLine(results));
                return;
            }
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
            int o = all.indexOf("-o");
            if (o >= 0 && o + 1 < all.size()) {
                System.err.println("JMH's output, with the benchmark's own error: " + Path.of(all.get(o + 1)).toAbsolutePath());
            }
            System.exit(1);
        }
    }

    private static String startupCheckLine(Collection<RunResult> results) {
        TreeSet<String> names = new TreeSet<>();
        for (RunResult r : results) {
            String b = r.getParams().getBenchmark();
            names.add(b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1));
        }
        return "JMH start-up check (not a measurement): " + results.size() + " benchmark runs started and finished: "
                + String.join(", ", names);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
