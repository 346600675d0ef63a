package dev.lanes.loss;

/**
 * Mean squared error over <b>all elements</b>, PyTorch's {@code MSELoss(reduction='mean')}:
 * <pre>
 *   L = (1 / (B·W)) · Σ_{i,j} (x_ij − t_ij)²        ∂L/∂x_ij = 2·(x_ij − t_ij) / (B·W)
 * </pre>
 * for {@code x = output: (B, W)} and value targets {@code t: (B, W)}. This is the batch mean of the per-row
 * mean (1/W)·Σ_j (x_ij − t_ij)², so it fits the {@link Loss} contract while staying independent of W in
 * scale; CS231n's ½·Σ convention differs by the factor 2/W.
 *
 * <p>Each element is formed in double and its gradient rounded to float once; the sum is in double, so the
 * value is within about one float rounding of the exact mean. NaN in the output or targets gives a NaN
 * loss. Needs no scratch.
 */
public final class MeanSquaredError implements Loss {

    /** The loss; stateless, so one instance may serve any number of batches and threads. */
    public MeanSquaredError() {}

    @Override
    public Targets.Kind targetKind() {
        return Targets.Kind.VALUES;
    }

    @Override
    public float forwardBackward(float[] grad, float[] output, Targets targets, int batch, int width) {
        LossChecks.check(grad, output, targets, Targets.Kind.VALUES, batch, width);
        return run(grad, output, targets.values(), batch * width);
    }

    @Override
    public float forward(float[] output, Targets targets, int batch, int width) {
        LossChecks.check(null, output, targets, Targets.Kind.VALUES, batch, width);
        return run(null, output, targets.values(), batch * width);
    }

    // x, t, grad: n = B·W elements; grad is skipped when null
    private static float run(float[] grad, float[] x, float[] t, int n) {
        double scale = 2.0 / n;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double d = (double) x[k] - t[k];
            sum += d * d;
            if (grad != null) {
                grad[k] = (float) (d * scale);
            }
        }
        return (float) (sum / n);
    }
}
