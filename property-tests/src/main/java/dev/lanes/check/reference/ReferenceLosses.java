package dev.lanes.check.reference;

/**
 * The losses as their textbook formulas, in double on double inputs (so a test can perturb an input by a
 * step no float holds and take centered differences). Every sum is compensated ({@link ExactSum}). Shares
 * no code with {@code dev.lanes.loss}. x: (batch, width) row-major; each returns the mean the loss documents.
 */
public final class ReferenceLosses {

    private ReferenceLosses() {}

    /** (1/(B·W))·Σ (x − t)². */
    public static double meanSquaredError(double[] x, float[] t, int batch, int width) {
        ExactSum s = new ExactSum();
        for (int k = 0; k < batch * width; k++) {
            double d = x[k] - t[k];
            s.add(d * d);
        }
        return s.value() / ((double) batch * width);
    }

    /** −(1/B)·Σ_i log softmax(x_i)_{y_i}, with log softmax(x)_y = x_y − log Σ_j e^{x_j} (shifted by the max). */
    public static double softmaxCrossEntropy(double[] x, int[] labels, int batch, int width) {
        ExactSum s = new ExactSum();
        for (int i = 0; i < batch; i++) {
            int row = i * width;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                m = Math.max(m, x[row + j]);
            }
            ExactSum e = new ExactSum();
            for (int j = 0; j < width; j++) {
                e.add(StrictMath.exp(x[row + j] - m));
            }
            s.add(m + StrictMath.log(e.value()) - x[row + labels[i]]);
        }
        return s.value() / batch;
    }

    /**
     * (1/(B·W))·Σ −t·log σ(z) − (1 − t)·log(1 − σ(z)), with log σ(z) = −log(1 + e^−z) and
     * 1 − σ(z) = σ(−z) (identities, not the stable max form the loss uses); for |z| ≤ 700.
     */
    public static double binaryCrossEntropy(double[] z, float[] t, int batch, int width) {
        ExactSum s = new ExactSum();
        for (int k = 0; k < batch * width; k++) {
            double logSigma = -StrictMath.log1p(StrictMath.exp(-z[k]));
            double logOneMinusSigma = -StrictMath.log1p(StrictMath.exp(z[k]));
            s.add(-t[k] * logSigma - (1.0 - t[k]) * logOneMinusSigma);
        }
        return s.value() / ((double) batch * width);
    }

    /** σ(z) = 1/(1 + e^−z). */
    public static double sigmoid(double z) {
        return 1 / (1 + StrictMath.exp(-z));
    }

    /** (1/B)·Σ_i Σ_{j ≠ y_i} max(0, x_ij − x_{i,y_i} + 1). */
    public static double multiclassHinge(double[] x, int[] labels, int batch, int width) {
        ExactSum s = new ExactSum();
        for (int i = 0; i < batch; i++) {
            int row = i * width;
            for (int j = 0; j < width; j++) {
                double margin = x[row + j] - x[row + labels[i]] + 1;
                if (j != labels[i] && margin > 0) {
                    s.add(margin);
                }
            }
        }
        return s.value() / batch;
    }

    /** The softmax of row i of x: (B, W), in double. */
    public static double[] softmaxRow(double[] x, int i, int width) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < width; j++) {
            m = Math.max(m, x[i * width + j]);
        }
        double[] p = new double[width];
        ExactSum s = new ExactSum();
        for (int j = 0; j < width; j++) {
            p[j] = StrictMath.exp(x[i * width + j] - m);
            s.add(p[j]);
        }
        for (int j = 0; j < width; j++) {
            p[j] /= s.value();
        }
        return p;
    }
}
