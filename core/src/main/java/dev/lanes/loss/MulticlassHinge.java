package dev.lanes.loss;

/**
 * The multiclass SVM (Weston–Watkins) hinge loss with margin 1, as in CS231n:
 * <pre>
 *   L = (1/B) · Σ_i Σ_{j ≠ y_i} max(0, s_ij − s_{i,y_i} + 1)
 *   ∂L/∂s_ij = [m_ij &gt; 0] / B  (j ≠ y_i),    ∂L/∂s_{i,y_i} = −#{j ≠ y_i : m_ij &gt; 0} / B
 * </pre>
 * with margins m_ij = s_ij − s_{i,y_i} + 1, for {@code s = output: (B, C)} scores and labels y_i.
 *
 * <p><b>Subgradient at the kink</b>: a margin of exactly 0 counts as inactive (gradient 0), the choice of
 * CS231n's vectorised code ({@code margins > 0}); any value in [0, 1/B] would be a valid subgradient.
 * Margins are formed in double, so the kink is judged on the exact float inputs. A NaN score makes its row's
 * loss NaN (max(0, NaN) is NaN here, so a diverged run is not hidden). Needs no scratch.
 */
public final class MulticlassHinge implements Loss {

    /** The loss; stateless, so one instance may serve any number of batches and threads. */
    public MulticlassHinge() {}

    @Override
    public Targets.Kind targetKind() {
        return Targets.Kind.CLASSES;
    }

    @Override
    public float forwardBackward(float[] grad, float[] output, Targets targets, int batch, int width) {
        LossChecks.check(grad, output, targets, Targets.Kind.CLASSES, batch, width);
        return run(grad, output, targets.labels(), batch, width);
    }

    @Override
    public float forward(float[] output, Targets targets, int batch, int width) {
        LossChecks.check(null, output, targets, Targets.Kind.CLASSES, batch, width);
        return run(null, output, targets.labels(), batch, width);
    }

    // s, grad: (B, C); grad is skipped when null
    private static float run(float[] grad, float[] s, int[] labels, int batch, int width) {
        float active = (float) (1.0 / batch);
        double sum = 0;
        for (int i = 0; i < batch; i++) {
            int row = i * width;
            int y = labels[i];
            double sy = s[row + y];
            int count = 0;
            for (int j = 0; j < width; j++) {
                if (j == y) {
                    continue;
                }
                double margin = s[row + j] - sy + 1;
                sum += Math.max(0.0, margin);
                boolean on = margin > 0;
                count += on ? 1 : 0;
                if (grad != null) {
                    grad[row + j] = on ? active : 0f;
                }
            }
            if (grad != null) {
                grad[row + y] = (float) (-count / (double) batch);
            }
        }
        return (float) (sum / batch);
    }
}
