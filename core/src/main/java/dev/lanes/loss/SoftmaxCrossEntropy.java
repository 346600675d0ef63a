package dev.lanes.loss;

import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.Kernels;

/**
 * Softmax followed by cross-entropy against class labels, fused (PyTorch's {@code CrossEntropyLoss} on
 * logits):
 * <pre>
 *   L = −(1/B) · Σ_i log p_{i,y_i},   log p_ij = x_ij − max_k x_ik − log Σ_k e^(x_ik − max_k x_ik)
 *   ∂L/∂x_ij = (p_ij − [j = y_i]) / B
 * </pre>
 * for {@code x = output: (B, C)} logits and labels y_i ∈ [0, C).
 *
 * <p>Why fused and from log-softmax: log(softmax) underflows to −∞ as soon as one probability is below
 * 2⁻¹⁴⁹ (a logit gap over ≈ 104), while log-softmax stays finite; the row maximum is subtracted first, so
 * finite logits never overflow and never give NaN, even at ±1e30 (the loss is then ≈ 2e30, the gradient
 * exactly ±1/B). Logits ±{@link Float#MAX_VALUE} may give a loss of +∞ (the true value exceeds float), never
 * NaN. A NaN or +∞ logit makes its row's loss and gradient NaN (see {@link KernelSupport}).
 *
 * <p>The value comes from {@link Kernels#logSoftmaxRows}; the gradient from {@link Kernels#softmaxRows} (not
 * from e^(log p), which for huge logits loses the −log S term to rounding, whereas softmax subtracts the
 * maximum before the exp). forward keeps one (B, C) scratch, grown on first use; forwardBackward writes the
 * log-softmax into grad and needs none.
 */
public final class SoftmaxCrossEntropy implements Loss {

    private float[] scratch = new float[0];

    /** The loss, with no scratch until its first call; not thread-safe (the scratch is shared). */
    public SoftmaxCrossEntropy() {}

    @Override
    public Targets.Kind targetKind() {
        return Targets.Kind.CLASSES;
    }

    @Override
    public float forwardBackward(float[] grad, float[] output, Targets targets, int batch, int width) {
        LossChecks.check(grad, output, targets, Targets.Kind.CLASSES, batch, width);
        KernelSupport k = Kernels.get(); // shapes checked above
        int[] labels = targets.labels();
        k.logSoftmaxRows(grad, 0, width, output, 0, width, batch, width);
        float loss = meanNegativeLog(grad, labels, batch, width);
        k.softmaxRows(grad, 0, width, output, 0, width, batch, width);
        double invBatch = 1.0 / batch;
        for (int i = 0; i < batch; i++) {
            int row = i * width;
            int y = row + labels[i];
            double py = grad[y];
            for (int j = 0; j < width; j++) {
                grad[row + j] = (float) (grad[row + j] * invBatch);
            }
            grad[y] = (float) ((py - 1.0) * invBatch); // p − 1 is exact in double: one rounding in all
        }
        return loss;
    }

    @Override
    public float forward(float[] output, Targets targets, int batch, int width) {
        LossChecks.check(null, output, targets, Targets.Kind.CLASSES, batch, width);
        int size = batch * width;
        if (scratch.length < size) {
            scratch = new float[size];
        }
        Kernels.get().logSoftmaxRows(scratch, 0, width, output, 0, width, batch, width);
        return meanNegativeLog(scratch, targets.labels(), batch, width);
    }

    // logp: (B, C) log-softmax; −(1/B)·Σ_i logp[i, y_i], summed in double
    private static float meanNegativeLog(float[] logp, int[] labels, int batch, int width) {
        double sum = 0;
        for (int i = 0; i < batch; i++) {
            sum -= logp[i * width + labels[i]];
        }
        return (float) (sum / batch);
    }
}
