package dev.lanes.bench;

import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adam;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One training step on a fixed batch: forward, softmax cross-entropy with its gradient, backward from zeroed
 * gradients, L2 (1e-3) and an Adam update — everything a training loop does per batch except gathering rows.
 * Measured: ns per step; steps/s = 1e9 / score, rows/s = batch · 1e9 / score. With {@code -prof gc},
 * gc.alloc.rate.norm shows that a step allocates nothing after warm-up. The weights keep moving (the same
 * batch is fitted over and over), which changes no shape and no path through the kernels.
 */
public abstract class TrainingStepBenchmark extends KernelBenchmark {

    @Param({"spiral", "mlp"})
    public String net;

    @Param({"32", "256"})
    public int batch;

    /**
     * Threads the network trains on ({@code Sequential.threads}); the results are the same bits for any
     * count. {@code -p threads=1,2} compares them; the study runs 1.
     */
    @Param({"1"})
    public int threads;

    /**
     * How the gradients are zeroed: {@code fused} ({@code Sequential.zeroGradientsAndBackward}, what training
     * does: Dense writes dW instead of adding to zeros) or {@code separate} ({@code zeroGradients}, then
     * {@code backward}); the same bits. {@code -p backward=separate,fused} compares them.
     */
    @Param({"fused"})
    public String backward;

    private boolean separate;
    private Sequential model;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final L2Regularization l2 = new L2Regularization(1e-3f);
    private final Adam adam = new Adam();
    private float[] x;
    private float[] dLogits;
    private Targets targets;

    @Setup
    public void setup() {
        model = Networks.build(net, batch, false).threads(threads);
        separate = switch (backward) {
            case "fused" -> false;
            case "separate" -> true;
            default -> throw new IllegalArgumentException("backward is fused or separate, got " + backward);
        };
        x = Inputs.uniform(batch * model.inputWidth(), -1f, 1f, 11);
        int classes = model.outputWidth();
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % classes;
        }
        targets = Targets.classes(labels, classes);
        dLogits = new float[batch * classes];
    }

    /** Returns the step's loss (data loss + L2 penalty), so the work cannot be dropped. */
    @TearDown
    public void tearDown() {
        model.threads(1);
    }

    @Benchmark
    public float step() {
        float[] logits = model.forward(x, batch, true);
        float value = loss.forwardBackward(dLogits, logits, targets, batch, model.outputWidth());
        if (separate) {
            model.parameters().zeroGradients();
            model.backward(dLogits, batch);
        } else {
            model.zeroGradientsAndBackward(dLogits, batch);
        }
        value += l2.forwardBackward(model.parameters());
        adam.step(model.parameters(), 1e-3f);
        return value;
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends TrainingStepBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends TrainingStepBenchmark {}
}
