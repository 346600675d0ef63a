package dev.lanes.check.reference;

/**
 * One step of each optimizer as its textbook formula, element by element, on {@link Bounded} values: the
 * value is the exact update of the exact state, the bound how far a float evaluation can drift from it over
 * the steps so far. The operations are written in the order {@code dev.lanes.optim} evaluates them (e.g.
 * Adam with its bias corrections folded into two per-step constants, each rounded to float once), so the
 * bound counts their roundings; mathematically every form equals the textbook one in its comment.
 * w and the state arrays are updated in place; state starts as {@code exact(0)}.
 */
public final class ReferenceOptimizers {

    private ReferenceOptimizers() {}

    /** w −= lr·g. */
    public static void sgd(Bounded[] w, float[] g, float lr) {
        Bounded rate = Bounded.exact(lr);
        for (int i = 0; i < w.length; i++) {
            w[i] = w[i].sub(rate.mul(Bounded.exact(g[i])));
        }
    }

    /** v = μ·v + g; w −= lr·v. */
    public static void momentum(Bounded[] w, Bounded[] v, float[] g, float lr, float mu) {
        Bounded rate = Bounded.exact(lr);
        Bounded m = Bounded.exact(mu);
        for (int i = 0; i < w.length; i++) {
            v[i] = m.mul(v[i]).add(Bounded.exact(g[i]));
            w[i] = w[i].sub(rate.mul(v[i]));
        }
    }

    /** v = μ·v + g; w −= lr·(g + μ·v). */
    public static void nesterov(Bounded[] w, Bounded[] v, float[] g, float lr, float mu) {
        Bounded rate = Bounded.exact(lr);
        Bounded m = Bounded.exact(mu);
        for (int i = 0; i < w.length; i++) {
            Bounded gi = Bounded.exact(g[i]);
            v[i] = m.mul(v[i]).add(gi);
            w[i] = w[i].sub(rate.mul(gi.add(m.mul(v[i]))));
        }
    }

    /** G += g²; w −= lr·g/(√G + ε). */
    public static void adagrad(Bounded[] w, Bounded[] sumSquares, float[] g, float lr, float eps) {
        Bounded rate = Bounded.exact(lr);
        Bounded epsilon = Bounded.exact(eps);
        for (int i = 0; i < w.length; i++) {
            Bounded gi = Bounded.exact(g[i]);
            sumSquares[i] = sumSquares[i].add(gi.mul(gi));
            w[i] = w[i].sub(rate.mul(gi).div(sumSquares[i].sqrt().add(epsilon)));
        }
    }

    /** s = α·s + (1 − α)·g²; w −= lr·g/(√s + ε). */
    public static void rmsProp(Bounded[] w, Bounded[] meanSquare, float[] g, float lr, float alpha, float eps) {
        Bounded rate = Bounded.exact(lr);
        Bounded a = Bounded.exact(alpha);
        Bounded oneMinusA = Bounded.rounded(1.0 - alpha);
        Bounded epsilon = Bounded.exact(eps);
        for (int i = 0; i < w.length; i++) {
            Bounded gi = Bounded.exact(g[i]);
            meanSquare[i] = a.mul(meanSquare[i]).add(oneMinusA.mul(gi.mul(gi)));
            w[i] = w[i].sub(rate.mul(gi).div(meanSquare[i].sqrt().add(epsilon)));
        }
    }

    /**
     * Step t of Adam(W): w = w·(1 − lr·λ) where {@code decays[i]} (AdamW; λ = 0 for Adam), then
     * m = β1·m + (1 − β1)·g, v = β2·v + (1 − β2)·g², w −= lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β1^t),
     * v̂ = v/(1 − β2^t), evaluated as w·keep − (lr/(1 − β1^t))·m / (√v·(1/√(1 − β2^t)) + ε).
     */
    public static void adam(Bounded[] w, Bounded[] m, Bounded[] v, float[] g, boolean[] decays, int t, float lr,
                            float beta1, float beta2, float eps, float lambda) {
        Bounded b1 = Bounded.exact(beta1);
        Bounded b2 = Bounded.exact(beta2);
        Bounded c1 = Bounded.rounded(1.0 - beta1);
        Bounded c2 = Bounded.rounded(1.0 - beta2);
        Bounded stepSize = Bounded.rounded(lr / (1 - Math.pow(beta1, t)));
        Bounded invRoot2 = Bounded.rounded(1 / Math.sqrt(1 - Math.pow(beta2, t)));
        Bounded keep = Bounded.rounded(1 - (double) lr * lambda);
        Bounded epsilon = Bounded.exact(eps);
        for (int i = 0; i < w.length; i++) {
            Bounded gi = Bounded.exact(g[i]);
            m[i] = b1.mul(m[i]).add(c1.mul(gi));
            v[i] = b2.mul(v[i]).add(c2.mul(gi.mul(gi)));
            Bounded kept = decays[i] && lambda != 0 ? w[i].mul(keep) : w[i];
            w[i] = kept.sub(stepSize.mul(m[i]).div(v[i].sqrt().mul(invRoot2).add(epsilon)));
        }
    }
}
