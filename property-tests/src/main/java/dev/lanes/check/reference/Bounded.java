package dev.lanes.check.reference;

/**
 * A running error analysis (Higham, Accuracy and Stability of Numerical Algorithms, §3.3): {@code v} is the
 * exact value of an expression over float inputs (evaluated in double), {@code e} a bound on how far the
 * same expression evaluated in float, one rounding per operation in the order written, can be from it.
 * Each operation adds the propagated input errors and its own rounding, u·(|exact| + propagated) under
 * Higham's model fl(a ∘ b) = (a ∘ b)(1 + δ) + η, |δ| ≤ u = 2⁻²⁴, η ≤ 2⁻¹⁵⁰ for products and quotients
 * (gradual underflow), η = 0 for sums. An extra 2⁻⁵⁰·|v| per operation covers the double evaluation of v.
 * Fused operations (fma) round less and stay within the bound.
 */
public record Bounded(double v, double e) {

    private static final double U = 0x1p-24;
    private static final double ETA = 0x1p-150;
    private static final double DOUBLE = 0x1p-50;

    /** A float input: exact. */
    public static Bounded exact(float x) {
        return new Bounded(x, 0);
    }

    /** A constant computed in double (error ≤ a few double ulps) and rounded to float once. */
    public static Bounded rounded(double c) {
        return new Bounded(c, (U + DOUBLE) * Math.abs(c) + ETA);
    }

    public Bounded add(Bounded b) {
        double value = v + b.v;
        double carried = e + b.e;
        return new Bounded(value, carried + U * (Math.abs(value) + carried) + DOUBLE * Math.abs(value));
    }

    public Bounded sub(Bounded b) {
        return add(new Bounded(-b.v, b.e));
    }

    public Bounded mul(Bounded b) {
        double value = v * b.v;
        double carried = Math.abs(v) * b.e + Math.abs(b.v) * e + e * b.e;
        return new Bounded(value, carried + U * (Math.abs(value) + carried) + ETA + DOUBLE * Math.abs(value));
    }

    /** Needs |b| &gt; b.e (the divisor's sign is known); otherwise the bound is +∞. */
    public Bounded div(Bounded b) {
        double value = v / b.v;
        double ab = Math.abs(b.v);
        double carried = ab > b.e ? (e * ab + Math.abs(v) * b.e) / (ab * (ab - b.e)) : Double.POSITIVE_INFINITY;
        return new Bounded(value, carried + U * (Math.abs(value) + carried) + ETA + DOUBLE * Math.abs(value));
    }

    /** √ of a value ≥ 0: |√â − √a| ≤ min(e/√a, √e); sqrt is correctly rounded. */
    public Bounded sqrt() {
        double value = Math.sqrt(v);
        double carried = value > 0 ? Math.min(e / value, Math.sqrt(e)) : Math.sqrt(e);
        return new Bounded(value, carried + U * (value + carried) + DOUBLE * value);
    }
}
