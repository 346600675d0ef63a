package dev.lanes.check.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.MemoryLimitException;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import dev.lanes.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Batch inference on several threads: the rows are split among sessions of the same model, and a row's output
 * does not depend on the rows computed with it, so the outputs are the same bits as one thread's — checked
 * for row counts around the split boundaries (multiples of 8) and the chunk size (maxBatch), under the kernels
 * of the JVM running the suite.
 */
class SessionThreadsTest {

    static final int WIDTH = 300;

    static Model model() {
        // 300·128 + … ≥ 4 · 2¹⁶ / 16 multiply-adds per row: a batch of 16 rows splits on up to four threads
        // (Session splits only when every thread gets Workers.MIN_WORK).
        return Model.of(Sequential.of(1, 21, new Dense(WIDTH, 128), new Relu(128), new Dense(128, 48), new Relu(48),
                new Dense(48, 10), new Softmax(10)));
    }

    static float[] inputs(int rows, int width) {
        Rng rng = new Rng(rows);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    @Test
    void anyNumberOfThreadsGivesOneThreadsBits() {
        Model model = model();
        for (int maxBatch : new int[] {1, 7, 32, 256}) {
            Session one = model.newSession(maxBatch);
            Session[] many = {model.newSession(maxBatch).threads(2), model.newSession(maxBatch).threads(3),
                    model.newSession(maxBatch).threads(4)};
            for (int rows : new int[] {1, 15, 16, 17, 33, 64, 100, 255, 256, 257, 1000}) {
                float[] x = inputs(rows, WIDTH);
                float[] expected = new float[rows * 10];
                one.predictBatch(x, rows, expected);
                for (Session s : many) {
                    float[] got = new float[rows * 10];
                    Arrays.fill(got, Float.NaN);
                    s.predictBatch(x, rows, got);
                    assertArrayEquals(expected, got, rows + " rows, maxBatch " + maxBatch + ", " + s.threads()
                            + " threads");
                }
            }
            for (Session s : many) {
                s.threads(1);
                assertEquals(1, s.threads());
            }
        }
    }

    @Test
    void inPlaceStillWorksWithThreads() {
        Model model = model();
        Session s = model.newSession(8).threads(2);
        int rows = 40;
        float[] x = inputs(rows, WIDTH);
        float[] expected = new float[rows * 10];
        model.newSession(8).predictBatch(x, rows, expected);
        float[] buf = Arrays.copyOf(x, rows * WIDTH);
        s.predictBatch(buf, rows, buf);
        assertArrayEquals(expected, Arrays.copyOf(buf, rows * 10));
        s.threads(1);
    }

    @Test
    void theThreadsBuffersTogetherStayWithinTheSessionsMemoryLimit() {
        Model model = model();
        // What one session's buffers take: the needed bytes a 1-byte limit reports.
        long one = assertThrows(MemoryLimitException.class, () -> model.newSession(64, 1)).needed();
        Session s = model.newSession(64, 3 * one); // room for three sets of buffers
        s.threads(3);
        assertEquals(3, s.threads());
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> s.threads(4));
        assertEquals(4 * one, e.needed());
        assertEquals(3 * one, e.limit());
        assertTrue(e.getMessage().startsWith("a session on 4 threads for batches of 64 rows of "), e.getMessage());
        assertTrue(e.getMessage().contains("4 sets of buffers, one per thread, of " + one + " bytes"), e.getMessage());
        assertEquals(3, s.threads(), "a refused thread count leaves the session as it was");
        int rows = 100;
        float[] x = inputs(rows, WIDTH);
        float[] expected = new float[rows * 10];
        float[] got = new float[rows * 10];
        model.newSession(64).predictBatch(x, rows, expected);
        s.predictBatch(x, rows, got);
        assertArrayEquals(expected, got);
        s.threads(1);
    }

    @Test
    void threadCountsOutsideTheRangeAreRefused() {
        Session s = model().newSession(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.threads(0));
        assertEquals("threads must be in [1, 256], got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.threads(257));
    }
}
