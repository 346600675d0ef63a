package dev.lanes.optim;

import dev.lanes.nn.Parameters;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2015), PyTorch's {@code Adam} with weight_decay 0 and amsgrad off. At step t = 1, 2, …:
 * <pre>
 *   m = β1·m + (1 − β1)·g          v = β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1^t)             v̂ = v / (1 − β2^t)
 *   w −= lr·m̂ / (√v̂ + ε)
 * </pre>
 * Defaults as PyTorch: β1 = 0.9, β2 = 0.999, ε = 1e-8. Evaluated as PyTorch does, with the two bias
 * corrections folded into per-step constants: w −= (lr / (1 − β1^t))·m / (√v·(1/√(1 − β2^t)) + ε), so an
 * element costs one sqrt and one division and m̂, v̂ are never stored.
 */
public final class Adam extends ElementwiseOptimizer {

    private final float beta1;
    private final float beta2;
    private final float oneMinusBeta1;
    private final float oneMinusBeta2;
    private final float eps;
    private float[] m;
    private float[] v;
    private int t;

    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public Adam() {
        this(0.9f, 0.999f, 1e-8f);
    }

    /**
     * Adam with the given constants.
     *
     * @param beta1 β1 ∈ [0, 1), the decay of the first moment m
     * @param beta2 β2 ∈ [0, 1), the decay of the second moment v
     * @param eps   ε &gt; 0, finite
     */
    public Adam(float beta1, float beta2, float eps) {
        this.beta1 = OptimizerChecks.unit("beta1", beta1);
        this.beta2 = OptimizerChecks.unit("beta2", beta2);
        this.oneMinusBeta1 = (float) (1.0 - beta1); // exact for β ≥ ½ (Sterbenz)
        this.oneMinusBeta2 = (float) (1.0 - beta2);
        this.eps = OptimizerChecks.epsilon(eps);
    }

    /** {@return the steps taken so far (t of the last step)} */
    public int steps() {
        return t;
    }

    @Override
    public OptimizerState state(Parameters parameters) {
        return state(OptimizerState.Kind.ADAM, hyperParameters(), parameters);
    }

    @Override
    public void restore(OptimizerState state, Parameters parameters) {
        restore(state, OptimizerState.Kind.ADAM, hyperParameters(), parameters);
    }

    float[] hyperParameters() {
        return new float[] {beta1, beta2, eps};
    }

    OptimizerState state(OptimizerState.Kind kind, float[] hyper, Parameters parameters) {
        return OptimizerChecks.capture(kind, hyper, t, parameters, m, v);
    }

    void restore(OptimizerState state, OptimizerState.Kind kind, float[] hyper, Parameters parameters) {
        float[][] moments = OptimizerChecks.restore(state, kind, hyper, parameters);
        m = moments[0];
        v = moments[1];
        t = (int) state.steps(); // ≤ 2³¹ − 1 for Adam's kinds (OptimizerState)
    }

    @Override
    public void step(Parameters parameters, float learningRate) {
        begin(parameters, learningRate);
        updateAll(parameters, learningRate, 1f);
    }

    // AdamW's decay factor and the tensors it applies to, for the step in progress (1: none).
    private float keep;
    private List<Parameters.Segment> segments;

    /**
     * The update of every parameter, after {@link #begin}: the tensors that decay are scaled by {@code keep}
     * first (AdamW's 1 − lr·λ), the others by 1; {@code keep = 1} scales nothing.
     */
    void updateAll(Parameters parameters, float learningRate, float keep) {
        this.keep = keep;
        segments = parameters.segments();
        updateAll(parameters, learningRate);
    }

    @Override
    void updateRange(int from, int to) {
        if (keep == 1f) {
            update(w, g, from, to, 1f, rate);
            return;
        }
        for (int s = 0; s < segments.size(); s++) { // segments tile the store in order; indexed, no iterator
            Parameters.Segment seg = segments.get(s);
            int lo = Math.max(from, seg.offset()), hi = Math.min(to, seg.offset() + seg.size());
            if (lo < hi) {
                update(w, g, lo, hi, seg.decays() ? keep : 1f, rate);
            }
        }
    }

    /** Checks, allocates the moments on the first step and advances t. */
    void begin(Parameters parameters, float learningRate) {
        OptimizerChecks.rate(learningRate);
        m = OptimizerChecks.state(m, parameters.size());
        v = OptimizerChecks.state(v, parameters.size());
        t++;
    }

    /**
     * The Adam update of w[from, to) after scaling it by {@code keep} (1, or AdamW's 1 − lr·λ; w·1 is exact).
     * Call after {@link #begin}.
     */
    void update(float[] w, float[] g, int from, int to, float keep, float learningRate) {
        float stepSize = (float) (learningRate / (1 - Math.pow(beta1, t)));
        float invRootCorrection2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
        float[] m = this.m;
        float[] v = this.v;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = beta1 * m[i] + oneMinusBeta1 * gi;
            float vi = beta2 * v[i] + oneMinusBeta2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            float denominator = (float) Math.sqrt(vi) * invRootCorrection2 + eps;
            w[i] = w[i] * keep - stepSize * mi / denominator;
        }
    }
}
