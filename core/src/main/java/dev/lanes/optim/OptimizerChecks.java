package dev.lanes.optim;

/** Hyper-parameter checks and state allocation shared by the optimizers. */
final class OptimizerChecks {

    private OptimizerChecks() {}

    /** A learning rate must be finite and ≥ 0 (a schedule gone wrong would otherwise silently corrupt w). */
    static void rate(float lr) {
        if (!(lr >= 0f) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
    }

    /** A decay factor (momentum, β, α) in [0, 1): at 1 the state would never forget. */
    static float unit(String name, float v) {
        if (!(v >= 0f && v < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return v;
    }

    /** ε &gt; 0 and finite: with ε = 0 a parameter whose gradients were all 0 so far would get 0/0 = NaN. */
    static float epsilon(float eps) {
        if (!(eps > 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + eps);
        }
        return eps;
    }

    /** A weight decay λ ≥ 0, finite. */
    static float decay(float lambda) {
        if (!(lambda >= 0f) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + lambda);
        }
        return lambda;
    }

    /** Returns {@code state}, or a zeroed array of n floats on the first step; rejects a store of another size. */
    static float[] state(float[] state, int n) {
        if (state == null) {
            return new float[n];
        }
        if (state.length != n) {
            throw new IllegalArgumentException("this optimizer serves a store of " + state.length
                    + " parameters, got one of " + n);
        }
        return state;
    }
}
