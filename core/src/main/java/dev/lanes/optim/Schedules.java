package dev.lanes.optim;

/**
 * The usual learning-rate schedules. Each is evaluated in double and rounded to float once, and each rejects
 * an epoch outside [0, totalEpochs) (and totalEpochs &lt; 1) with {@link IllegalArgumentException}.
 */
public final class Schedules {

    private Schedules() {}

    /**
     * η(e) = lr.
     *
     * @param lr the learning rate, finite and ≥ 0
     * @return the schedule
     */
    public static LearningRateSchedule constant(float lr) {
        return new Constant(rate("lr", lr));
    }

    /**
     * Step decay (PyTorch {@code StepLR}): η(e) = lr·factor^⌊e / everyEpochs⌋.
     *
     * @param factor      &gt; 0, finite (usually below 1, e.g. 0.1)
     * @param everyEpochs ≥ 1
     * @param lr          the learning rate of the first epochs, finite and ≥ 0
     * @return the schedule
     */
    public static LearningRateSchedule stepDecay(float lr, float factor, int everyEpochs) {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("everyEpochs must be at least 1, got " + everyEpochs);
        }
        return new StepDecay(rate("lr", lr), positive("factor", factor), everyEpochs);
    }

    /**
     * Exponential decay (PyTorch {@code ExponentialLR}): η(e) = lr·γ^e, γ &gt; 0 finite.
     *
     * @param lr    the learning rate of epoch 0, finite and ≥ 0
     * @param gamma γ, the factor per epoch
     * @return the schedule
     */
    public static LearningRateSchedule exponential(float lr, float gamma) {
        return new Exponential(rate("lr", lr), positive("gamma", gamma));
    }

    /**
     * Cosine annealing (PyTorch {@code CosineAnnealingLR} with T_max = totalEpochs, no restarts):
     * η(e) = minLr + ½·(lr − minLr)·(1 + cos(π·e / totalEpochs)); η(0) = lr, and η falls towards minLr,
     * which it would reach at e = totalEpochs (one past the last epoch, as in PyTorch).
     *
     * @param minLr 0 ≤ minLr ≤ lr
     * @param lr    the learning rate of epoch 0, finite and ≥ 0
     * @return the schedule
     */
    public static LearningRateSchedule cosine(float lr, float minLr) {
        rate("lr", lr);
        rate("minLr", minLr);
        if (minLr > lr) {
            throw new IllegalArgumentException("minLr " + minLr + " exceeds lr " + lr);
        }
        return new Cosine(lr, minLr);
    }

    private record Constant(float lr) implements LearningRateSchedule {
        @Override
        public float rate(int epoch, int totalEpochs) {
            checkEpoch(epoch, totalEpochs);
            return lr;
        }
    }

    private record StepDecay(float lr, float factor, int everyEpochs) implements LearningRateSchedule {
        @Override
        public float rate(int epoch, int totalEpochs) {
            checkEpoch(epoch, totalEpochs);
            return (float) (lr * Math.pow(factor, epoch / everyEpochs));
        }
    }

    private record Exponential(float lr, float gamma) implements LearningRateSchedule {
        @Override
        public float rate(int epoch, int totalEpochs) {
            checkEpoch(epoch, totalEpochs);
            return (float) (lr * Math.pow(gamma, epoch));
        }
    }

    private record Cosine(float lr, float minLr) implements LearningRateSchedule {
        @Override
        public float rate(int epoch, int totalEpochs) {
            checkEpoch(epoch, totalEpochs);
            return (float) (minLr + 0.5 * ((double) lr - minLr) * (1 + Math.cos(Math.PI * epoch / totalEpochs)));
        }
    }

    static void checkEpoch(int epoch, int totalEpochs) {
        if (totalEpochs < 1 || epoch < 0 || epoch >= totalEpochs) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside [0, " + totalEpochs + ")");
        }
    }

    private static float rate(String name, float v) {
        if (!(v >= 0f) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
        return v;
    }

    private static float positive(String name, float v) {
        if (!(v > 0f) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
        return v;
    }
}
