package dev.lanes.optim;

import dev.lanes.nn.Parameters;

/**
 * An element-wise optimizer that keeps one value per parameter (a velocity, a sum or a mean of squares),
 * allocated at the first step, plus a step count: the step's checks, its checkpoint state and the restore
 * from one, shared by {@link Momentum}, {@link Nesterov}, {@link Adagrad} and {@link RmsProp}. A subclass
 * writes only its update ({@link #updateRange}), reading and writing {@link #state}.
 */
abstract class OneStateOptimizer extends ElementwiseOptimizer {

    private final OptimizerState.Kind kind;
    private final float[] hyperParameters;
    /** One value per parameter: null before the first step (or restore). */
    float[] state;
    private long steps;

    /**
     * @param kind            names this optimizer in its checkpoint state
     * @param hyperParameters checked already; stored with the state, and a restore must match them
     */
    OneStateOptimizer(OptimizerState.Kind kind, float... hyperParameters) {
        this.kind = kind;
        this.hyperParameters = hyperParameters.clone();
    }

    @Override
    public final void step(Parameters parameters, float learningRate) {
        OptimizerChecks.rate(learningRate);
        state = OptimizerChecks.state(state, parameters.size());
        updateAll(parameters, learningRate);
        steps++;
    }

    @Override
    public final OptimizerState state(Parameters parameters) {
        return OptimizerChecks.capture(kind, hyperParameters.clone(), steps, parameters, state);
    }

    @Override
    public final void restore(OptimizerState saved, Parameters parameters) {
        state = OptimizerChecks.restore(saved, kind, hyperParameters, parameters)[0];
        steps = saved.steps();
    }
}
