package dev.lanes.check;

import java.util.Arrays;

/**
 * A property: for every case a {@link Maker} builds from random sizes and values, a {@link Check} passes.
 *
 * <p>Each case has a seed (see {@link Config}). The sizes are drawn from the seed, the values from a second
 * source derived from it; so on failure the runner <em>shrinks</em>: it keeps the value source and retries
 * smaller sizes, smallest first, one dimension at a time, until no dimension can shrink. Values are
 * prefix-stable ({@link Rnd}), so the element that broke the kernel stays in the smaller case. The
 * {@link PropertyFailure} it throws prints the seed, the original and shrunk sizes, the shrunk case and what
 * failed.
 *
 * @param <C> the case type; its {@code toString} is printed on failure
 */
public final class Property<C> {

    /** Builds a case from a value source and the drawn sizes (in the order the dimensions were given). */
    @FunctionalInterface
    public interface Maker<C> {
        C make(Rnd values, int[] sizes);
    }

    /** Checks one case; fails by throwing (an AssertionError, or any RuntimeException from the kernel). */
    @FunctionalInterface
    public interface Check<C> {
        void verify(C c);
    }

    /** Shrinking stops after this many trial cases. */
    static final int SHRINK_BUDGET = 3000;

    private final String name;
    private final Sizes[] dims;
    private final Maker<C> maker;

    private Property(String name, Sizes[] dims, Maker<C> maker) {
        this.name = name;
        this.dims = dims.clone();
        this.maker = maker;
    }

    /** A property over the given dimensions (each with its own size distribution and name). */
    public static <C> Property<C> of(String name, Maker<C> maker, Sizes... dims) {
        return new Property<>(name, dims, maker);
    }

    /** Runs with {@link Config#fromSystemProperties()}, prints the distribution and returns it. */
    public Stats check(Check<C> check) {
        return check(Config.fromSystemProperties(), check);
    }

    public Stats check(Config config, Check<C> check) {
        Stats stats = new Stats(name);
        int tries = config.effectiveTries();
        for (int t = 0; t < tries; t++) {
            long seed = config.caseSeed(name, t);
            int[] sizes = drawSizes(seed);
            Rnd values = valueSource(seed);
            C c = make(values, sizes);
            stats.count(values.labels());
            Throwable failure = run(check, c);
            if (failure != null) {
                throw shrinkAndReport(seed, t, tries, sizes, c, failure, check);
            }
        }
        System.out.println(stats.report());
        return stats;
    }

    private int[] drawSizes(long seed) {
        Rnd r = new Rnd(seed);
        int[] sizes = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            sizes[d] = dims[d].next(r);
        }
        return sizes;
    }

    private static Rnd valueSource(long seed) {
        return new Rnd(Rnd.mix(seed ^ 0x5DEECE66DL));
    }

    private C make(Rnd values, int[] sizes) {
        for (int d = 0; d < dims.length; d++) {
            dims[d].classify(values, sizes[d]);
        }
        return maker.make(values, sizes);
    }

    private static <C> Throwable run(Check<C> check, C c) {
        try {
            check.verify(c);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    private PropertyFailure shrinkAndReport(long seed, int t, int tries, int[] sizes, C c, Throwable failure,
                                            Check<C> check) {
        int[] best = sizes.clone();
        C bestCase = c;
        Throwable bestFailure = failure;
        int attempts = 0;
        boolean progress = true;
        while (progress && attempts < SHRINK_BUDGET) {
            progress = false;
            for (int d = 0; d < dims.length && attempts < SHRINK_BUDGET; d++) {
                for (int candidate : candidates(best[d], dims[d].min())) {
                    if (++attempts > SHRINK_BUDGET) {
                        break;
                    }
                    int[] trial = best.clone();
                    trial[d] = candidate;
                    C smaller = make(valueSource(seed), trial);
                    Throwable f = run(check, smaller);
                    if (f != null) {
                        best = trial;
                        bestCase = smaller;
                        bestFailure = f;
                        progress = true;
                        break; // candidates ascend, so this is the smallest failing size for dimension d
                    }
                }
            }
        }
        return new PropertyFailure(name, seed, t, tries, describe(sizes), best, describe(best), attempts,
                String.valueOf(bestCase), bestFailure);
    }

    /** Sizes to try below {@code n}, ascending: all of lo..lo+255, then n − (n−lo)/2, n − (n−lo)/4, …, n − 1. */
    static int[] candidates(int n, int lo) {
        if (n <= lo) {
            return new int[0];
        }
        int dense = Math.min(n - lo, 256);
        int[] out = new int[dense + 32];
        int count = 0;
        for (int v = lo; v < lo + dense; v++) {
            out[count++] = v;
        }
        for (int step = (n - lo) / 2; step >= 1; step /= 2) {
            int v = n - step;
            if (v >= lo + dense && (count == 0 || v > out[count - 1])) {
                out[count++] = v;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private String describe(int[] sizes) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < dims.length; d++) {
            s.append(d == 0 ? "" : ", ").append(dims[d].name()).append('=').append(sizes[d]);
        }
        return s.toString();
    }
}
