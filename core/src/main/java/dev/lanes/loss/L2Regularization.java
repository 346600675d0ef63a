package dev.lanes.loss;

import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Parameters;

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

    private final Parameters.SliceSum squares = L2Regularization::squares;
    private final Parameters.SliceSum squaresAndGradient = this::squaresAndGradient;

    // Σ w² in slices, added in a fixed order: the same bits on any number of threads, and each slice read (and
    // its gradient written) by the thread that owns it (Parameters.sumInSlices).
    private float run(Parameters p, boolean backward) {
        return (float) (0.5 * lambda * p.sumInSlices(backward ? squaresAndGradient : squares));
    }

    private static double squares(Parameters p, Parameters.Segment segment, int from, int to) {
        return segment.decays() ? Kernels.sumOfSquares(p.values(), from, to - from) : 0;
    }

    private double squaresAndGradient(Parameters p, Parameters.Segment segment, int from, int to) {
        if (!segment.decays()) {
            return 0;
        }
        Kernels.axpy(p.gradients(), from, lambda, p.values(), from, to - from);
        return Kernels.sumOfSquares(p.values(), from, to - from);
    }
}
