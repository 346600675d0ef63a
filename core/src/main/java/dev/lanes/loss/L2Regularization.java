package dev.lanes.loss;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Parameters;
import java.util.List;

/**
 * The L2 penalty a training loop adds to its data loss:
 * <pre>
 *   R = ½·λ·Σ w²   over the segments with {@code decays = true}       ∂R/∂w = λ·w
 * </pre>
 * The ½ (CS231n's convention, not the bare λ·Σ w² of its first assignment) makes the gradient exactly λ·w, so
 * SGD on data loss + R equals SGD with PyTorch's {@code weight_decay = λ}. Biases (and other segments
 * declared with {@code decays = false}) are excluded: penalising them does not reduce over-fitting and can
 * only shift the decision boundary. For Adam prefer {@code AdamW}'s decoupled decay.
 */
public final class L2Regularization {

    private final float lambda;

    /**
     * The penalty with strength λ.
     *
     * @param lambda regularisation strength λ ≥ 0, finite
     */
    public L2Regularization(float lambda) {
        if (!(lambda >= 0f) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        this.lambda = lambda;
    }

    /** {@return the regularisation strength λ} */
    public float lambda() {
        return lambda;
    }

    /**
     * Returns R and adds λ·w to {@code parameters.gradients()} of every decaying segment.
     *
     * @param parameters the store: its values are read, its gradients modified
     * @return R = ½·λ·Σ w² over the decaying segments
     */
    public float forwardBackward(Parameters parameters) {
        return run(parameters, true);
    }

    /**
     * Returns R only.
     *
     * @param parameters the store: its values are read
     * @return R = ½·λ·Σ w² over the decaying segments
     */
    public float forward(Parameters parameters) {
        return run(parameters, false);
    }

    private float run(Parameters p, boolean backward) {
        float[] w = p.values();
        float[] g = p.gradients();
        List<Parameters.Segment> segments = p.segments();
        double squares = 0;
        for (int s = 0; s < segments.size(); s++) { // indexed: no iterator on the training path
            Parameters.Segment seg = segments.get(s);
            if (!seg.decays()) {
                continue;
            }
            squares += Kernels.sumOfSquares(w, seg.offset(), seg.size());
            if (backward) {
                Kernels.axpy(g, seg.offset(), lambda, w, seg.offset(), seg.size());
            }
        }
        return (float) (0.5 * lambda * squares);
    }
}
