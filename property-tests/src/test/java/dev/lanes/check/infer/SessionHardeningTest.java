package dev.lanes.check.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.MemoryLimit;
import dev.lanes.infer.MemoryLimitException;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The core API under hostile and unlucky calls: topK's cost, in-place predictBatch, sizes past int, null
 * arguments, the session memory limit and a session shared by two threads.
 */
class SessionHardeningTest {

    /** A model 1 → width whose output for input 1 is exactly {@code outputs} (W = 0, b = outputs). */
    private static Model constantOutputs(float[] outputs) {
        Sequential net = Sequential.of(1, 0, new Dense(1, outputs.length));
        float[] v = net.parameters().values();
        Arrays.fill(v, 0f);
        System.arraycopy(outputs, 0, v, v.length - outputs.length, outputs.length); // W (1 × n) then b (n)
        return Model.of(net);
    }

    /** topK by sorting: value descending, NaN last, ties by index. */
    private static int[] oracle(float[] y, int k) {
        Integer[] idx = new Integer[y.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            boolean na = Float.isNaN(y[a]), nb = Float.isNaN(y[b]);
            if (na != nb) return na ? 1 : -1;
            if (!na && y[a] != y[b]) return y[a] > y[b] ? -1 : 1;
            return Integer.compare(a, b);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        return out;
    }

    @Test
    void topKMatchesASortWithTiesNansAndInfinities() {
        Random rng = new Random(5);
        float[] pool = {1f, -1f, 0f, 2.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 7f};
        for (int trial = 0; trial < 200; trial++) {
            float[] y = new float[1 + rng.nextInt(40)];
            for (int i = 0; i < y.length; i++) y[i] = pool[rng.nextInt(pool.length)];
            Session s = constantOutputs(y).newSession(1);
            float[] outputs = s.predict(new float[] {1f}); // y: 0·1 + b = b for every b in the pool
            int k = 1 + rng.nextInt(y.length);
            int[] classes = new int[k];
            float[] scores = new float[k];
            s.topK(new float[] {1f}, k, classes, scores);
            int[] expected = oracle(outputs, k);
            assertArrayEquals(expected, classes, () -> Arrays.toString(outputs) + " k=" + k);
            for (int j = 0; j < k; j++) {
                assertEquals(Float.floatToRawIntBits(outputs[expected[j]]), Float.floatToRawIntBits(scores[j]));
            }
        }
    }

    /**
     * k = 2000 of 50 000 outputs. Selection by rank after the previous pick costs k · n = 10^8 comparisons; the
     * former scan of the k picks per entry cost k²·n/2 = 10^11 (tens of seconds). The 10 s bound leaves the
     * linear version a margin of more than 10× on a loaded machine and fails the quadratic one.
     */
    @Test
    void topKIsLinearInK() {
        int n = 50_000, k = 2000;
        float[] y = new float[n];
        Random rng = new Random(9);
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(1000); // many ties
        Session s = constantOutputs(y).newSession(1);
        int[] classes = new int[k];
        float[] scores = new float[k];
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> s.topK(new float[] {1f}, k, classes, scores));
        assertArrayEquals(oracle(y, k), classes);
    }

    @Test
    void predictBatchInPlaceEqualsSeparateArrays() {
        // out > in (2 → 5), out < in (5 → 2) and out = in (3 → 3); 9 rows through a maxBatch of 4: three chunks.
        int[][] shapes = {{2, 5}, {5, 2}, {3, 3}};
        for (int[] shape : shapes) {
            int in = shape[0], out = shape[1], rows = 9;
            Model m = Model.of(Sequential.of(1, 3, new Dense(in, 8), new Relu(8), new Dense(8, out)));
            Session s = m.newSession(4);
            float[] x = SessionTest.inputs(rows, in, 2);
            float[] expected = new float[rows * out];
            s.predictBatch(x, rows, expected);
            float[] buf = Arrays.copyOf(x, rows * Math.max(in, out));
            s.predictBatch(buf, rows, buf);
            assertArrayEquals(expected, Arrays.copyOf(buf, rows * out), in + " → " + out);
        }
    }

    @Test
    void sizesPastIntAreArgumentErrorsNamingTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(Integer.MAX_VALUE, 0, new Dense(2, 3)));
        assertTrue(e.getMessage().contains("maxBatch × layer 0's input width = 2147483647 × 2 = 4294967294"), e.getMessage());
        Dropout d = new Dropout(1 << 16, 0.5f);
        e = assertThrows(IllegalArgumentException.class, () -> d.allocate(1 << 16));
        assertTrue(e.getMessage().contains("maxBatch × Dropout width = 65536 × 65536 = 4294967296"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Kernels.maxout(new float[1], 0, new float[1], 0, 1 << 12, 1 << 12, 1 << 8));
        assertTrue(e.getMessage().contains("m × units × k = 4096 × 4096 × 256"), e.getMessage());
        Model m = SessionTest.model();
        MemoryLimitException big = assertThrows(MemoryLimitException.class,
                () -> m.newSession(Integer.MAX_VALUE));
        assertTrue(big.getMessage().contains("for batches of 2147483647 rows"), big.getMessage());
        assertEquals(MemoryLimit.DEFAULT, big.limit());
    }

    @Test
    void theSessionMemoryLimitIsExactAndSettable() {
        // 4 → 32 (Dense) → Tanh → 32 → Relu fused into its Dense → 7: computed slots of 32 + 32 + 32 + 7 floats per
        // row... counted by the program; here the exact figure is checked against a limit one byte either side.
        Model m = SessionTest.model();
        long needed = assertThrows(MemoryLimitException.class, () -> m.newSession(64, 1)).needed();
        assertTrue(needed >= 4L * 64 * (4 + 7), "at least the chunk and the output: " + needed);
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> m.newSession(64, needed - 1));
        assertEquals(needed, e.needed());
        assertTrue(e.getMessage().contains(needed + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("-D" + MemoryLimit.PROPERTY), e.getMessage());
        m.newSession(64, needed); // exactly the limit
        String old = System.getProperty(MemoryLimit.PROPERTY);
        try {
            System.setProperty(MemoryLimit.PROPERTY, Long.toString(needed - 1));
            assertThrows(MemoryLimitException.class, () -> m.newSession(64));
            System.setProperty(MemoryLimit.PROPERTY, "2k");
            assertEquals(2048, MemoryLimit.current());
            System.setProperty(MemoryLimit.PROPERTY, "lots");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, MemoryLimit::current);
            assertTrue(bad.getMessage().contains("-Dlanes.session.maxBytes: 'lots' is not a size"), bad.getMessage());
        } finally {
            if (old == null) System.clearProperty(MemoryLimit.PROPERTY); else System.setProperty(MemoryLimit.PROPERTY, old);
        }
        assertEquals(3L << 30, MemoryLimit.parse("3G"));
        assertEquals(5L << 20, MemoryLimit.parse(" 5m "));
        assertEquals(7L << 10, MemoryLimit.parse("7k"));
        assertEquals(123, MemoryLimit.parse("123"));
        for (String bad : new String[] {"", "0", "-5", "1.5g", "9999999999g", "k", "12x"}) {
            assertThrows(IllegalArgumentException.class, () -> MemoryLimit.parse(bad), bad);
        }
    }

    @Test
    void nullArgumentsAreNamed() {
        Session s = SessionTest.model().newSession(2);
        float[] row = new float[4], out = new float[7];
        assertNpe("input is null", () -> s.predict(null, out));
        assertNpe("output is null", () -> s.predict(row, null));
        assertNpe("inputs is null", () -> s.predictBatch(null, 1, out));
        assertNpe("outputs is null", () -> s.predictBatch(row, 1, null));
        assertNpe("input is null", () -> s.argmax(null));
        assertNpe("classes is null", () -> s.topK(row, 1, null, new float[1]));
        assertNpe("scores is null", () -> s.topK(row, 1, new int[1], null));
        assertNpe("probs is null", () -> s.probabilities(row, null));
        assertNpe("file is null", () -> Model.fromBytes(null));
        assertNpe("file is null", () -> Model.load(null));
        assertNpe("trained is null", () -> Model.of(null));
        assertNpe("layers[1] is null", () -> Sequential.of(1, 0, new Dense(2, 2), null));
        assertNpe("file is null", () -> dev.lanes.infer.Checkpoint.fromBytes(null));
        assertNpe("file is null", () -> dev.lanes.data.CsvLoader.classification("y").load(null));
        assertNpe("labelColumn is null", () -> dev.lanes.data.CsvLoader.classification((String) null));
        assertNpe("images is null", () -> dev.lanes.data.IdxLoader.create().load(null));
    }

    private static void assertNpe(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(NullPointerException.class, call).getMessage());
    }

    /**
     * Two threads share one session. Every call either returns the right answer or is refused with a
     * ConcurrentModificationException; none returns a row mixed from both threads. They run until a refusal is
     * seen (within 20 s; each call takes tens of microseconds, so the threads overlap within milliseconds).
     */
    @Test
    void aSessionSharedByTwoThreadsRefusesInsteadOfMixingRows() throws Exception {
        Model m = Model.of(Sequential.of(1, 4, new Dense(64, 256), new Relu(256), new Dense(256, 64)));
        Session shared = m.newSession(16);
        float[][] x = {SessionTest.inputs(16, 64, 1), SessionTest.inputs(16, 64, 2)};
        float[][] expected = new float[2][16 * 64];
        for (int t = 0; t < 2; t++) m.newSession(16).predictBatch(x[t], 16, expected[t]);
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Throwable> wrong = new AtomicReference<>();
        CyclicBarrier start = new CyclicBarrier(2);
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                float[] y = new float[16 * 64];
                try {
                    start.await();
                    while (refused.get() == 0 && System.nanoTime() < deadline && wrong.get() == null) {
                        try {
                            shared.predictBatch(x[id], 16, y);
                            if (!Arrays.equals(y, expected[id])) {
                                wrong.set(new AssertionError("thread " + id + " got rows of the other thread"));
                            }
                        } catch (ConcurrentModificationException e) {
                            assertTrue(e.getMessage().contains("this Session is in use by another thread"));
                            refused.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    wrong.compareAndSet(null, e);
                }
            }, "sharer-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        if (wrong.get() != null) throw new AssertionError(wrong.get());
        assertTrue(refused.get() > 0, "no overlap detected in 20 s");
        float[] y = new float[16 * 64];
        shared.predictBatch(x[0], 16, y); // usable again by one thread
        assertArrayEquals(expected[0], y);
    }
}
