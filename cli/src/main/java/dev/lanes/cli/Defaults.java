package dev.lanes.cli;

import dev.lanes.cli.Choices.OptimizerKind;

/**
 * What {@code train} uses for an option left out, by the kind of data. The built-in sets keep the spiral demo's
 * settings (CS231n's: SGD 0.5, L2 1e-3, batches of 30, 300 epochs; Adam for regression, where SGD 0.5
 * diverges). Files get what suits real data: Adam at 1e-3 down a cosine schedule to 0 over the run, batches of
 * 64, no L2, and 10 epochs — or, on a small file, as many epochs as make {@value #FILE_STEPS} steps, since 10
 * passes over 150 rows are 30 steps, too few for Adam at 1e-3 to fit anything. The schedule: a run on a file
 * has a fixed budget of epochs, and lowering the rate towards its end settles the weights instead of leaving
 * them where the last noisy steps at full rate put them (Fashion-MNIST, 784-128-10, 5 epochs: 88.2-88.8 % on
 * the test set over seeds 1-6, against 87.3-87.9 % at a constant rate; docs/cli.md). docs/cli.md lists them.
 */
final class Defaults {

    static final int DEMO_BATCH = 30;
    static final int DEMO_EPOCHS = 300;
    static final float DEMO_L2 = 1e-3f;
    static final int FILE_BATCH = 64;
    static final int FILE_EPOCHS = 10;
    /** The fewest steps the epochs chosen for a file make. */
    static final int FILE_STEPS = 2000;
    /** The most epochs chosen for a file (a file of one row would otherwise ask for 2000). */
    static final int FILE_MAX_EPOCHS = 1000;

    private Defaults() {}

    static OptimizerKind optimizer(boolean file, boolean classification) {
        return file || !classification ? OptimizerKind.ADAM : OptimizerKind.SGD;
    }

    static float rate(OptimizerKind optimizer, boolean file) {
        return file ? optimizer.fileRate : optimizer.demoRate;
    }

    static int batch(boolean file) {
        return file ? FILE_BATCH : DEMO_BATCH;
    }

    static ScheduleOption schedule(boolean file) {
        return file ? ScheduleOption.COSINE : ScheduleOption.CONSTANT;
    }

    static float l2(boolean file) {
        return file ? 0f : DEMO_L2;
    }

    /** For a file: 10 epochs, or enough for 2000 steps of {@code batch} over {@code rows} rows (at most 1000). */
    static int epochs(boolean file, int rows, int batch) {
        if (!file) {
            return DEMO_EPOCHS;
        }
        long stepsPerEpoch = (rows + (long) batch - 1) / batch;
        long forSteps = (FILE_STEPS + stepsPerEpoch - 1) / stepsPerEpoch;
        return (int) Math.min(FILE_MAX_EPOCHS, Math.max(FILE_EPOCHS, forSteps));
    }
}
