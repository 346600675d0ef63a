package dev.lanes.data;

import java.util.Arrays;

/**
 * Per-feature shift and scale, {@code x' = (x − mean) / std}, fitted on one set (the training data) and applied
 * unchanged to others and to inputs at prediction time, so a model sees inputs on the scale it was trained on.
 * A constant feature (std 0) is only centred (its scale is taken as 1) rather than divided by zero.
 */
public final class Standardization {

    private final float[] means;
    private final float[] stds;

    private Standardization(float[] means, float[] stds) {
        this.means = means;
        this.stds = stds;
    }

    /**
     * Means and population standard deviations of each column of {@code data}, accumulated in double.
     *
     * @param data the set to fit, usually the training data
     * @return the fitted standardisation
     */
    public static Standardization fit(Dataset data) {
        int w = data.width();
        int n = data.rows();
        double[] sum = new double[w];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < w; c++) {
                sum[c] += data.feature(r, c);
            }
        }
        double[] mean = new double[w];
        for (int c = 0; c < w; c++) {
            mean[c] = sum[c] / n;
        }
        // Two passes: the centred sum of squares does not cancel catastrophically. Both walk the rows in
        // memory order (a column at a time would miss the cache on every row of a wide set).
        double[] sq = new double[w];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < w; c++) {
                double d = data.feature(r, c) - mean[c];
                sq[c] += d * d;
            }
        }
        float[] means = new float[w];
        float[] stds = new float[w];
        for (int c = 0; c < w; c++) {
            double std = Math.sqrt(sq[c] / n);
            means[c] = (float) mean[c];
            stds[c] = std > 0 ? (float) std : 1f;
        }
        return new Standardization(means, stds);
    }

    /**
     * A standardisation with given means and standard deviations (e.g. saved with a model).
     *
     * @param means the mean of each feature, finite
     * @param stds  the standard deviation of each feature, finite and &gt; 0
     * @return a standardisation over copies of the arrays
     */
    public static Standardization of(float[] means, float[] stds) {
        if (means.length != stds.length || means.length == 0) {
            throw new IllegalArgumentException("need as many means as stds, at least one; got " + means.length
                    + " and " + stds.length);
        }
        for (int c = 0; c < stds.length; c++) {
            if (!(stds[c] > 0) || !Float.isFinite(stds[c]) || !Float.isFinite(means[c])) {
                throw new IllegalArgumentException("feature " + c + ": need a finite mean and a positive finite std,"
                        + " got " + means[c] + " and " + stds[c]);
            }
        }
        return new Standardization(means.clone(), stds.clone());
    }

    /** {@return the number of features it standardises} */
    public int width() {
        return means.length;
    }

    /** {@return a copy of the per-feature means} */
    public float[] means() {
        return means.clone();
    }

    /** {@return a copy of the per-feature scales: the standard deviations, 1 for a constant feature} */
    public float[] stds() {
        return stds.clone();
    }

    /**
     * Standardises {@code x: (rows, width)} in place (e.g. inputs to predict on). Allocates nothing.
     *
     * @param x    the rows: (rows, width) row-major; overwritten
     * @param rows the number of rows, ≥ 0
     */
    public void applyInPlace(float[] x, int rows) {
        int w = means.length;
        if ((long) rows * w > x.length) {
            throw new IllegalArgumentException(rows + " rows of " + w + " need " + (long) rows * w + " floats, got "
                    + x.length);
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                x[i] = (x[i] - means[c]) / stds[c];
            }
        }
    }

    /**
     * {@code data} with standardised features; targets unchanged.
     *
     * @param data a set of {@link #width()} features
     * @return a new set with the same name and targets
     */
    public Dataset apply(Dataset data) {
        checkWidth(data);
        float[] x = data.features();
        applyInPlace(x, data.rows());
        return data.adoptFeatures(x);
    }

    /**
     * As {@link #apply}, but standardises {@code data}'s own feature array instead of a copy and returns a set
     * that owns it: for sets too large to hold twice (Fashion-MNIST's 60 000 training images are 188 MB of
     * features; the command line standardises them this way). {@code data} must not be used afterwards: its
     * features are the standardised ones. Targets unchanged.
     *
     * @param data a set of {@link #width()} features, given up by the caller
     * @return a set with the same name and targets, holding data's array
     * @throws IllegalArgumentException when data does not have {@link #width()} features
     */
    public Dataset applyReusing(Dataset data) {
        checkWidth(data);
        float[] x = data.featuresArray();
        applyInPlace(x, data.rows());
        return data.adoptFeatures(x);
    }

    private void checkWidth(Dataset data) {
        if (data.width() != means.length) {
            throw new IllegalArgumentException(data.name() + " has " + data.width() + " features, this standardisation "
                    + means.length);
        }
    }

    @Override
    public String toString() {
        return "Standardization(means " + Arrays.toString(means) + ", stds " + Arrays.toString(stds) + ")";
    }
}
