package dev.lanes.loss;

/** Boundary checks shared by the losses: sizes, array lengths, aliasing, then {@link Targets#check}. */
final class LossChecks {

    private LossChecks() {}

    /**
     * Checks {@code output: (batch, width)} (and {@code grad} of the same shape when non-null) against the
     * targets. A mean over zero rows is undefined, so batch must be at least 1.
     */
    static void check(float[] grad, float[] output, Targets targets, Targets.Kind kind, int batch, int width) {
        if (batch < 1 || width < 1) {
            throw new IllegalArgumentException("a loss needs batch >= 1 and width >= 1, got " + batch + " × "
                    + width);
        }
        long size = (long) batch * width;
        if (output.length < size) {
            throw new IllegalArgumentException("output holds " + output.length + " floats, (" + batch + ", "
                    + width + ") needs " + size);
        }
        if (grad != null) {
            if (grad.length < size) {
                throw new IllegalArgumentException("grad holds " + grad.length + " floats, (" + batch + ", "
                        + width + ") needs " + size);
            }
            if (grad == output) {
                throw new IllegalArgumentException("grad must not overlap output");
            }
        }
        targets.check(kind, batch, width);
    }
}
