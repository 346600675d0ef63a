package dev.lanes.loss;

/**
 * Binary cross-entropy on logits, the logistic ("binary softmax") classifier, PyTorch's
 * {@code BCEWithLogitsLoss(reduction='mean')}: every one of the W outputs of a row is an independent
 * yes/no logit z with a target probability t ∈ [0, 1] ({@link Targets.Kind#VALUES}, any width), and the loss
 * is the mean over <b>all B·W elements</b>:
 * <pre>
 *   ℓ(z, t) = −t·log σ(z) − (1 − t)·log(1 − σ(z)) = max(z, 0) − z·t + log1p(e^−|z|)
 *   L = (1/(B·W)) · Σ_{i,j} ℓ(z_ij, t_ij)        ∂L/∂z_ij = (σ(z_ij) − t_ij) / (B·W)
 * </pre>
 * Why the mean over all elements rather than Σ_j per row: it matches PyTorch, and the loss (and a good
 * learning rate) does not scale with the number of outputs. For W = 1 both agree.
 *
 * <p>The right-hand form never takes the log of 0 and never overflows: e^−|z| ≤ 1. σ(z) is formed from the
 * same e^−|z| (1/(1 + e) for z ≥ 0, e/(1 + e) below), so it is accurate in both tails. Elements are computed
 * in double and summed in double. Finite logits never give NaN; ±∞ logits may.
 *
 * <p>Both methods throw {@link IllegalArgumentException} when a target is outside [0, 1] or NaN, naming its
 * row and column.
 */
public final class BinaryCrossEntropy implements Loss {

    /** The loss; stateless, so one instance may serve any number of batches and threads. */
    public BinaryCrossEntropy() {}

    @Override
    public Targets.Kind targetKind() {
        return Targets.Kind.VALUES;
    }

    @Override
    public float forwardBackward(float[] grad, float[] output, Targets targets, int batch, int width) {
        LossChecks.check(grad, output, targets, Targets.Kind.VALUES, batch, width);
        checkProbabilities(targets.values(), batch, width);
        return run(grad, output, targets.values(), batch * width);
    }

    @Override
    public float forward(float[] output, Targets targets, int batch, int width) {
        LossChecks.check(null, output, targets, Targets.Kind.VALUES, batch, width);
        checkProbabilities(targets.values(), batch, width);
        return run(null, output, targets.values(), batch * width);
    }

    private static void checkProbabilities(float[] t, int batch, int width) {
        for (int k = 0; k < batch * width; k++) {
            if (!(t[k] >= 0f && t[k] <= 1f)) {
                throw new IllegalArgumentException("target " + t[k] + " in row " + k / width + ", column "
                        + k % width + " is not a probability in [0, 1]");
            }
        }
    }

    // z, t, grad: n = B·W elements; grad is skipped when null
    private static float run(float[] grad, float[] z, float[] t, int n) {
        double scale = 1.0 / n;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double zk = z[k];
            double e = Math.exp(-Math.abs(zk));
            sum += Math.max(zk, 0.0) - zk * t[k] + Math.log1p(e); // z·t is exact in double
            if (grad != null) {
                double sigma = zk >= 0 ? 1 / (1 + e) : e / (1 + e);
                grad[k] = (float) ((sigma - t[k]) * scale);
            }
        }
        return (float) (sum * scale);
    }
}
