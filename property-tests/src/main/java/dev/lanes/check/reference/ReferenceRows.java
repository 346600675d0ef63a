package dev.lanes.check.reference;

/** Row-wise references: softmax, log-softmax, maxout and its backward, in the contract's layouts. */
public final class ReferenceRows {

    private ReferenceRows() {}

    /**
     * Softmax of one row x[off .. off+n) in double: e^(x_j − M) / Σ_l e^(x_l − M), M the row max (as
     * {@link ReferenceActivations#max(float[], int, int)}); NaN everywhere when M is not finite.
     */
    public static double[] softmax(float[] x, int off, int n) {
        double[] out = new double[n];
        float m = ReferenceActivations.max(x, off, n);
        if (Float.isNaN(m) || Float.isInfinite(m)) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        double total = 0;
        for (int j = 0; j < n; j++) {
            out[j] = StrictMath.exp((double) x[off + j] - m);
            total += out[j];
        }
        for (int j = 0; j < n; j++) {
            out[j] /= total;
        }
        return out;
    }

    /** log Σ_l e^(x_l − M) for one row with a finite max M (≥ 0, since the max term is 1). */
    public static double logSumExpShifted(float[] x, int off, int n) {
        float m = ReferenceActivations.max(x, off, n);
        double total = 0;
        for (int j = 0; j < n; j++) {
            total += StrictMath.exp((double) x[off + j] - m);
        }
        return StrictMath.log(total);
    }

    /** Log-softmax of one row: x_j − M − log Σ e^(x_l − M); NaN everywhere when M is not finite. */
    public static double[] logSoftmax(float[] x, int off, int n) {
        double[] out = new double[n];
        float m = ReferenceActivations.max(x, off, n);
        if (Float.isNaN(m) || Float.isInfinite(m)) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        double lse = logSumExpShifted(x, off, n);
        for (int j = 0; j < n; j++) {
            out[j] = ((double) x[off + j] - m) - lse;
        }
        return out;
    }

    /** Maxout: out[i·units + j] = max_p x[i·k·units + p·units + j]; x and out dense from offset 0 of the copies. */
    public static float[] maxout(float[] x, int xOff, int m, int units, int k) {
        float[] out = new float[m * units];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < units; j++) {
                float best = Float.NEGATIVE_INFINITY;
                for (int p = 0; p < k; p++) {
                    best = ReferenceActivations.max(best, x[xOff + i * k * units + p * units + j]);
                }
                out[i * units + j] = best;
            }
        }
        return out;
    }

    /** Maxout backward: dy routed to the first piece attaining the max (argmax rules), 0 elsewhere. */
    public static float[] maxoutBackward(float[] dy, int dyOff, float[] x, int xOff, int m, int units, int k) {
        float[] dx = new float[m * k * units];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < units; j++) {
                int rowStart = xOff + i * k * units + j;
                int p = ReferenceActivations.argmax(x, rowStart, units, k);
                dx[i * k * units + p * units + j] = dy[dyOff + i * units + j];
            }
        }
        return dx;
    }
}
