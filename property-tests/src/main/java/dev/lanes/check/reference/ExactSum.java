package dev.lanes.check.reference;

/**
 * A running sum of doubles with Neumaier's compensation, so reference sums of up to millions of float
 * products (each exact in double) carry an error far below a float ulp. Also tracks Σ|terms|, the magnitude
 * every reduction bound is proportional to.
 */
public final class ExactSum {

    private double sum;
    private double compensation;
    private double magnitude;

    /** An empty sum: 0, with magnitude 0. */
    public ExactSum() {}

    public ExactSum add(double term) {
        double t = sum + term;
        if (Math.abs(sum) >= Math.abs(term)) {
            compensation += (sum - t) + term;
        } else {
            compensation += (term - t) + sum;
        }
        sum = t;
        magnitude += Math.abs(term);
        return this;
    }

    /** The sum; NaN or ±∞ when a term was (IEEE rules in double, where float products cannot overflow). */
    public double value() {
        double v = sum + compensation;
        return Double.isNaN(compensation) && !Double.isNaN(sum) ? sum : v;
    }

    /** Σ|terms|. */
    public double magnitude() {
        return magnitude;
    }
}
