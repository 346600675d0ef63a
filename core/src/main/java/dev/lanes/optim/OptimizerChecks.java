package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/** Hyper-parameter checks, state allocation, and saving and restoring state, shared by the optimizers. */
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

    /**
     * A copy of an optimizer's state for a store of {@code parameters.size()} floats; a null moment (no step
     * yet) is copied as zeros.
     */
    static OptimizerState capture(OptimizerState.Kind kind, float[] hyper, long steps, Parameters parameters,
                                  float[]... moments) {
        int n = parameters.size();
        float[][] copies = new float[moments.length][];
        for (int k = 0; k < moments.length; k++) {
            copies[k] = state(moments[k], n).clone();
        }
        return new OptimizerState(kind, hyper, steps, copies);
    }

    /**
     * Checks that {@code s} was taken from an optimizer of this kind and with these hyper-parameters (bit for
     * bit), for a store of {@code parameters.size()} floats, and returns copies of its moments.
     */
    static float[][] restore(OptimizerState s, OptimizerState.Kind kind, float[] hyper, Parameters parameters) {
        if (s.kind() != kind) {
            throw new IllegalArgumentException("the saved state is " + s.kind().label() + "'s, this optimizer is "
                    + kind.label());
        }
        for (int i = 0; i < hyper.length; i++) {
            if (Float.floatToRawIntBits(s.hyperParameters()[i]) != Float.floatToRawIntBits(hyper[i])) {
                throw new IllegalArgumentException("the saved " + kind.label() + " state has "
                        + kind.hyperParameters().get(i) + " = " + s.hyperParameters()[i] + ", this optimizer "
                        + hyper[i]);
            }
        }
        float[][] copies = new float[s.moments().length][];
        for (int k = 0; k < copies.length; k++) {
            if (s.moments()[k].length != parameters.size()) {
                throw new IllegalArgumentException("the saved " + kind.label() + " state is for a store of "
                        + s.moments()[k].length + " parameters, this one has " + parameters.size());
            }
            copies[k] = s.moments()[k].clone();
        }
        return copies;
    }
}
