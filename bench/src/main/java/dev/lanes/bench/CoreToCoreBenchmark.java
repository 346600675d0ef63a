package dev.lanes.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Control;

/**
 * What it costs two cores to share data: the floor under every split of a training step or an inference call
 * across threads ({@code Workers}, docs/training.md, "Threads"). Plain Java, no Lanes code, so the figures
 * describe the machine and the JVM:
 * <ul>
 *   <li>{@code handOff}: two threads pass a flag back and forth (compare-and-set, spinning). An operation of
 *       either side ends when it takes the flag back, so its time is a round trip: what a run handed to a
 *       worker and its end seen by the caller cost at least.
 *   <li>{@code writeShared} / {@code readShared}: one thread writes one float per 64-byte line of a buffer of
 *       {@code kib} KiB while another keeps reading it, so every line the writer touches has to be taken back
 *       from the reader's cache (what a thread pays to overwrite the activations or weights another core read
 *       in the step before).
 *   <li>{@code writeAlone}: the same writes with no reader: the baseline.
 * </ul>
 * Run both on a machine with at least two free cores; JMH places the two threads of a group where the OS
 * puts them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreToCoreBenchmark {

    /** The flag passed between the two threads of {@code handOff}. */
    @State(Scope.Group)
    public static class Flag {
        final AtomicBoolean flag = new AtomicBoolean();
    }

    /** A buffer of {@code kib} KiB, one per thread. */
    @State(Scope.Thread)
    public static class Own {
        @Param({"64", "256"})
        public int kib;

        float[] buffer;

        @Setup
        public void setup() {
            buffer = new float[kib * 256];
        }
    }

    /** The same, one per group: the buffer one thread writes while the other reads it. */
    @State(Scope.Group)
    public static class Shared extends Own {}

    /** Takes the flag back from {@link #pong} and passes it on: one round trip per operation. */
    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void ping(Flag f, Control control) {
        pass(f, false, control);
    }

    /** The other side of {@link #ping}. */
    @Benchmark
    @Group("handOff")
    @GroupThreads(1)
    public void pong(Flag f, Control control) {
        pass(f, true, control);
    }

    /** Waits until the flag is {@code from}, then flips it (or until the iteration ends). */
    private static void pass(Flag f, boolean from, Control control) {
        while (!control.stopMeasurement && !f.flag.compareAndSet(from, !from)) {
            Thread.onSpinWait();
        }
    }

    /** Writes one float per cache line of the shared buffer, while {@link #readShared} reads it. */
    @Benchmark
    @Group("shared")
    @GroupThreads(1)
    public void writeShared(Shared s) {
        write(s.buffer);
    }

    /** Reads one float per cache line of the shared buffer; returns their sum so the reads stay. */
    @Benchmark
    @Group("shared")
    @GroupThreads(1)
    public float readShared(Shared s) {
        float[] b = s.buffer;
        float sum = 0f;
        for (int i = 0; i < b.length; i += 16) {
            sum += b[i];
        }
        return sum;
    }

    /** The same writes into a buffer no other thread reads. */
    @Benchmark
    public void writeAlone(Own o) {
        write(o.buffer);
    }

    private static void write(float[] b) {
        for (int i = 0; i < b.length; i += 16) {
            b[i] += 1f;
        }
    }
}
