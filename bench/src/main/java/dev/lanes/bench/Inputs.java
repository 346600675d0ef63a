package dev.lanes.bench;

import dev.lanes.data.Dataset;
import java.util.SplittableRandom;

/** Reproducible benchmark inputs: fixed seeds, so both twins of a family see the same data. */
final class Inputs {

    private Inputs() {}

    /** n floats uniform in [lo, hi), from the given seed. */
    static float[] uniform(int n, float lo, float hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(lo, hi);
        }
        return x;
    }

    /**
     * A classification set of {@code rows} rows of {@code width} features uniform in [-1, 1) (from the given
     * seed) whose row i has label i % classes: data of a real set's shape for timing, where the values do not
     * change the work.
     */
    static Dataset classes(String name, int rows, int width, int classes, long seed) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % classes;
        }
        return Dataset.classification(name, uniform(rows * width, -1f, 1f, seed), width, labels, classes);
    }

    /**
     * Parses a shape parameter such as {@code "256x128"} into its dimensions; {@code dims} is how many are
     * expected, so a typo in {@code -p shape=...} fails the setup rather than measuring the wrong thing.
     */
    static int[] shape(String text, int dims) {
        String[] parts = text.trim().split("x");
        if (parts.length != dims) {
            throw new IllegalArgumentException("shape '" + text + "' should have " + dims + " dimensions, like "
                    + (dims == 2 ? "256x128" : "32x64x2"));
        }
        int[] d = new int[dims];
        for (int i = 0; i < dims; i++) {
            d[i] = Integer.parseInt(parts[i]);
            if (d[i] < 1) {
                throw new IllegalArgumentException("shape '" + text + "' has a dimension below 1");
            }
        }
        return d;
    }
}
