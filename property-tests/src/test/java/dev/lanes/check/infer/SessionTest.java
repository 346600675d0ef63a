package dev.lanes.check.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.AllocationProbes;
import dev.lanes.check.InferenceAllocationProbe;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Tanh;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Session: concurrent sessions of one model agree bit for bit with a single thread; argmax, topK and
 * probabilities are what their javadoc says; lengths are validated; calls allocate nothing after warm-up.
 */
class SessionTest {

    static Model model() {
        return Model.of(Sequential.of(1, 11, new Dense(4, 32), new Tanh(32), new Dense(32, 32), new Relu(32),
                new Dense(32, 7)));
    }

    static float[] inputs(int rows, int width, long seed) {
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(seed + 0.37 * i) * 2;
        }
        return x;
    }

    @Test
    void eightThreadsAgreeBitForBitWithOneThread() throws Exception {
        Model model = model();
        int rows = 500;
        float[] x = inputs(rows, 4, 1);
        Session single = model.newSession(8);
        float[] expected = new float[rows * 7];
        for (int r = 0; r < rows; r++) {
            float[] row = java.util.Arrays.copyOfRange(x, 4 * r, 4 * r + 4);
            System.arraycopy(single.predict(row), 0, expected, 7 * r, 7);
        }
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 61; // each thread walks the rows from a different place, 20 rounds
                results.add(pool.submit(() -> {
                    Session s = model.newSession(8);
                    float[] row = new float[4];
                    float[] out = new float[7];
                    float[] got = new float[rows * 7];
                    start.await();
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < rows; i++) {
                            int r = (i + offset + round) % rows;
                            System.arraycopy(x, 4 * r, row, 0, 4);
                            s.predict(row, out);
                            if (round > 0 && !java.util.Arrays.equals(out, 0, 7, got, 7 * r, 7 * r + 7)) {
                                throw new AssertionError("row " + r + " changed between rounds");
                            }
                            System.arraycopy(out, 0, got, 7 * r, 7);
                        }
                    }
                    return got;
                }));
            }
            for (Future<float[]> f : results) {
                float[] got = f.get(120, TimeUnit.SECONDS);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), "element " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A session runs the model compiled (Dense + ReLU fused, weights packed), which sums each output in its
     * own order; it computes the network's forward pass to rounding. Each output is a short chain of float
     * dot products (width ≤ 32) through bounded activations, so 1e-5 relative is ample, as below; and both
     * a batch and its rows one at a time agree with the layers' forward pass to that.
     */
    @Test
    void sessionsComputeTheNetworksForwardPass() {
        Sequential net = Sequential.of(23, 11, new Dense(4, 32), new Tanh(32), new Dense(32, 32), new Relu(32),
                new Dense(32, 7));
        Model model = Model.of(net);
        float[] x = inputs(23, 4, 3);
        float[] layers = net.forward(x, 23, false).clone();
        float[] compiled = new float[23 * 7];
        model.newSession(23).predictBatch(x, 23, compiled);
        for (int i = 0; i < layers.length; i++) {
            assertEquals(layers[i], compiled[i], 1e-5f * Math.max(1, Math.abs(layers[i])), "element " + i);
        }
    }

    @Test
    void predictBatchChunksBeyondMaxBatch() {
        Model model = model();
        float[] x = inputs(23, 4, 2);
        float[] big = new float[23 * 7];
        model.newSession(23).predictBatch(x, 23, big);
        float[] chunked = new float[23 * 7];
        model.newSession(5).predictBatch(x, 23, chunked);
        // Chunks of 5 rows see a different GEMM shape; rows agree to rounding: each output is a short chain
        // of float dot products (width ≤ 32) through bounded activations, so 1e-5 relative is ample.
        for (int i = 0; i < big.length; i++) {
            assertEquals(big[i], chunked[i], 1e-5f * Math.max(1, Math.abs(big[i])), "element " + i);
        }
        // and the chunks themselves are exactly a batch of their own rows
        float[] last = new float[3 * 7];
        model.newSession(5).predictBatch(java.util.Arrays.copyOfRange(x, 20 * 4, 23 * 4), 3, last);
        assertArrayEquals(last, java.util.Arrays.copyOfRange(chunked, 20 * 7, 23 * 7));
    }

    @Test
    void argmaxTopKAndProbabilities() {
        // Dense(3 → 3) with W = I and b = 0 gives the input back, so the outputs are chosen directly.
        Sequential identity = Sequential.of(1, 1, new Dense(3, 3));
        float[] w = identity.parameters().values();
        java.util.Arrays.fill(w, 0f);
        w[0] = w[4] = w[8] = 1f;
        Session s = Model.of(identity).newSession(1);
        assertEquals(1, s.argmax(new float[] {0.5f, 2f, -1f}));
        assertEquals(0, s.argmax(new float[] {2f, 2f, 1f}), "ties go to the lower index");
        int[] classes = new int[3];
        float[] scores = new float[3];
        // NaN in x would reach every output through x·W, so the NaN comes from the bias of output 0 or 1.
        Sequential nan = Sequential.of(1, 1, new Dense(3, 3));
        System.arraycopy(w, 0, nan.parameters().values(), 0, w.length);
        nan.parameters().values()[9] = Float.NaN;
        assertEquals(2, Model.of(nan).newSession(1).argmax(new float[] {4f, -5f, 3f}), "NaN never wins");
        nan.parameters().values()[9] = 0f;
        nan.parameters().values()[10] = Float.NaN;
        Model.of(nan).newSession(1).topK(new float[] {0.5f, 9f, 0.5f}, 3, classes, scores);
        assertArrayEquals(new int[] {0, 2, 1}, classes, "ties to the lower index, NaN last");
        assertTrue(Float.isNaN(scores[2]));
        s.topK(new float[] {-1f, 4f, 2f}, 2, classes, scores);
        assertEquals(4f, scores[0]);
        assertEquals(2f, scores[1]);
        assertEquals(1, classes[0]);
        assertEquals(2, classes[1]);
        float[] p = new float[3];
        float[] logits = {1f, 2f, 3f};
        s.probabilities(logits, p);
        float[] expected = new float[3];
        Kernels.softmaxRows(expected, 0, 3, logits, 0, 3, 1, 3);
        assertArrayEquals(expected, p);

        Sequential withSoftmax = Sequential.of(1, 1, new Dense(3, 3), new Softmax(3));
        System.arraycopy(w, 0, withSoftmax.parameters().values(), 0, w.length);
        Session t = Model.of(withSoftmax).newSession(1);
        float[] q = new float[3];
        t.probabilities(logits, q);
        assertArrayEquals(expected, q, "a model ending in Softmax: its output, not a second softmax");
        assertArrayEquals(q, t.predict(logits));
    }

    @Test
    void lengthsAreValidated() {
        Session s = model().newSession(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.predict(new float[3]));
        assertTrue(e.getMessage().contains("input holds 3 floats") && e.getMessage().contains("4 wide"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.predict(new float[4], new float[6]));
        assertTrue(e.getMessage().startsWith("output holds 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.predictBatch(new float[8], 3, new float[21]));
        assertTrue(e.getMessage().startsWith("inputs holds 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.predictBatch(new float[12], 3, new float[20]));
        assertTrue(e.getMessage().startsWith("outputs holds 20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.predictBatch(new float[12], 0, new float[21]));
        e = assertThrows(IllegalArgumentException.class, () -> s.topK(new float[4], 8, new int[8], new float[8]));
        assertTrue(e.getMessage().contains("[1, 7]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.topK(new float[4], 3, new int[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> s.probabilities(new float[4], new float[6]));
        assertThrows(IllegalArgumentException.class, () -> model().newSession(0));
    }

    /**
     * After warm-up, predict(input, output), predictBatch (single pass and chunked), argmax, topK and
     * probabilities allocate exactly 0 bytes: InferenceAllocationProbe in a child JVM with -Xbatch, with
     * this JVM's kernels.
     */
    @Test
    void callsAllocateNothingAfterWarmUp() throws Exception {
        AllocationProbes.assertAllocatesNothing(InferenceAllocationProbe.class, 180);
    }
}
