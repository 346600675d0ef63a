package dev.lanes.bench;

import dev.lanes.io.AtomicFile;
import dev.lanes.kernels.KernelInfo;
import dev.lanes.kernels.Kernels;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The performance study: a fixed selection of benchmarks, parameters and JMH settings, run as one, with every
 * benchmark under {@code -prof gc}. Writes {@code study-<name>-<timestamp>.json} (JMH's JSON, all parts in
 * one array) and a {@code .properties} file beside it recording the machine, JDK, kernels and command, which
 * the report ({@code dev.lanes.bench.report.Report}) reads. Two studies:
 * <ul>
 *   <li>{@code quick} (about 15 minutes): every target of docs/benchmarks.md at the sizes that decide it —
 *       GEMM against OpenBLAS and EJML, inference against ONNX Runtime, training steps, and the kernel
 *       twins at tiny and L1 sizes — with 2 forks, so run-to-run spread is measured, and short iterations;
 *   <li>{@code full} (about 90 minutes): every benchmark at every default size, 2 forks, longer iterations.
 * </ul>
 * Parameters differ per group of benchmarks (JMH applies a parameter to every benchmark that has one of that
 * name), so each group is its own JMH run; the results are merged into one file.
 *
 * <p>Usage: {@code Study quick|full [--results DIR] [--command TEXT]}.
 */
public final class Study {

    /**
     * One JMH run of the study: the benchmarks (a regexp), whether they are heavy (networks and GEMM: many
     * large methods for C2 to compile, so a longer warm-up), and the parameters they run with.
     */
    record Part(String include, boolean heavy, String... params) {}

    private Study() {}

    static List<Part> parts(String study) {
        return switch (study) {
            case "quick" -> List.of(
                    new Part("PeakBenchmark", false),
                    // \b: JMH matches the regexp anywhere in a name; PackedGemmBenchmark has a part of its own.
                    new Part("\\bGemmBenchmark", true,
                            "shape", "128x128x128,256x256x256,512x512x512,1024x1024x1024,1x784x128,32x784x128,"
                                    + "256x784x128"),
                    new Part("PackedGemmBenchmark.lanesPacked", true,
                            "shape", "512x512x512,1024x1024x1024,1x784x128,32x784x128,256x784x128"),
                    new Part("OnnxRuntimeBenchmark", true),
                    new Part("TrainingStepBenchmark", true),
                    new Part("(DotBenchmark|ElementwiseBenchmark.*axpy|ReductionBenchmark.*sum$|"
                            + "ReluBenchmark.*relu$|TranscendentalBenchmark.*exp)", false, "n", "4,8,13,16,24,32,1024"),
                    new Part("SoftmaxBenchmark.*softmaxRows", false, "shape", "1x10,32x3,32x10,256x128"));
            case "full" -> List.of(
                    new Part("PeakBenchmark", false),
                    new Part("\\bGemmBenchmark", true),
                    new Part("PackedGemmBenchmark", true,
                            "shape", "64x64x64,128x128x128,256x256x256,512x512x512,1024x1024x1024,1x784x128,"
                                    + "32x784x128,256x784x128,300x2x100,NT:32x128x784,NT:512x512x512"),
                    new Part("GemmScalarBenchmark", true),
                    new Part("OnnxRuntimeBenchmark", true),
                    new Part("InferenceBenchmark", true),
                    new Part("TrainingStepBenchmark", true),
                    new Part("(DotBenchmark|ElementwiseBenchmark|ReductionBenchmark|ReluBenchmark|"
                            + "TranscendentalBenchmark|CopyBenchmark)", false),
                    new Part("(MaxoutBenchmark|SoftmaxBenchmark|RowsBenchmark)", false),
                    new Part("CoreToCoreBenchmark", false),
                    new Part("GatherBenchmark", false));
            default -> throw new IllegalArgumentException("unknown study '" + study + "': use quick or full");
        };
    }

    /**
     * JMH settings per study and part. Warm-up must outlast C2: a training step of the MLP touches every kernel
     * and GEMM path, and with 3 × 300 ms of warm-up its measured iterations still ran partly interpreted code
     * (vectors on the heap: 23 KB per step, times scattered by 9×); from the fourth 500 ms iteration on they
     * were steady and allocation-free. Heavy parts therefore warm up for 3 s (quick) or 5 s (full). Light parts
     * (single kernels) had 3 × 300 ms: on a machine shared with a build, the first measured iteration of the
     * SIMD exp at n = 32 still ran at 6.1 µs (18.6 ns once compiled) and allocated, so they now warm up for
     * 5 × 300 ms (quick) or 6 × 500 ms (full).
     */
    static ChainedOptionsBuilder settings(String study, Part part) {
        ChainedOptionsBuilder o = new OptionsBuilder().forks(2).addProfiler(GCProfiler.class).shouldFailOnError(true);
        boolean quick = study.equals("quick");
        int warmups = part.heavy() ? (quick ? 6 : 10) : (quick ? 5 : 6);
        TimeValue warmup = TimeValue.milliseconds(part.heavy() ? 500 : quick ? 300 : 500);
        return o.warmupIterations(warmups).warmupTime(warmup)
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.milliseconds(500));
    }

    /**
     * Environment variables that make OpenBLAS run below its best on the machines the study runs on:
     * OPENBLAS_CORETYPE forces a core type (this workplace sets Haswell, which hides the AVX-512 kernels of a
     * newer CPU) and OPENBLAS_L2_SIZE overrides the cache size its blocking uses. The study removes both for
     * itself and its forks (never for tests), so the peer runs at its own best, and records the core it ran.
     */
    static final List<String> OPENBLAS_OVERRIDES = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    public static void main(String[] args) throws Exception {
        if (OPENBLAS_OVERRIDES.stream().anyMatch(v -> System.getenv(v) != null)) {
            System.exit(withoutOpenblasOverrides(args)); // the forks inherit the environment of this JVM
        }
        if (args.length < 1) {
            System.err.println("usage: Study quick|full [--results DIR] [--command TEXT]");
            System.exit(2);
        }
        String study = args[0];
        Path dir = Path.of("results");
        String command = "dev.lanes.bench.Study " + study;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--results" -> dir = Path.of(args[i + 1]);
                case "--command" -> command = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Part> parts = parts(study);
        Files.createDirectories(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path json = dir.resolve("study-" + study + "-" + stamp + ".json");
        Path meta = dir.resolve("study-" + study + "-" + stamp + ".properties");
        String started = LocalDateTime.now().toString();

        List<RunResult> results = new ArrayList<>();
        for (Part part : parts) {
            ChainedOptionsBuilder o = settings(study, part).include(part.include());
            for (int p = 0; p + 1 < part.params().length; p += 2) {
                o.param(part.params()[p], part.params()[p + 1].split(","));
            }
            try {
                results.addAll(new Runner(o.build()).run());
            } catch (RunnerException e) {
                System.err.println("ERROR in study part " + part.include() + ": " + e.getMessage());
                throw e;
            }
        }
        // Metadata first, JSON last: the report takes the newest study-*.json, which is then complete.
        writeMetadata(meta, study, command, started);
        writeJson(json, results);
        System.out.println();
        System.out.print(DerivedUnits.table(results));
        System.out.println("Study results: " + json.toAbsolutePath());
    }

    /** Runs this study again in a child JVM (same java, arguments and class path) without the overrides. */
    private static int withoutOpenblasOverrides(String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Study.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder child = new ProcessBuilder(command).inheritIO();
        for (String v : OPENBLAS_OVERRIDES) {
            System.out.println("Study: running without " + v + "=" + child.environment().remove(v)
                    + " so that OpenBLAS picks its own kernels for this CPU");
        }
        return child.start().waitFor();
    }

    private static void writeJson(Path json, Collection<RunResult> results) throws IOException {
        AtomicFile.write(json, out -> {
            PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
            ResultFormatFactory.getInstance(ResultFormatType.JSON, print).writeOut(results);
            print.flush();
        });
    }

    private static void writeMetadata(Path file, String study, String command, String started) throws IOException {
        KernelInfo kernels = Kernels.describe();
        Properties p = new Properties();
        p.setProperty("study", study);
        p.setProperty("command", command);
        p.setProperty("cpu", cpuModel());
        p.setProperty("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        p.setProperty("vectorBits", Integer.toString(kernels.vectorBits()));
        p.setProperty("floatLanes", Integer.toString(kernels.floatLanes()));
        p.setProperty("kernels", kernels.toString());
        p.setProperty("openblasCore", OpenblasCore.name());
        p.setProperty("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.name") + ")");
        p.setProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        p.setProperty("started", started);
        p.setProperty("finished", LocalDateTime.now().toString());
        AtomicFile.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            p.store(w, "Lanes performance study: machine and settings");
            w.flush();
        });
    }

    /** The CPU's model name from /proc/cpuinfo (Linux), else the architecture. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: fall through.
        }
        return System.getProperty("os.arch") + " (model not readable)";
    }
}
