package dev.lanes.check.train;

import com.sun.management.ThreadMXBean;
import dev.lanes.loss.Loss;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Parameters;
import dev.lanes.optim.Optimizer;
import dev.lanes.random.Rng;
import java.lang.management.ManagementFactory;

/**
 * Small stand-ins for the training-loop tests: a scripted layer and optimizer whose behaviour the tests
 * control exactly, so loop mechanics (order, batches, early stopping, NaN) are checked independently of
 * how well any real layer learns.
 */
final class Fixtures {

    private Fixtures() {}

    static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated so far by the calling thread (allocation-free itself: one native call). */
    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** y = w·x for one input and one output; w is the only parameter, initialised to {@code w0}. */
    static final class Scale extends Layer {
        private final float w0;
        private Parameters p;
        private int offset;

        Scale(float w0) {
            this.w0 = w0;
        }

        @Override public int inputWidth() { return 1; }

        @Override public int outputWidth() { return 1; }

        @Override
        public void declareParameters(Parameters.Builder b) {
            offset = b.add("w", 1, 1, true);
        }

        @Override
        public void bind(Parameters parameters) {
            p = parameters;
        }

        @Override
        public void initialize(Rng rng) {
            p.values()[offset] = w0;
        }

        float w() {
            return p.values()[offset];
        }

        @Override
        public void forward(float[] y, float[] x, int batch, boolean training) {
            float w = p.values()[offset];
            for (int i = 0; i < batch; i++) {
                y[i] = w * x[i];
            }
        }

        @Override
        public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
            float w = p.values()[offset];
            float g = 0;
            for (int i = 0; i < batch; i++) {
                g += dy[i] * x[i];
                if (dx != null) {
                    dx[i] = dy[i] * w;
                }
            }
            p.gradients()[offset] += g;
        }
    }

    /**
     * Identity on rows of {@code width}, recording the first feature of every training row it sees (the
     * tests put the row index there) and each batch size, in order.
     */
    static final class Recorder extends Layer {
        private final int width;
        final int[] seen;
        final int[] batches;
        int seenCount;
        int batchCount;

        Recorder(int width, int capacity) {
            this.width = width;
            this.seen = new int[capacity];
            this.batches = new int[capacity];
        }

        @Override public int inputWidth() { return width; }

        @Override public int outputWidth() { return width; }

        @Override
        public void forward(float[] y, float[] x, int batch, boolean training) {
            System.arraycopy(x, 0, y, 0, batch * width);
            if (training) {
                batches[batchCount++] = batch;
                for (int i = 0; i < batch; i++) {
                    seen[seenCount++] = (int) x[i * width];
                }
            }
        }

        @Override
        public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
            if (dx != null) {
                System.arraycopy(dy, 0, dx, 0, batch * width);
            }
        }
    }

    /** Sets parameter 0 to {@code script[epoch]} at every step of that epoch, ignoring gradients. */
    static final class Scripted implements Optimizer {
        private final float[] script;
        private final int stepsPerEpoch;
        private int steps;

        Scripted(int stepsPerEpoch, float... script) {
            this.script = script;
            this.stepsPerEpoch = stepsPerEpoch;
        }

        @Override
        public void step(Parameters parameters, float learningRate) {
            parameters.values()[0] = script[Math.min(steps++ / stepsPerEpoch, script.length - 1)];
        }
    }

    /** Plain gradient descent, w −= lr·g: enough to see the loop drive a loss down. */
    static final class PlainSgd implements Optimizer {
        @Override
        public void step(Parameters parameters, float learningRate) {
            float[] w = parameters.values();
            float[] g = parameters.gradients();
            for (int i = 0; i < w.length; i++) {
                w[i] -= learningRate * g[i];
            }
        }
    }

    /** Delegates to {@code inner} but returns NaN from the {@code badCall}-th forwardBackward (from 0). */
    static final class NanAt implements Loss {
        private final Loss inner;
        private final int badCall;
        private int calls;

        NanAt(Loss inner, int badCall) {
            this.inner = inner;
            this.badCall = badCall;
        }

        @Override
        public Targets.Kind targetKind() {
            return inner.targetKind();
        }

        @Override
        public float forwardBackward(float[] grad, float[] output, Targets targets, int batch, int width) {
            float loss = inner.forwardBackward(grad, output, targets, batch, width);
            return calls++ == badCall ? Float.NaN : loss;
        }

        @Override
        public float forward(float[] output, Targets targets, int batch, int width) {
            return inner.forward(output, targets, batch, width);
        }
    }
}
