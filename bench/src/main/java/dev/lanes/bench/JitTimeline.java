package dev.lanes.bench;

import dev.lanes.data.Dataset;
import dev.lanes.data.IdxLoader;
import dev.lanes.data.Standardization;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adam;
import dev.lanes.optim.Schedules;
import dev.lanes.train.Training;
import dev.lanes.train.TrainingListener;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the JIT compiler meets a short training run: the Fashion-MNIST peer run's training (784-128-10 ReLU,
 * Adam from 1e-3 down a cosine, batch 64, the training rows standardised) in a fresh JVM, timed in blocks of
 * 100 steps, each block beside the CPU time the JIT's compiler threads took in it (Linux: the run time in
 * {@code /proc/self/task/TID/schedstat} of the threads named {@code C1/C2 CompilerThre…}, in nanoseconds,
 * compilations in progress included; without {@code /proc}, {@link CompilationMXBean#getTotalCompilationTime},
 * whole milliseconds counted when a compilation ends). A block is <em>quiet</em> when the compilers took under
 * {@value #QUIET_MS} ms of CPU in it and in the {@value #SETTLE_MS} ms before it: they left the cores to the
 * run, and any stretch the team ran alone after a compilation took a core from it ({@code Workers}' 50 ms) is
 * over. Run it once per thread count, in alternation (each run is its own JVM, as each {@code lanes train}
 * is; {@code bench/jit-timeline.sh} does): the later epochs' compiler time bounds what two threads can gain
 * over one, and the quiet blocks show what the split gives once the JIT is done. Prints every block (its
 * epoch, µs per step, slowest step, compiler ms) and a summary line of key=value pairs.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Xmn16m -cp
 * bench/target/benchmarks.jar dev.lanes.bench.JitTimeline THREADS [EPOCHS] [DIR]} (defaults 5 and
 * {@code /usr/share/datasets/fashion-mnist}; without the IDX files there, synthetic rows of the same shape).
 * The collector settings are {@code ./lanes}'s.
 */
public final class JitTimeline {

    private static final int BATCH = 64;
    private static final int BLOCK = 100;
    private static final double QUIET_MS = 0.5;
    private static final long SETTLE_MS = 60;
    private static final Path TASKS = Path.of("/proc/self/task");

    private JitTimeline() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: JitTimeline THREADS [EPOCHS] [DIR]");
        }
        int threads = TwoCores.count("threads", args[0], 1);
        int epochs = args.length > 1 ? TwoCores.count("epochs", args[1], 1) : 5;
        Path dir = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        Dataset train;
        String source;
        if (Files.isRegularFile(images)) {
            train = IdxLoader.create().load(images);
            source = images.toString();
        } else {
            train = Inputs.classes("synthetic", 60_000, 784, 10, 7);
            source = "synthetic rows (no " + images + ")";
        }
        train = Standardization.fit(train).applyReusing(train);
        Sequential net = Sequential.of(BATCH, 1, new Dense(train.width(), 128), new Relu(128),
                new Dense(128, train.targetWidth()));

        int steps = epochs * (train.rows() / BATCH + 1);
        int blocks = steps / BLOCK + 1;
        long[] blockEnd = new long[blocks + 1];
        long[] compileMs = new long[blocks + 1]; // compiler CPU nanoseconds so far
        long[] trainCpu = new long[blocks + 1]; // the training threads' CPU nanoseconds so far
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[][] workerIds = {new long[0]};
        long[] slowest = new long[blocks + 1];
        int[] blockEpoch = new int[blocks + 1];
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean proc = Files.isDirectory(TASKS);
        boolean timed = proc || jit != null && jit.isCompilationTimeMonitoringSupported();
        long[] last = {0};
        int[] count = {0};
        TrainingListener timeline = new TrainingListener() {
            @Override
            public void onStart(int epochs, int stepsPerEpoch, int trainRows) {
                last[0] = System.nanoTime();
                blockEnd[0] = last[0];
                compileMs[0] = compilerNanos(proc, jit, timed);
                // The team's workers are started by now (Training.fit sets the thread count first).
                workerIds[0] = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("lanes-worker-")).mapToLong(Thread::threadId).toArray();
                trainCpu[0] = trainingNanos(cpu, workerIds[0]);
            }

            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, float batchLoss) {
                long now = System.nanoTime();
                int b = count[0] / BLOCK + 1;
                if (b < slowest.length) {
                    slowest[b] = Math.max(slowest[b], now - last[0]);
                }
                last[0] = now;
                count[0]++;
                if (count[0] % BLOCK == 0 && b < blockEnd.length) {
                    blockEnd[b] = now;
                    compileMs[b] = compilerNanos(proc, jit, timed);
                    trainCpu[b] = trainingNanos(cpu, workerIds[0]);
                    blockEpoch[b] = epoch + 1;
                }
            }
        };
        Training.of(net, new SoftmaxCrossEntropy(), new Adam()).batchSize(BATCH).epochs(epochs).seed(1)
                .schedule(Schedules.cosine(1e-3f, 0f)).threads(threads).listener(timeline).fit(train);

        System.out.println("JitTimeline: " + threads + " thread(s), " + epochs + " epochs of " + source + "; "
                + dev.lanes.kernels.Kernels.describe() + "; compiler time " + (proc ? "from the compiler threads'"
                + " schedstat" : timed ? "from " + jit.getName() : "not available"));
        System.out.println("block  epoch  us/step  slowest_ms  compiler_ms");
        int full = Math.min(count[0] / BLOCK, blocks);
        double laterNanos = 0;
        double laterCompiler = 0;
        double laterTraining = 0;
        double quietSum = 0;
        int laterBlocks = 0;
        int quietBlocks = 0;
        for (int b = 1; b <= full; b++) {
            double us = (blockEnd[b] - blockEnd[b - 1]) / 1e3 / BLOCK;
            double ms = (compileMs[b] - compileMs[b - 1]) / 1e6;
            System.out.printf("%5d  %5d  %7.1f  %10.2f  %11.1f%n", b, blockEpoch[b], us, slowest[b] / 1e6, ms);
            if (blockEpoch[b] >= 2 && blockEpoch[b - 1] >= 2) { // a block wholly in the later epochs
                laterNanos += blockEnd[b] - blockEnd[b - 1];
                laterCompiler += ms;
                laterTraining += (trainCpu[b] - trainCpu[b - 1]) / 1e6;
                laterBlocks++;
                if (quiet(b, blockEnd, compileMs)) {
                    quietSum += us;
                    quietBlocks++;
                }
            }
        }
        // One line of key=value pairs for scripts (bench/jit-timeline.sh): the later epochs' blocks, their wall,
        // compiler and training-thread CPU milliseconds, µs per step over all of them and over the quiet ones.
        System.out.printf(java.util.Locale.ROOT, "summary: threads=%d later_blocks=%d later_ms=%.1f compiler_ms=%.1f"
                + " training_cpu_ms=%.1f us_per_step=%.1f quiet_blocks=%d quiet_us_per_step=%.1f%n", threads,
                laterBlocks, laterNanos / 1e6, laterCompiler, laterTraining,
                laterNanos / 1e3 / Math.max(1, laterBlocks * BLOCK), quietBlocks,
                quietBlocks == 0 ? Double.NaN : quietSum / quietBlocks);
    }

    /**
     * The CPU time of the training threads so far: the caller's and its team's workers' (their spinning
     * included), in nanoseconds.
     */
    private static long trainingNanos(java.lang.management.ThreadMXBean cpu, long[] workers) {
        long sum = cpu.getCurrentThreadCpuTime();
        for (long id : workers) {
            sum += Math.max(0, cpu.getThreadCpuTime(id));
        }
        return sum;
    }

    /** Whether block {@code b} is quiet: see the class comment. */
    private static boolean quiet(int b, long[] blockEnd, long[] compilerNanos) {
        long from = blockEnd[b - 1] - SETTLE_MS * 1_000_000;
        int first = b;
        while (first > 1 && blockEnd[first - 1] > from) {
            first--;
        }
        return compilerNanos[b] - compilerNanos[first - 1] < QUIET_MS * 1e6;
    }

    /**
     * The CPU time the JIT's compiler threads have taken so far, in nanoseconds: summed over the threads named
     * "C1 CompilerThre…"/"C2 CompilerThre…" (HotSpot starts and stops them as the queue grows and shrinks, so
     * the list is read each time; a thread that has ended takes its time with it, which can only make a block
     * look quieter by that thread's last moments). Allocates: called once per block, outside any step.
     */
    private static long compilerNanos(boolean proc, CompilationMXBean jit, boolean timed) {
        if (!proc) {
            return timed ? jit.getTotalCompilationTime() * 1_000_000 : 0;
        }
        long sum = 0;
        try (var tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String stat = Files.readString(task.resolve("schedstat")).trim();
                        sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sum;
    }
}
