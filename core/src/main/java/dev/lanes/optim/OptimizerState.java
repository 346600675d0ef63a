package dev.lanes.optim;

import java.util.List;

/**
 * What an optimizer carries from one step to the next, copied out for a checkpoint ({@link Optimizer#state})
 * and put back to continue exactly ({@link Optimizer#restore}).
 *
 * @param kind            which optimizer
 * @param hyperParameters its constants, in the order {@link Kind#hyperParameters()} names them (Adam: β1, β2, ε)
 * @param steps           steps taken so far, ≥ 0; Adam's and AdamW's t, so at most 2³¹ − 1 for them
 * @param moments         one array per {@link Kind#moments()} name, each as long as the parameter store and in
 *                        its order; zeros before the first step. Held as given, not copied.
 */
public record OptimizerState(Kind kind, float[] hyperParameters, long steps, float[][] moments) {

    /** The optimizers whose state can be saved, with the names of their constants and moments. */
    public enum Kind {
        /** {@link Sgd}: no constants, no moments; the step count only. */
        SGD("sgd", List.of(), List.of()),
        /** {@link Momentum}: μ; the velocity. */
        MOMENTUM("momentum", List.of("μ"), List.of("velocity")),
        /** {@link Nesterov}: μ; the velocity. */
        NESTEROV("nesterov", List.of("μ"), List.of("velocity")),
        /** {@link Adagrad}: ε; the sum of squared gradients G. */
        ADAGRAD("adagrad", List.of("ε"), List.of("sum of squares")),
        /** {@link RmsProp}: α, ε; the mean square s. */
        RMSPROP("rmsprop", List.of("α", "ε"), List.of("mean square")),
        /** {@link Adam}: β1, β2, ε; the moments m and v. */
        ADAM("adam", List.of("β1", "β2", "ε"), List.of("m", "v")),
        /** {@link AdamW}: β1, β2, ε, λ; the moments m and v. */
        ADAMW("adamw", List.of("β1", "β2", "ε", "λ"), List.of("m", "v"));

        private final String label;
        private final List<String> hyperParameters;
        private final List<String> moments;

        Kind(String label, List<String> hyperParameters, List<String> moments) {
            this.label = label;
            this.hyperParameters = hyperParameters;
            this.moments = moments;
        }

        /** {@return the lower-case name, as the command line spells it} */
        public String label() {
            return label;
        }

        /** {@return the names of the constants, in {@link OptimizerState#hyperParameters()} order} */
        public List<String> hyperParameters() {
            return hyperParameters;
        }

        /** {@return the names of the per-parameter arrays, in {@link OptimizerState#moments()} order} */
        public List<String> moments() {
            return moments;
        }

        /**
         * Whether moment {@code i} is a running sum or mean of squared gradients, so never below 0
         * (Adagrad's G, RMSprop's s, Adam's v): a negative value there is damage, not a state.
         *
         * @param i the moment's index in {@link #moments()}
         * @return whether it only accumulates squares
         */
        public boolean ofSquares(int i) {
            return this == ADAGRAD || this == RMSPROP || ((this == ADAM || this == ADAMW) && i == 1);
        }
    }

    /**
     * Checks the state against its kind.
     *
     * @throws IllegalArgumentException when the counts do not match the kind, the moments differ in length,
     *                                  steps is negative (or above 2³¹ − 1 for Adam and AdamW, whose t is an
     *                                  int) or a sum of squares is negative
     */
    public OptimizerState {
        if (kind == null || hyperParameters == null || moments == null) {
            throw new NullPointerException("kind, hyperParameters and moments are required");
        }
        if (hyperParameters.length != kind.hyperParameters.size()) {
            throw new IllegalArgumentException(kind.label + " has " + kind.hyperParameters.size()
                    + " hyper-parameters " + kind.hyperParameters + ", got " + hyperParameters.length);
        }
        if (moments.length != kind.moments.size()) {
            throw new IllegalArgumentException(kind.label + " has " + kind.moments.size() + " moments "
                    + kind.moments + ", got " + moments.length);
        }
        long maxSteps = maxSteps(kind);
        if (steps < 0 || steps > maxSteps) {
            throw new IllegalArgumentException(kind.label + ": steps " + steps + " is outside [0, " + maxSteps + "]");
        }
        for (int k = 0; k < moments.length; k++) {
            if (moments[k].length != moments[0].length) {
                throw new IllegalArgumentException(kind.label + ": moment " + kind.moments.get(k) + " holds "
                        + moments[k].length + " floats, " + kind.moments.get(0) + " " + moments[0].length);
            }
            if (kind.ofSquares(k)) {
                int bad = firstNegative(moments[k]);
                if (bad >= 0) {
                    throw new IllegalArgumentException(kind.label + ": " + kind.moments.get(k) + "[" + bad + "] = "
                            + moments[k][bad] + " is negative, but it accumulates squares");
                }
            }
        }
    }

    /**
     * The most steps a state of this kind can record: Adam's t is an int.
     *
     * @param kind the optimizer
     * @return the largest {@link OptimizerState#steps()} it allows
     */
    public static long maxSteps(Kind kind) {
        return kind == Kind.ADAM || kind == Kind.ADAMW ? Integer.MAX_VALUE : Long.MAX_VALUE;
    }

    /**
     * The index of the first value below 0 (NaN is not), or −1.
     *
     * @param a the values to search
     * @return the index, or −1 when there is none
     */
    public static int firstNegative(float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    /** "adam (β1 = 0.9, β2 = 0.999, ε = 1.0E-8), 120 steps". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind.label);
        for (int i = 0; i < hyperParameters.length; i++) {
            s.append(i == 0 ? " (" : ", ").append(kind.hyperParameters.get(i)).append(" = ").append(hyperParameters[i]);
        }
        return s.append(hyperParameters.length > 0 ? "), " : ", ").append(steps).append(" steps").toString();
    }
}
