package dev.lanes.nn;

import dev.lanes.random.Rng;

/**
 * A weight initialiser: fills a {@code fanIn × fanOut} weight tensor (a {@link Dense} layer's W: (in, out))
 * drawing only from the given {@link Rng}, so a seed reproduces the values bit for bit.
 *
 * <p>Each value is computed in double and rounded once to float. The factories, with the variance each aims
 * at ({@code fanIn} = inputs per unit, {@code fanOut} = outputs per unit):
 * <table>
 *   <caption>Initialisers</caption>
 *   <tr><th>factory</th><th>distribution</th><th>why</th></tr>
 *   <tr><td>{@link #zeros()}</td><td>0</td><td>biases; never weights (units stay symmetric)</td></tr>
 *   <tr><td>{@link #gaussian(double)}</td><td>std·N(0, 1)</td><td>the CS231n notes' {@code 0.01·randn}</td></tr>
 *   <tr><td>{@link #xavierUniform()}</td><td>U(−a, a), a = √(6 / (fanIn + fanOut))</td>
 *       <td>Var = 2 / (fanIn + fanOut) keeps forward and backward variances (Glorot &amp; Bengio 2010)</td></tr>
 *   <tr><td>{@link #xavierNormal()}</td><td>N(0, 2 / (fanIn + fanOut))</td><td>the same variance, Gaussian</td></tr>
 *   <tr><td>{@link #heNormal()}</td><td>N(0, 2 / fanIn)</td>
 *       <td>ReLU zeroes half the signal, so twice the variance 1 / fanIn (He et al. 2015)</td></tr>
 *   <tr><td>{@link #heUniform()}</td><td>U(−a, a), a = √(6 / fanIn)</td><td>the same variance, uniform</td></tr>
 * </table>
 * (U(−a, a) has variance a² / 3.)
 */
@FunctionalInterface
public interface Init {

    /**
     * Writes {@code fanIn · fanOut} values into {@code w[off ..]}, row-major (fanIn, fanOut).
     *
     * @param w      the array to fill
     * @param off    the index of the first weight in w
     * @param fanIn  the rows: inputs per unit, ≥ 1
     * @param fanOut the columns: outputs per unit, ≥ 1
     * @param rng    the only source of randomness
     */
    void fill(float[] w, int off, int fanIn, int fanOut, Rng rng);

    /** {@return an initialiser that writes zeros} */
    static Init zeros() {
        return (w, off, fanIn, fanOut, rng) -> java.util.Arrays.fill(w, off, off + fanIn * fanOut, 0f);
    }

    /**
     * std·N(0, 1); {@code gaussian(0.01)} is the course's {@code 0.01 * np.random.randn(D, H)}.
     *
     * @param std the standard deviation, finite and ≥ 0
     * @return the initialiser
     */
    static Init gaussian(double std) {
        requireScale("std", std);
        return (w, off, fanIn, fanOut, rng) -> normal(w, off, fanIn * fanOut, std, rng);
    }

    /** {@return the Glorot/Xavier uniform initialiser: U(−a, a), a = √(6 / (fanIn + fanOut))} */
    static Init xavierUniform() {
        return (w, off, fanIn, fanOut, rng) -> uniform(w, off, fanIn * fanOut,
                Math.sqrt(6.0 / ((double) fanIn + fanOut)), rng);
    }

    /** {@return the same as {@link #xavierUniform()}, under Glorot's name} */
    static Init glorotUniform() {
        return xavierUniform();
    }

    /** {@return the Glorot/Xavier normal initialiser: N(0, σ²), σ = √(2 / (fanIn + fanOut))} */
    static Init xavierNormal() {
        return (w, off, fanIn, fanOut, rng) -> normal(w, off, fanIn * fanOut,
                Math.sqrt(2.0 / ((double) fanIn + fanOut)), rng);
    }

    /** {@return the He/Kaiming normal initialiser: N(0, σ²), σ = √(2 / fanIn); the default for ReLU networks} */
    static Init heNormal() {
        return (w, off, fanIn, fanOut, rng) -> normal(w, off, fanIn * fanOut, Math.sqrt(2.0 / fanIn), rng);
    }

    /** {@return the He/Kaiming uniform initialiser: U(−a, a), a = √(6 / fanIn)} */
    static Init heUniform() {
        return (w, off, fanIn, fanOut, rng) -> uniform(w, off, fanIn * fanOut, Math.sqrt(6.0 / fanIn), rng);
    }

    private static void normal(float[] w, int off, int n, double std, Rng rng) {
        for (int i = 0; i < n; i++) {
            w[off + i] = (float) (std * rng.nextGaussian());
        }
    }

    private static void uniform(float[] w, int off, int n, double a, Rng rng) {
        for (int i = 0; i < n; i++) {
            w[off + i] = (float) (a * (2 * rng.nextDouble() - 1));
        }
    }

    private static void requireScale(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and ≥ 0, got " + v);
        }
    }
}
