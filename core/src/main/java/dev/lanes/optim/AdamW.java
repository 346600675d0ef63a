package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/**
 * AdamW (Loshchilov &amp; Hutter 2019), PyTorch's {@code AdamW}: Adam with <b>decoupled</b> weight decay,
 * applied to w before the Adam update of the same step:
 * <pre>
 *   w = w·(1 − lr·λ)     (segments with decays = true only)
 *   then the {@link Adam} update with the unchanged gradient g
 * </pre>
 * Unlike L2 regularisation, the decay does not pass through m and v, so it is not divided by √v̂: every
 * decaying weight shrinks by the same factor. Biases and other segments declared with {@code decays = false}
 * are not decayed (PyTorch decays whatever param group it is given; the segments are our param groups).
 * Defaults: λ = 0.01 as in PyTorch, β1, β2, ε as {@link Adam}. lr·λ should stay well below 1.
 */
public final class AdamW implements Optimizer {

    private final Adam adam;
    private final float weightDecay;

    /** AdamW with λ = 0.01 and Adam's default β1, β2, ε. */
    public AdamW() {
        this(0.01f);
    }

    /**
     * AdamW with the given decay and Adam's default β1, β2, ε.
     *
     * @param weightDecay λ ≥ 0, finite
     */
    public AdamW(float weightDecay) {
        this(0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /**
     * AdamW with every constant given.
     *
     * @param beta1       β1 ∈ [0, 1), the decay of the first moment m
     * @param beta2       β2 ∈ [0, 1), the decay of the second moment v
     * @param eps         ε &gt; 0, finite
     * @param weightDecay λ ≥ 0, finite
     */
    public AdamW(float beta1, float beta2, float eps, float weightDecay) {
        this.adam = new Adam(beta1, beta2, eps);
        this.weightDecay = OptimizerChecks.decay(weightDecay);
    }

    @Override
    public OptimizerState state(Parameters parameters) {
        return adam.state(OptimizerState.Kind.ADAMW, hyperParameters(), parameters);
    }

    @Override
    public void restore(OptimizerState state, Parameters parameters) {
        adam.restore(state, OptimizerState.Kind.ADAMW, hyperParameters(), parameters);
    }

    private float[] hyperParameters() {
        float[] h = adam.hyperParameters();
        return new float[] {h[0], h[1], h[2], weightDecay};
    }

    @Override
    public void step(Parameters parameters, float learningRate) {
        adam.begin(parameters, learningRate);
        float keep = (float) (1 - (double) learningRate * weightDecay);
        adam.updateAll(parameters, learningRate, keep);
    }
}
