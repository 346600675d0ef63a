package dev.lanes.random;

/**
 * The seedable generator behind every random choice in Lanes (initialisation, dropout masks, shuffling,
 * synthetic data): SplitMix64 for bits and the Box–Muller transform for Gaussians. Written out here rather
 * than taken from {@code java.util.random}, whose Gaussian algorithm may change between JDKs, and computed
 * with {@link StrictMath}, so a given seed gives the same numbers bit for bit on any JDK and platform. Not thread-safe; not for cryptography.
 */
public final class Rng {

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    /**
     * Where a generator is in its sequence: the SplitMix64 state and any Gaussian drawn but not yet returned
     * ({@code spare} is +0.0 without one). A generator moved to a position continues exactly as the one it
     * was taken from (checkpoints record the shuffling and dropout generators this way).
     *
     * @param state    the SplitMix64 state
     * @param hasSpare whether a Gaussian was drawn but not yet returned (Box–Muller makes them in pairs)
     * @param spare    that Gaussian, or +0.0 without one
     */
    public record Position(long state, boolean hasSpare, double spare) {
        /** Checks that a position without a spare Gaussian has {@code spare} +0.0, as {@link #position()} makes it. */
        public Position {
            if (!hasSpare && Double.doubleToRawLongBits(spare) != 0) {
                throw new IllegalArgumentException("a position without a spare Gaussian has spare +0.0, got "
                        + spare);
            }
        }
    }

    /**
     * A generator whose whole sequence is fixed by {@code seed}.
     *
     * @param seed any value: every seed gives a full-period sequence, 0 included
     */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * {@return this generator's position} {@link #moveTo} it later (or on another generator) to continue from
     * here.
     */
    public Position position() {
        return new Position(state, hasSpare, hasSpare ? spareGaussian : 0.0);
    }

    /**
     * Continues from {@code p}: the next draws are those that followed when p was taken.
     *
     * @param p a position from {@link #position()}, of this generator or another
     */
    public void moveTo(Position p) {
        state = p.state();
        hasSpare = p.hasSpare();
        spareGaussian = p.spare();
    }

    /** {@return 64 uniformly distributed bits} */
    public long nextLong() {
        return mix(state += GOLDEN_GAMMA);
    }

    // SplitMix64: the state advances by GOLDEN_GAMMA per draw, and a draw is mix of the new state.
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@return a double uniform in [0, 1), with 53 random bits} */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * A Bernoulli mask: {@code out[i] = value} when the i-th of the next n {@link #nextDouble()} draws is ≥ p,
     * else 0, for i &lt; n; the generator then stands where those n calls would leave it. The same draws in
     * the same order, so the same bits, but they do not wait on one another: SplitMix64's i-th output is a
     * mix of its state plus i steps, so the mixes overlap (Dropout's masks, several times faster than calling
     * nextDouble per element).
     *
     * @param out   receives the mask in {@code [0, n)}
     * @param n     the number of draws, 0 ≤ n ≤ out.length
     * @param p     the threshold: a draw below p gives 0
     * @param value the value of a kept element
     * @throws IllegalArgumentException unless 0 ≤ n ≤ out.length, or when p is NaN
     */
    public void mask(float[] out, int n, double p, float value) {
        if (n < 0 || n > out.length) {
            throw new IllegalArgumentException("n must be in [0, " + out.length + "], got " + n);
        }
        if (Double.isNaN(p)) {
            throw new IllegalArgumentException("the threshold p is NaN");
        }
        // nextDouble() ≥ p ⟺ (z >>> 11)·2⁻⁵³ ≥ p ⟺ (z >>> 11) ≥ ⌈p·2⁵³⌉: both sides scale exactly by a power of
        // two and z >>> 11 is an integer below 2⁵³. Then a sign mask picks value's bits or +0 without a branch
        // (a random branch mispredicts on every other element).
        long threshold = p <= 0 ? 0 : p >= 1 ? 1L << 53 : (long) Math.ceil(p * 0x1.0p53);
        int bits = Float.floatToRawIntBits(value);
        long s = state;
        for (int i = 0; i < n; i++) {
            s += GOLDEN_GAMMA;
            long z = mix(s);
            long keep = ~(((z >>> 11) - threshold) >> 63); // all ones when kept, 0 when dropped
            out[i] = Float.intBitsToFloat(bits & (int) keep);
        }
        state = s;
    }

    /** {@return a float uniform in [0, 1), with 24 random bits} */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * Uniform in [0, bound), bound ≥ 1, without modulo bias.
     *
     * @param bound the exclusive upper bound, ≥ 1
     * @return a uniformly distributed int in [0, bound)
     */
    public int nextInt(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = Long.remainderUnsigned(-1L, bound); // reject the top partial block
        long r;
        do {
            r = nextLong();
        } while (Long.compareUnsigned(r, -1L - limit) > 0);
        return (int) Long.remainderUnsigned(r, bound);
    }

    /** {@return a standard normal draw (mean 0, variance 1)} */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u = 1.0 - nextDouble(); // (0, 1]: log(u) is finite
        double v = nextDouble();
        // StrictMath: Math.log/sin/cos may differ by an ulp between platforms and intrinsics.
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u));
        double angle = 2.0 * Math.PI * v;
        spareGaussian = radius * StrictMath.sin(angle);
        hasSpare = true;
        return radius * StrictMath.cos(angle);
    }

    /**
     * Fisher–Yates shuffle of {@code a[0 .. n)}, in place.
     *
     * @param a the array to shuffle; its elements from index n on are left alone
     * @param n the number of elements to shuffle, 0 ≤ n ≤ a.length
     */
    public void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
