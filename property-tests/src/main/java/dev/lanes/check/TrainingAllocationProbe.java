package dev.lanes.check;

import dev.lanes.data.Dataset;
import dev.lanes.data.Generators;
import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adam;
import dev.lanes.train.Training;
import dev.lanes.train.TrainingListener;
import java.lang.management.ManagementFactory;

/**
 * Measures the bytes a training step and an inference forward pass allocate after warm-up, on the calling
 * thread ({@code com.sun.management.ThreadMXBean}). Run by LearningTest in a child JVM with {@code -Xbatch},
 * where every JIT compilation finishes before execution goes on, so "after warm-up" is a fixed number of
 * steps rather than a race with the compiler threads. Prints one line per finding and exits 1 if any
 * measured step or pass allocated.
 *
 * <p>A step is everything {@link Training#fit} does per batch: gather the rows, forward, softmax
 * cross-entropy, backward, L2, Adam, and the step event to the listener. Then inference passes, and training
 * passes whose backward also writes the input gradient ({@code backward(dOutput, batch, dInput)}).
 */
public final class TrainingAllocationProbe {

    private TrainingAllocationProbe() {}

    // 15 000 steps. The least-called kernels (bias gradient, bias add: twice a step, short loops) reach C2
    // only after ~3300 steps and then recompile once or twice after profile-predicate traps; a deoptimisation
    // re-materialises scalar-replaced vectors on the heap (seen: 80 B at step 3326 with 3000 warm-up steps).
    static final int WARM_EPOCHS = 1500;
    static final int MEASURED_EPOCHS = 200; // 1800 steps measured
    static final int STEPS = 10;            // 300 rows in batches of 30

    /**
     * Steps of a 264-128-10 network on 2 threads (Sequential.threads) with L2 and Adam: the first W is cut into
     * 2 slices (Parameters.slices), one per thread, whose products, shares of y, L2 sums and Adam ranges run on
     * their own threads; each step's input is copied on the helper while the step before runs, into one of
     * two buffers ({@code Sequential.fillInputAhead}), as {@code Training.fit} does. The bytes are summed over
     * the calling thread and the helper thread. Returns the number of findings (0 or 1).
     */
    static int threadedSteps(com.sun.management.ThreadMXBean threads) {
        int batch = 32;
        Sequential net = Sequential.of(batch, 2, new Dense(264, 128), new Relu(128), new Dense(128, 10)).threads(2);
        float[] source = new float[batch * 264];
        for (int i = 0; i < source.length; i++) {
            source[i] = (i % 13 - 6) * 0.1f;
        }
        float[][] x = {new float[source.length], new float[source.length]};
        int[] next = {0}; // the buffer being filled ahead
        Sequential.InputColumns fill = (c0, c1) -> {
            for (int r = 0; r < batch; r++) {
                System.arraycopy(source, r * 264 + c0, x[next[0]], r * 264 + c0, c1 - c0);
            }
        };
        net.fillInputAhead(fill);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        Targets targets = Targets.classes(labels, 10);
        float[] dLogits = new float[batch * 10];
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Adam adam = new Adam();
        for (int i = 0; i < 15_000; i++) {
            threadedStep(net, x, next, fill, batch, targets, dLogits, loss, adam);
        }
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("lanes-worker-"))
                .mapToLong(Thread::threadId).toArray();
        if (ids.length != 2) {
            System.out.println("expected the caller and one helper thread, found " + ids.length);
            return 1;
        }
        long before = threads.getThreadAllocatedBytes(ids[0]) + threads.getThreadAllocatedBytes(ids[1]);
        for (int i = 0; i < 3000; i++) {
            threadedStep(net, x, next, fill, batch, targets, dLogits, loss, adam);
        }
        long bytes = threads.getThreadAllocatedBytes(ids[0]) + threads.getThreadAllocatedBytes(ids[1]) - before;
        net.awaitInputAhead();
        net.threads(1);
        if (bytes != 0) {
            System.out.println("3000 steps on 2 threads allocated " + bytes + " B");
            return 1;
        }
        return 0;
    }

    private static void threadedStep(Sequential net, float[][] x, int[] next, Sequential.InputColumns fill, int batch,
                                     Targets targets, float[] dLogits, SoftmaxCrossEntropy loss, Adam adam) {
        net.awaitInputAhead();
        int current = next[0];
        next[0] ^= 1;
        net.fillInputAhead(fill);
        net.parameters().zeroGradients();
        float[] logits = net.forward(x[current], batch, true);
        loss.forwardBackward(dLogits, logits, targets, batch, 10);
        net.backward(dLogits, batch);
        L2.forwardBackward(net.parameters());
        adam.step(net.parameters(), 1e-3f);
    }

    private static final L2Regularization L2 = new L2Regularization(1e-4f);

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        int epochs = WARM_EPOCHS + MEASURED_EPOCHS;
        long[] marks = new long[epochs * STEPS];
        TrainingListener meter = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, float batchLoss) {
                marks[epoch * stepsPerEpoch + step] = threads.getThreadAllocatedBytes(tid);
            }
        };
        Dataset spiral = Generators.spiral(3, 100, 0.2, 0);
        Sequential net = Sequential.of(30, 1, new Dense(2, 100), new Relu(100), new Dense(100, 3));
        Training.of(net, new SoftmaxCrossEntropy(), new Adam()).batchSize(30).epochs(epochs).learningRate(0.01f)
                .regularizer(new L2Regularization(1e-3f)).listener(meter).fit(spiral);
        int failures = 0;
        // Steps 1..9 of each measured epoch: step 0 follows the per-epoch report, which allocates by design.
        for (int e = WARM_EPOCHS; e < epochs; e++) {
            for (int s = 1; s < STEPS; s++) {
                long bytes = marks[e * STEPS + s] - marks[e * STEPS + s - 1];
                if (bytes != 0) {
                    System.out.println("step allocated: epoch " + e + " step " + s + ": " + bytes + " B");
                    failures++;
                }
            }
        }
        float[] x = spiral.features();
        for (int i = 0; i < 30_000; i++) { // every batch size 1..30, until compiled
            net.forward(x, 1 + i % 30, false);
        }
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 3000; i++) {
            net.forward(x, 1 + i % 30, false);
        }
        long forwardBytes = threads.getThreadAllocatedBytes(tid) - before;
        if (forwardBytes != 0) {
            System.out.println("3000 forward passes allocated " + forwardBytes + " B");
            failures++;
        }
        // Backward with the input gradient (saliency): the caller's dInput, nothing allocated.
        float[] dOut = new float[30 * 3];
        for (int i = 0; i < dOut.length; i++) {
            dOut[i] = (i % 3 - 1) * 0.25f;
        }
        float[] dIn = new float[30 * 2];
        for (int i = 0; i < 30_000; i++) {
            int batch = 1 + i % 30;
            net.forward(x, batch, true);
            net.backward(dOut, batch, dIn);
        }
        before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 3000; i++) {
            int batch = 1 + i % 30;
            net.forward(x, batch, true);
            net.backward(dOut, batch, dIn);
        }
        long backwardBytes = threads.getThreadAllocatedBytes(tid) - before;
        // Sequential adds nothing to this path but the first layer's dx = dy·Wᵀ (Kernels.multTransB with
        // n = 2, k = 100), which both kernel implementations run allocation-free.
        if (backwardBytes != 0) {
            System.out.println("3000 passes forward and backward with dInput allocated " + backwardBytes + " B");
            failures++;
        }
        failures += threadedSteps(threads);
        System.out.println("measured " + (MEASURED_EPOCHS * (STEPS - 1)) + " steps, 3000 forward passes and 3000"
                + " backward passes with dInput, 3000 steps on 2 threads; " + failures + " allocated");
        System.exit(failures == 0 ? 0 : 1);
    }
}
