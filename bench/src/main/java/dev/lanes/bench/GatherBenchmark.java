package dev.lanes.bench;

import dev.lanes.data.Batch;
import dev.lanes.data.Dataset;
import dev.lanes.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Gathering a training batch: 64 shuffled rows of a 60 000 × 784 set (Fashion-MNIST's shape, 188 MB), as the
 * training loop copies them at each step. {@code gather} copies the step's rows; {@code gatherAndPrefetch}
 * also calls {@code Dataset.prefetchColumns} on the next step's rows, as the training loop does, so that its
 * gather finds their first lines and address translations on the way. Between two gathers each call reads
 * {@code between} KiB of other memory, standing in for the rest of a training step (a 784-128-10 step at
 * batch 64 reads its weights, gradients, moments and activations: about 2 MiB), so that the caches hold
 * other data when the next gather starts; {@code between} alone is that stand-in's cost. A gather's cost is
 * a method's score minus {@code between}'s. Plain Java on one thread: no twins.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class GatherBenchmark {

    private static final int ROWS = 60_000;
    private static final int WIDTH = 784;
    private static final int BATCH = 64;

    @Param({"2048"})
    public int betweenKib;

    private Dataset set;
    private Batch batch;
    private int[] order;
    private float[] other;
    private int step;

    @Setup
    public void setup() {
        set = Inputs.classes("gather", ROWS, WIDTH, 10, 3);
        batch = set.newBatch(BATCH);
        order = new int[ROWS / BATCH * BATCH];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new Rng(5).shuffle(order, order.length);
        other = Inputs.uniform(betweenKib * 256, -1f, 1f, 7);
    }

    @Benchmark
    public float between() {
        return readOther();
    }

    @Benchmark
    public float gather() {
        int from = nextFrom();
        set.gather(batch, order, from, BATCH);
        return readOther() + batch.features()[0];
    }

    @Benchmark
    public float gatherAndPrefetch() {
        int from = nextFrom();
        set.gather(batch, order, from, BATCH);
        int next = (from + BATCH) % order.length;
        set.prefetchColumns(order, next, BATCH, 0, WIDTH);
        return readOther() + batch.features()[0];
    }

    private int nextFrom() {
        int from = step * BATCH;
        step = (step + 1) % (order.length / BATCH);
        return from;
    }

    // Reads one float of every 64-byte line of `other`.
    private float readOther() {
        float s = 0;
        for (int i = 0; i < other.length; i += 16) {
            s += other[i];
        }
        return s;
    }
}
