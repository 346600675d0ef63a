package dev.lanes.data;

import dev.lanes.random.Rng;

/**
 * Small synthetic datasets for learning and testing, each a pure function of its arguments and seed (all
 * randomness from {@link Rng}), so a run is reproducible bit for bit. Rows are ordered class by class; a
 * training loop shuffles them.
 */
public final class Generators {

    private Generators() {}

    /**
     * The CS231n spiral: {@code classes} arms of {@code pointsPerClass} 2-D points each, not linearly separable.
     * For arm j and i ∈ [0, N): radius r = i/(N−1), angle t = 4j + 4·i/(N−1) + noise·g (g standard normal),
     * point (r·sin t, r·cos t), label j. CS231n uses noise 0.2.
     *
     * @param classes        the number of arms, ≥ 1
     * @param pointsPerClass the points per arm, ≥ 1
     * @param noise          the standard deviation of the angle noise, finite and ≥ 0
     * @param seed           seeds the noise
     * @return a classification set of classes · pointsPerClass rows of width 2, arm by arm
     */
    public static Dataset spiral(int classes, int pointsPerClass, double noise, long seed) {
        checkCounts(classes, pointsPerClass);
        checkNoise(noise);
        Rng rng = new Rng(seed);
        int n = classes * pointsPerClass;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int j = 0; j < classes; j++) {
            for (int i = 0; i < pointsPerClass; i++) {
                double s = linspace(i, pointsPerClass);
                double t = 4.0 * j + 4.0 * s + noise * rng.nextGaussian();
                int row = j * pointsPerClass + i;
                x[2 * row] = (float) (s * Math.sin(t));
                x[2 * row + 1] = (float) (s * Math.cos(t));
                y[row] = j;
            }
        }
        return Dataset.classification("spiral(" + classes + "×" + pointsPerClass + ")", x, 2, y, classes);
    }

    /**
     * Regression on one variable: {@code points} evenly spaced x in [−π, π] (ends included), target
     * y = sin x + noise·g with g standard normal. Shapes: features (points, 1), targets (points, 1).
     *
     * @param points the number of points, ≥ 2
     * @param noise  the standard deviation of the target noise, finite and ≥ 0
     * @param seed   seeds the noise
     * @return a regression set of points rows, in order of x
     */
    public static Dataset sine(int points, double noise, long seed) {
        if (points < 2) {
            throw new IllegalArgumentException("need at least 2 points, got " + points);
        }
        checkNoise(noise);
        Rng rng = new Rng(seed);
        float[] x = new float[points];
        float[] y = new float[points];
        for (int i = 0; i < points; i++) {
            double xi = -Math.PI + 2 * Math.PI * linspace(i, points);
            x[i] = (float) xi;
            y[i] = (float) (Math.sin(xi) + noise * rng.nextGaussian());
        }
        return Dataset.regression("sine(" + points + ")", x, 1, y, 1);
    }

    /**
     * {@code classes} Gaussian clusters in 2-D, linearly separable: centres c_k evenly on a circle of radius
     * 4, each point c_k + spread·(g1, g2). A draw whose offset reaches 0.9 × half the distance between
     * neighbouring centres is redrawn, which guarantees that the linear rule argmax_k c_k·x classifies every
     * point correctly. (For one class, the single centre is at (4, 0).)
     *
     * @param classes        the number of clusters, ≥ 1
     * @param pointsPerClass the points per cluster, ≥ 1
     * @param spread         the standard deviation of each coordinate's offset from the centre, &gt; 0 and finite
     * @param seed           seeds the offsets
     * @return a classification set of classes · pointsPerClass rows of width 2, cluster by cluster
     */
    public static Dataset blobs(int classes, int pointsPerClass, double spread, long seed) {
        checkCounts(classes, pointsPerClass);
        if (!(spread > 0) || !Double.isFinite(spread)) {
            throw new IllegalArgumentException("spread must be positive and finite, got " + spread);
        }
        Rng rng = new Rng(seed);
        double radius = 4;
        // Half the chord between neighbours: R·sin(π/K); with one or two classes, use R.
        double limit = 0.9 * (classes > 2 ? radius * Math.sin(Math.PI / classes) : radius);
        int n = classes * pointsPerClass;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int k = 0; k < classes; k++) {
            double angle = 2 * Math.PI * k / classes;
            double cx = radius * Math.cos(angle);
            double cy = radius * Math.sin(angle);
            for (int i = 0; i < pointsPerClass; i++) {
                double dx;
                double dy;
                do {
                    dx = spread * rng.nextGaussian();
                    dy = spread * rng.nextGaussian();
                } while (Math.hypot(dx, dy) >= limit);
                int row = k * pointsPerClass + i;
                x[2 * row] = (float) (cx + dx);
                x[2 * row + 1] = (float) (cy + dy);
                y[row] = k;
            }
        }
        return Dataset.classification("blobs(" + classes + "×" + pointsPerClass + ")", x, 2, y, classes);
    }

    /**
     * XOR: the corners (0,0) and (1,1) are class 0, (0,1) and (1,0) class 1; {@code pointsPerCorner} points
     * around each corner with Gaussian noise of standard deviation {@code noise}. {@code xor(1, 0, seed)} is the
     * classic four-point problem, which no linear model solves.
     *
     * @param pointsPerCorner the points around each corner, ≥ 1
     * @param noise           the standard deviation of each coordinate's noise, finite and ≥ 0
     * @param seed            seeds the noise
     * @return a classification set of 4 · pointsPerCorner rows of width 2
     */
    public static Dataset xor(int pointsPerCorner, double noise, long seed) {
        checkCounts(4, pointsPerCorner);
        checkNoise(noise);
        Rng rng = new Rng(seed);
        int n = 4 * pointsPerCorner;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int corner = 0; corner < 4; corner++) {
            int a = corner >> 1;
            int b = corner & 1;
            for (int i = 0; i < pointsPerCorner; i++) {
                int row = corner * pointsPerCorner + i;
                x[2 * row] = (float) (a + noise * rng.nextGaussian());
                x[2 * row + 1] = (float) (b + noise * rng.nextGaussian());
                y[row] = a ^ b;
            }
        }
        return Dataset.classification("xor(4×" + pointsPerCorner + ")", x, 2, y, 2);
    }

    /**
     * A toy two-class set of adult (height cm, weight kg). <b>The numbers are synthetic</b>, drawn from
     * this seed, not measurements of anyone: class 0 heights ~ N(163, 7²), class 1 heights ~ N(177, 7.5²),
     * clamped to [140, 210] cm; weight = BMI · (height/100)² with BMI ~ N(23.5, 3²) for class 0 and
     * N(25, 3²) for class 1, clamped to [16, 40]. The classes overlap, so no classifier is perfect. Features
     * are unscaled; standardise them ({@link Standardization}) before training.
     *
     * @param pointsPerClass the points per class, ≥ 1
     * @param seed           seeds the draws
     * @return a classification set of 2 · pointsPerClass rows (height cm, weight kg)
     */
    public static Dataset heightWeight(int pointsPerClass, long seed) {
        checkCounts(2, pointsPerClass);
        Rng rng = new Rng(seed);
        double[] heightMean = {163, 177};
        double[] heightStd = {7, 7.5};
        double[] bmiMean = {23.5, 25};
        int n = 2 * pointsPerClass;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < pointsPerClass; i++) {
                double h = clamp(heightMean[k] + heightStd[k] * rng.nextGaussian(), 140, 210);
                double bmi = clamp(bmiMean[k] + 3 * rng.nextGaussian(), 16, 40);
                int row = k * pointsPerClass + i;
                x[2 * row] = (float) h;
                x[2 * row + 1] = (float) (bmi * (h / 100) * (h / 100));
                y[row] = k;
            }
        }
        return Dataset.classification("height-weight(2×" + pointsPerClass + ", synthetic)", x, 2, y, 2);
    }

    /** i/(n−1) for n ≥ 2, and 0 for n = 1: numpy's linspace(0, 1, n). */
    private static double linspace(int i, int n) {
        return n == 1 ? 0 : (double) i / (n - 1);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static void checkCounts(int classes, int pointsPerClass) {
        if (classes < 1 || pointsPerClass < 1) {
            throw new IllegalArgumentException("need at least one class and one point per class, got " + classes
                    + " and " + pointsPerClass);
        }
        if ((long) classes * pointsPerClass * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(classes + " × " + pointsPerClass + " points are too many");
        }
    }

    private static void checkNoise(double noise) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be non-negative and finite, got " + noise);
        }
    }
}
