package dev.lanes.check.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.data.Dataset;
import dev.lanes.infer.Checkpoint;
import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Parameters;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Schedules;
import dev.lanes.random.Rng;
import dev.lanes.train.Training;
import dev.lanes.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Multi-threaded training gives the same bits for every thread count. A small Dense layer splits its
 * products by rows of the output (forward and dx by batch rows, dW by input rows), and a row's bits do not
 * depend on the split; a large one is cut into slices of its input rows by its shape alone (Parameters.slices),
 * each thread computes its slices' products, and the shares of y are added in a fixed tree. Optimizers, L2
 * and the zeroing of gradients run in each thread's slices, and an element's bits do not depend on the split.
 * Compared: whole runs' final checkpoints (parameters, every moment, generators), byte for byte, for every
 * optimizer, under the kernels of the JVM running the suite (scalar, and SIMD at each width the build runs).
 *
 * <p>The shapes are chosen so that the splits happen: Dense splits when batch·in·out ≥ 2¹⁶ per thread and
 * the split dimension has at least 16 rows. Here the first layer is 40 × 96 (a batch of 40: 153,600
 * multiply-adds, enough for 2 threads, and for 3 and 4 at the dW product whose 40 input rows also split), the
 * second 96 × 72 (276,480 at batch 40). The last batch of each epoch has 20 rows (not a multiple of 8).
 */
class ThreadsTest {

    static final int BATCH = 40;
    static final int EPOCHS = 3;

    /** 180 rows of 40 features, 5 classes, from a seed: 4 batches of 40 and one of 20 per epoch. */
    static final Dataset DATA = data(180, 40, 5, 5);

    /** Rows of Gaussian features, each row's class lifting every classes-th feature by 1, from a seed. */
    static Dataset data(int rows, int width, int classes, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * width];
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = r % classes;
            for (int c = 0; c < width; c++) {
                x[r * width + c] = (float) rng.nextGaussian() + (c % classes == y[r] ? 1f : 0f);
            }
        }
        return Dataset.classification("threads", x, width, y, classes);
    }

    static Sequential net() {
        return Sequential.of(BATCH, 9, new Dense(40, 96), new Relu(96), new Dropout(96, 0.1),
                new Dense(96, 72), new Relu(72), new Dense(72, 5));
    }

    /** The final checkpoint's bytes of a run on {@code threads} threads (0: the network's default). */
    static byte[] run(ResumeTest.Optim o, int threads) {
        List<Checkpoint> end = new ArrayList<>();
        Training t = Training.of(net(), new SoftmaxCrossEntropy(), o.make().get()).batchSize(BATCH).epochs(EPOCHS)
                .seed(3).schedule(Schedules.cosine(o.lr(), o.lr() / 10)).regularizer(new L2Regularization(1e-3f))
                .checkpoints(EPOCHS, end::add);
        if (threads > 0) {
            t.threads(threads);
        }
        t.fit(DATA);
        return end.get(0).toBytes();
    }

    @Test
    void everyOptimizerGivesTheSameBitsOnAnyNumberOfThreads() {
        for (ResumeTest.Optim o : ResumeTest.ALL) {
            byte[] one = run(o, 0);
            for (int threads = 1; threads <= 4; threads++) {
                assertArrayEquals(one, run(o, threads), o.name() + " on " + threads + " threads");
            }
        }
    }

    /**
     * A network whose large layers are cut into slices (Parameters.slices: 264 × 256 into 2, 256 × 128 into 2),
     * so training splits them by input rows and adds the shares of y in a tree; the second sliced layer also
     * computes dx by slices. Two optimizers (AdamW's decay reads the tensors inside each range) on 1 to 5
     * threads (5: more threads than slices) end in the same bytes.
     */
    @Test
    void slicedLayersGiveTheSameBitsOnAnyNumberOfThreads() {
        int width = 264, classes = 5;
        Dataset data = data(100, width, classes, 8);
        for (ResumeTest.Optim o : ResumeTest.ALL) {
            if (!o.name().startsWith("adam")) {
                continue;
            }
            byte[] one = null;
            for (int threads = 1; threads <= 5; threads++) {
                List<Checkpoint> end = new ArrayList<>();
                Sequential net = Sequential.of(BATCH, 9, new Dense(width, 256), new Relu(256), new Dropout(256, 0.1),
                        new Dense(256, 128), new Relu(128), new Dense(128, classes));
                Training.of(net, new SoftmaxCrossEntropy(), o.make().get()).batchSize(BATCH).epochs(2).seed(3)
                        .schedule(Schedules.cosine(o.lr(), o.lr() / 10))
                        .regularizer(new L2Regularization(1e-3f)).checkpoints(2, end::add).threads(threads).fit(data);
                byte[] bytes = end.get(0).toBytes();
                if (one == null) {
                    one = bytes;
                } else {
                    assertArrayEquals(one, bytes, o.name() + " with sliced layers on " + threads + " threads");
                }
            }
        }
    }

    /**
     * Dense alone, at batch sizes around the split boundaries (1 to 41 rows, input widths 16 to 100): y, dW,
     * db and dx on 2 and 3 threads against 1, bit for bit. Then layers cut into 2, 4 and 8 slices on 1 to 5
     * threads.
     */
    @Test
    void denseForwardAndBackwardDoNotDependOnTheSplit() {
        for (int in : new int[] {16, 23, 100}) {
            for (int out : new int[] {7, 64, 130}) {
                for (int batch = 1; batch <= 41; batch += 4) {
                    float[][] reference = null;
                    for (int threads = 1; threads <= 3; threads++) {
                        float[][] got = denseOnce(in, out, batch, threads, in * 131L + out);
                        if (reference == null) {
                            reference = got;
                        } else {
                            for (int i = 0; i < got.length; i++) {
                                assertArrayEquals(reference[i], got[i], "Dense(" + in + " → " + out + "), batch "
                                        + batch + ", " + threads + " threads, output " + i + " (y, gradients, dx)");
                            }
                        }
                    }
                }
            }
        }
        int[][] sliced = {{264, 128}, {520, 64}, {1040, 32}}; // 2, 4 and 8 slices
        for (int[] shape : sliced) {
            for (int batch = 1; batch <= 41; batch += 8) {
                float[][] reference = denseOnce(shape[0], shape[1], batch, 1, shape[0] * 131L + shape[1]);
                for (int threads = 2; threads <= 5; threads++) {
                    float[][] got = denseOnce(shape[0], shape[1], batch, threads, shape[0] * 131L + shape[1]);
                    for (int i = 0; i < got.length; i++) {
                        assertArrayEquals(reference[i], got[i], "Dense(" + shape[0] + " → " + shape[1] + "), batch "
                                + batch + ", " + threads + " threads, output " + i + " (y, gradients, dx)");
                    }
                }
            }
        }
    }

    /**
     * A sliced Dense layer (2, 4 and 8 slices) against an independent reference in double: y = x·W + b,
     * dW = xᵀ·dy, db = Σ_rows dy, dx = dy·Wᵀ, on 1 and 2 threads. The comparisons above hold the split to
     * the one-thread bits; this holds those bits to the formulas (a slice's rows, the shares' tree and the
     * bias gradient, which part 0 adds, included). Each entry is a sum of t terms, computed in float in some
     * order (chains over k, shares added in a tree): within γ_t·Σ|terms| of the exact sum, γ_t = t·u/(1 − t·u).
     */
    @Test
    void slicedDenseAgreesWithAnIndependentReference() {
        int[][] sliced = {{264, 128}, {520, 64}, {1040, 32}};
        for (int[] shape : sliced) {
            int in = shape[0];
            int out = shape[1];
            for (int batch : new int[] {1, 9, 33}) {
                for (int threads = 1; threads <= 2; threads++) {
                    long seed = in * 7L + batch;
                    Sequential net = Sequential.of(64, seed, new Dense(in, out));
                    net.threads(threads);
                    Dense dense = (Dense) net.layer("dense0");
                    float[][] w = dense.weights();
                    float[] b = dense.bias();
                    Rng rng = new Rng(seed + 1);
                    float[] x = gaussians(rng, batch * in);
                    float[] dy = gaussians(rng, batch * out);
                    float[] y = net.forward(x, batch, true).clone();
                    float[] dx = new float[batch * in];
                    net.zeroGradientsAndBackward(dy, batch, dx);
                    float[] grads = net.parameters().gradients();
                    String where = "Dense(" + in + " → " + out + "), batch " + batch + ", " + threads + " threads: ";
                    for (int r = 0; r < batch; r++) {
                        for (int j = 0; j < out; j++) {
                            double exact = b[j];
                            double abs = Math.abs(b[j]);
                            for (int k = 0; k < in; k++) {
                                double t = (double) x[r * in + k] * w[k][j];
                                exact += t;
                                abs += Math.abs(t);
                            }
                            assertWithin(exact, abs, in + 1, y[r * out + j], where + "y[" + r + ", " + j + "]");
                        }
                    }
                    int wOff = dense.weightOffset();
                    for (int k = 0; k < in; k++) {
                        for (int j = 0; j < out; j++) {
                            double exact = 0;
                            double abs = 0;
                            for (int r = 0; r < batch; r++) {
                                double t = (double) x[r * in + k] * dy[r * out + j];
                                exact += t;
                                abs += Math.abs(t);
                            }
                            assertWithin(exact, abs, batch, grads[wOff + k * out + j], where + "dW[" + k + ", " + j + "]");
                        }
                    }
                    for (int j = 0; j < out; j++) {
                        double exact = 0;
                        double abs = 0;
                        for (int r = 0; r < batch; r++) {
                            exact += dy[r * out + j];
                            abs += Math.abs(dy[r * out + j]);
                        }
                        assertWithin(exact, abs, batch, grads[dense.biasOffset() + j], where + "db[" + j + "]");
                    }
                    for (int r = 0; r < batch; r++) {
                        for (int k = 0; k < in; k++) {
                            double exact = 0;
                            double abs = 0;
                            for (int j = 0; j < out; j++) {
                                double t = (double) dy[r * out + j] * w[k][j];
                                exact += t;
                                abs += Math.abs(t);
                            }
                            assertWithin(exact, abs, out, dx[r * in + k], where + "dx[" + r + ", " + k + "]");
                        }
                    }
                    net.threads(1);
                }
            }
        }
    }

    private static void assertWithin(double exact, double absSum, int terms, float actual, String what) {
        double u = 0x1p-24;
        double bound = terms * u / (1 - terms * u) * absSum;
        if (!(Math.abs(actual - exact) <= bound)) {
            throw new AssertionError(what + ": " + actual + " against " + exact + ", beyond " + bound);
        }
    }

    private static float[] gaussians(Rng rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    /** y, the parameter gradients and dx of one forward and backward pass of a Dense layer from a seed. */
    static float[][] denseOnce(int in, int out, int batch, int threads, long seed) {
        Sequential net = Sequential.of(64, seed, new Dense(in, out), new Relu(out));
        net.threads(threads);
        Rng rng = new Rng(seed + 1);
        float[] x = gaussians(rng, batch * in);
        float[] dy = gaussians(rng, batch * out);
        float[] y = Arrays.copyOf(net.forward(x, batch, true), batch * out);
        float[] dx = new float[batch * in];
        net.parameters().zeroGradients();
        net.backward(dy, batch, dx);
        float[] grads = net.parameters().gradients().clone();
        net.threads(1);
        return new float[][] {y, grads, dx};
    }

    /**
     * {@code zeroGradientsAndBackward} on 1 to 3 threads, through sliced Dense layers (whose dW each thread
     * writes in its slices instead of adding to zeros) and a layer of another kind with a sliced tensor
     * (Counting: 512 × 64, cut into 4, zeroed by each slice's thread, then counted up by its backward), from
     * gradients full of NaN: the bits of {@code zeroGradients} then {@code backward} on one thread.
     */
    @Test
    void zeroGradientsAndBackwardGivesTheSeparateCallsBitsOnAnyNumberOfThreads() {
        for (int batch : new int[] {1, 9, 40}) {
            Rng rng = new Rng(batch);
            float[] x = new float[batch * 264];
            float[] dy = new float[batch * 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < dy.length; i++) {
                dy[i] = (float) rng.nextGaussian();
            }
            float[] expected = null;
            for (int threads = 1; threads <= 3; threads++) {
                Sequential net = Sequential.of(BATCH, 9, new Dense(264, 256), new Relu(256), new Counting(256),
                        new Dense(256, 128), new Relu(128), new Dense(128, 5)).threads(threads);
                net.forward(x, batch, true);
                float[] g = net.parameters().gradients();
                if (expected == null) {
                    net.parameters().zeroGradients();
                    net.backward(dy, batch);
                    expected = g.clone();
                }
                Arrays.fill(g, Float.NaN);
                net.zeroGradientsAndBackward(dy, batch);
                assertArrayEquals(expected, g, "batch " + batch + ", " + threads + " threads");
                net.threads(1);
            }
        }
    }

    /** Passes rows through unchanged; its backward adds 1 to each of its 512 × 64 tensor's gradients. */
    static final class Counting extends Layer {
        private final int width;
        private int offset;
        private float[] gradients;

        Counting(int width) {
            this.width = width;
        }

        @Override
        public int inputWidth() {
            return width;
        }

        @Override
        public int outputWidth() {
            return width;
        }

        @Override
        public void declareParameters(Parameters.Builder builder) {
            offset = builder.add("C", 512, 64, false);
        }

        @Override
        public void bind(Parameters parameters) {
            gradients = parameters.gradients();
        }

        @Override
        public void forward(float[] y, float[] x, int batch, boolean training) {
            System.arraycopy(x, 0, y, 0, batch * width);
        }

        @Override
        public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
            for (int i = offset; i < offset + 512 * 64; i++) {
                gradients[i] += 1f;
            }
            if (dx != null) {
                System.arraycopy(dy, 0, dx, 0, batch * width);
            }
        }
    }

    /** The comparison can fail: a different seed for the data order gives other bits. */
    @Test
    void theComparisonSeesADifference() {
        ResumeTest.Optim adam = ResumeTest.ALL.get(5);
        byte[] a = run(adam, 2);
        List<Checkpoint> end = new ArrayList<>();
        Training.of(net(), new SoftmaxCrossEntropy(), adam.make().get()).batchSize(BATCH).epochs(EPOCHS).seed(4)
                .schedule(Schedules.cosine(adam.lr(), adam.lr() / 10)).regularizer(new L2Regularization(1e-3f))
                .checkpoints(EPOCHS, end::add).threads(2).fit(DATA);
        assertFalse(Arrays.equals(a, end.get(0).toBytes()));
    }

    @Test
    void fitPutsBackTheNetworksThreadCount() {
        Sequential net = net();
        Training.of(net, new SoftmaxCrossEntropy(), ResumeTest.ALL.get(0).make().get()).batchSize(BATCH).epochs(1)
                .threads(3).fit(DATA);
        assertEquals(1, net.threads());
        net.threads(2);
        assertEquals(2, net.threads());
        net.threads(1);
        assertEquals(1, net.threads());
    }

    /**
     * A run that ends in an exception (here a listener's, at the third step, while the next batch is being
     * copied ahead on the helper) leaves nothing pending: the same network, still on two threads, trains again.
     */
    @Test
    void aRunThatThrowsMidStepLeavesTheNetworkReadyToTrainAgain() {
        ResumeTest.Optim o = ResumeTest.ALL.get(0);
        Sequential net = net().threads(2);
        IllegalStateException stop = new IllegalStateException("stopped by a listener");
        TrainingListener failing = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, float batchLoss) {
                if (step == 2) {
                    throw stop;
                }
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Training.of(net,
                new SoftmaxCrossEntropy(), o.make().get()).batchSize(BATCH).epochs(1).threads(2).listener(failing)
                .fit(DATA));
        assertEquals(stop, e);
        assertEquals(2, net.threads());
        Training.of(net, new SoftmaxCrossEntropy(), o.make().get()).batchSize(BATCH).epochs(1).threads(2).fit(DATA);
        net.threads(1);
    }

    @Test
    void threadCountsOutsideTheRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net().threads(0));
        assertEquals("threads must be in [1, 256], got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net().threads(257));
        assertThrows(IllegalArgumentException.class, () -> Training.of(net(), new SoftmaxCrossEntropy(),
                ResumeTest.ALL.get(0).make().get()).threads(-1));
    }
}
