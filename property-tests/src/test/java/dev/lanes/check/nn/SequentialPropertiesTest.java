package dev.lanes.check.nn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.Approx;
import dev.lanes.check.Floats;
import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Tanh;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequential against its parts: forward and backward are exactly the composition of the layers' own
 * passes (same kernels, same shapes, same order, so bit-identical), a smaller final batch matches a network
 * built for that batch, a seed fixes every parameter bit, and width mismatches name both layers.
 */
class SequentialPropertiesTest {

    static final Sizes BATCH = Sizes.MATRIX.named("batch").atLeast(1).atMost(9);
    static final Sizes WIDTH = Sizes.MATRIX.named("width").atLeast(1).atMost(17);

    /** Dense → activation → Dense → Maxout → Dense → Softmax, widths and activation from the case. */
    record Net(int[] w, int k, int activation, long seed) {
        Layer[] layers() {
            Layer act = switch (activation) {
                case 0 -> new Relu(w[1]);
                case 1 -> new Tanh(w[1]);
                case 2 -> new Sigmoid(w[1]);
                case 3 -> new LeakyRelu(w[1], 0.1f);
                default -> new PRelu(w[1]);
            };
            return new Layer[] {new Dense(w[0], w[1]), act, new Dense(w[1], w[2] * k), new Maxout(w[2], k),
                new Dense(w[2], w[3]), new Softmax(w[3])};
        }

        Sequential build(int maxBatch) {
            return Sequential.of(maxBatch, seed, layers());
        }
    }

    record Case(Net net, int batch, float[] x, float[] dOut, float[] g0) {
        @Override
        public String toString() {
            return "widths " + Arrays.toString(net.w) + " k=" + net.k + " activation " + net.activation + " batch "
                    + batch + " seed " + net.seed;
        }
    }

    static Case make(Rnd v, int[] s) {
        Net net = new Net(new int[] {s[1], s[2], s[3], s[4]}, 1 + v.nextInt(3), v.nextInt(5), v.nextLong());
        int batch = s[0];
        float[] x = fill(v, batch * s[1]);
        float[] dOut = fill(v, batch * s[4]);
        int params = net.build(1).parameters().size();
        return new Case(net, batch, x, dOut, fill(v, params));
    }

    static float[] fill(Rnd v, int n) {
        Rnd s = v.stream();
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = Floats.UNIT.next(s.at(i));
        }
        return a;
    }

    static Property<Case> property(String name) {
        return Property.of(name, SequentialPropertiesTest::make, BATCH, WIDTH.named("in"), WIDTH.named("h1"),
                WIDTH.named("h2"), WIDTH.named("out"));
    }

    @Test
    void forwardAndBackwardAreTheCompositionOfTheLayers() {
        property("Sequential = composition").check(c -> {
            Sequential net = c.net.build(c.batch);
            List<Layer> layers = net.layers();
            float[] out = net.forward(c.x, c.batch, true).clone();
            // gradients start non-zero: backward must accumulate onto them, never clear them
            System.arraycopy(c.g0, 0, net.parameters().gradients(), 0, c.g0.length);
            net.backward(c.dOut, c.batch);
            float[] viaNet = net.parameters().gradients().clone();

            float[][] acts = new float[layers.size() + 1][];
            acts[0] = c.x;
            for (int i = 0; i < layers.size(); i++) {
                acts[i + 1] = new float[c.batch * layers.get(i).outputWidth()];
                layers.get(i).forward(acts[i + 1], acts[i], c.batch, true);
            }
            assertBits("output", acts[layers.size()], out, out.length);
            System.arraycopy(c.g0, 0, net.parameters().gradients(), 0, c.g0.length);
            float[] d = c.dOut;
            for (int i = layers.size() - 1; i >= 0; i--) {
                float[] dx = i == 0 ? null : new float[c.batch * layers.get(i).inputWidth()];
                layers.get(i).backward(dx, d, acts[i], acts[i + 1], c.batch);
                d = dx;
            }
            assertBits("gradients", net.parameters().gradients(), viaNet, viaNet.length);
        });
    }

    /**
     * {@code zeroGradientsAndBackward} gives the bits of {@code zeroGradients} then {@code backward}, starting
     * from gradients full of NaN: a layer that added to a tensor it was meant to overwrite, or a tensor left
     * out of the zeroing and not written, would leave NaN. A second backward after it accumulates onto its
     * result exactly as after the separate calls.
     */
    @Test
    void zeroGradientsAndBackwardIsZeroingThenBackward() {
        property("zeroGradientsAndBackward").check(c -> {
            Sequential net = c.net.build(c.batch);
            net.forward(c.x, c.batch, true);
            float[] g = net.parameters().gradients();
            net.parameters().zeroGradients();
            net.backward(c.dOut, c.batch);
            float[] separate = g.clone();
            net.backward(c.dOut, c.batch);
            float[] twice = g.clone();
            Arrays.fill(g, Float.NaN);
            net.zeroGradientsAndBackward(c.dOut, c.batch);
            assertBits("gradients", g, separate, g.length);
            net.backward(c.dOut, c.batch);
            assertBits("gradients after another backward", g, twice, g.length);
            // with the input gradient: the same parameter gradients, and backward's dx
            float[] dx = new float[c.batch * net.inputWidth()];
            net.backward(c.dOut, c.batch, dx);
            float[] dxFused = new float[dx.length];
            Arrays.fill(g, Float.NaN);
            net.zeroGradientsAndBackward(c.dOut, c.batch, dxFused);
            assertBits("gradients, with dInput", g, separate, g.length);
            assertBits("dInput", dxFused, dx, dx.length);
        });
    }

    /** A bad call of zeroGradientsAndBackward is refused before any gradient is zeroed. */
    @Test
    void zeroGradientsAndBackwardZeroesNothingOnABadCall() {
        Sequential net = Sequential.of(4, 1, new Dense(3, 2), new Relu(2), new Dense(2, 2));
        float[] g = net.parameters().gradients();
        Arrays.fill(g, 7f);
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> net.zeroGradientsAndBackward(new float[8], 4));
        assertTrue(early.getMessage().contains("forward pass first"), early.getMessage());
        net.forward(new float[12], 4, true);
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> net.zeroGradientsAndBackward(new float[6], 3));
        assertTrue(rows.getMessage().contains("last forward pass ran 4"), rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.zeroGradientsAndBackward(new float[7], 4));
        IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
                () -> net.zeroGradientsAndBackward(new float[8], 4, new float[11]));
        assertTrue(shortInput.getMessage().contains("dInput"), shortInput.getMessage());
        for (int i = 0; i < g.length; i++) {
            Approx.same("gradient after a refused call", i, g[i], 7f);
        }
    }

    @Test
    void aSmallerFinalBatchMatchesANetworkBuiltForIt() {
        property("smaller final batch").check(c -> {
            int maxBatch = c.batch + 1 + (int) (Math.abs(c.net.seed) % 7);
            Sequential big = c.net.build(maxBatch);
            Sequential exact = c.net.build(c.batch);
            // a full batch first, so the big network's buffers hold stale rows past the small batch
            float[] full = new float[maxBatch * big.inputWidth()];
            Arrays.fill(full, 0.75f);
            big.forward(full, maxBatch, true);
            big.backward(new float[maxBatch * big.outputWidth()], maxBatch);

            int n = c.batch * big.outputWidth();
            assertBits("output", big.forward(c.x, c.batch, true), exact.forward(c.x, c.batch, true), n);
            big.parameters().zeroGradients();
            exact.parameters().zeroGradients();
            big.backward(c.dOut, c.batch);
            exact.backward(c.dOut, c.batch);
            assertBits("gradients", big.parameters().gradients(), exact.parameters().gradients(),
                    exact.parameters().size());
        });
    }

    @Test
    void theSameSeedGivesBitIdenticalParameters() {
        property("seeded initialisation").check(c -> {
            float[] a = c.net.build(c.batch).parameters().values();
            float[] b = c.net.build(c.batch).parameters().values();
            assertBits("parameters", a, b, a.length);
            Net other = new Net(c.net.w, c.net.k, c.net.activation, c.net.seed + 1);
            float[] d = other.build(c.batch).parameters().values();
            assertFalse(Arrays.equals(a, d), "another seed should give other weights");
        });
    }

    @Test
    void concurrentInferenceMatchesSequentialInference() throws InterruptedException {
        Sequential net = Sequential.of(4, 5, new Dense(6, 8), new Relu(8), new dev.lanes.nn.Dropout(8, 0.5),
                new Dense(8, 3), new Softmax(3));
        float[] x = new float[20 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        float[][] expected = buffers(net, 20);
        net.forward(expected, x, 20);
        float[][][] got = new float[4][][];
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            float[][] mine = buffers(net, 20);
            got[t] = mine;
            threads[t] = new Thread(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    net.forward(mine, x, 20);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (float[][] g : got) {
            assertBits("concurrent output", g[4], expected[4], 60);
        }
    }

    static float[][] buffers(Sequential net, int batch) {
        float[][] b = new float[net.layers().size()][];
        for (int i = 0; i < b.length; i++) {
            b[i] = new float[batch * net.layers().get(i).outputWidth()];
        }
        return b;
    }

    @Test
    void aWidthMismatchNamesBothLayers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(4, 1, new Dense(3, 5), new Relu(5), new Tanh(4)));
        assertTrue(e.getMessage().contains("Relu(5 → 5)") && e.getMessage().contains("Tanh(4 → 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequential.of(4, 1, new Dense(3, 6), new Maxout(4, 2)));
        assertTrue(e.getMessage().contains("Dense(3 → 6)") && e.getMessage().contains("Maxout(8 → 4, k = 2)"),
                e.getMessage());
    }

    @Test
    void theSameLayerInstanceTwiceIsRejected() {
        Relu shared = new Relu(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(4, 1, new Dense(5, 5), shared, new Dense(5, 5), shared));
        assertTrue(e.getMessage().contains("layer 3") && e.getMessage().contains("layer 1"), e.getMessage());
    }

    static void assertBits(String what, float[] actual, float[] expected, int n) {
        for (int i = 0; i < n; i++) {
            Approx.same(what, i, actual[i], expected[i]);
        }
    }

    /**
     * Two threads share one network's own buffers (forward with training off, as a service might call it): a
     * call that overlaps another is refused with a ConcurrentModificationException naming the network and the
     * other thread. (Rows are not compared: forward returns the network's own buffer, which the other thread
     * may overwrite right after a call returns, with or without the guard.) The threads run until a refusal is
     * seen, within 20 s; a call takes tens of microseconds, so they overlap within milliseconds.
     */
    @Test
    void aNetworkSharedByTwoThreadsRefusesOverlappingCalls() throws Exception {
        Sequential shared = Sequential.of(16, 4, new Dense(64, 256), new Relu(256), new Dense(256, 64));
        float[] x = new float[16 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.37);
        }
        float[] expected = Arrays.copyOf(shared.forward(x, 16, false), 16 * 64);
        java.util.concurrent.atomic.AtomicReference<String> refusal = new java.util.concurrent.atomic.AtomicReference<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        onTwoThreads("sharer-", id -> {
            while (refusal.get() == null && System.nanoTime() < deadline) {
                try {
                    shared.forward(x, 16, false);
                } catch (java.util.ConcurrentModificationException e) {
                    refusal.compareAndSet(null, e.getMessage());
                }
            }
        });
        String m = refusal.get();
        assertTrue(m != null, "no overlap detected in 20 s");
        assertTrue(m.startsWith("this Sequential is in use by another thread ('sharer-") && m.contains(
                "it is not thread-safe: give each thread its own network"), m);
        assertTrue(Arrays.equals(expected, Arrays.copyOf(shared.forward(x, 16, false), 16 * 64)),
                "usable again by one thread");
    }

    /**
     * The caller-buffer forward is safe from many threads even on a network given threads of its own: each
     * call runs on its caller (the network's team serves one caller, and its Dense layers' fields hold one
     * run), with the bits of the one-thread forward. Two threads, 2000 calls each.
     */
    @Test
    void callerBufferInferenceIsConcurrentOnANetworkWithThreads() throws Exception {
        Sequential net = Sequential.of(16, 4, new Dense(64, 256), new Relu(256), new Dense(256, 64));
        float[][] x = new float[2][16 * 64];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] = (float) Math.cos(i * (t + 2) * 0.13);
            }
        }
        float[][] expected = new float[2][];
        for (int t = 0; t < 2; t++) {
            expected[t] = Arrays.copyOf(net.forward(x[t], 16, false), 16 * 64);
        }
        net.threads(2);
        try {
            onTwoThreads("inference-", id -> {
                float[][] buffers = {new float[16 * 256], new float[16 * 256], new float[16 * 64]};
                for (int n = 0; n < 2000; n++) {
                    net.forward(buffers, x[id], 16);
                    if (!Arrays.equals(buffers[2], expected[id])) {
                        throw new AssertionError("thread " + id + ", call " + n + ": other rows");
                    }
                }
            });
        } finally {
            net.threads(1);
        }
    }

    /** Runs body(0) and body(1) on two threads started together; rethrows the first failure. */
    private static void onTwoThreads(String name, java.util.function.IntConsumer body) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    body.accept(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + t);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
