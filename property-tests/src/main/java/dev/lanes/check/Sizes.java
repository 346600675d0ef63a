package dev.lanes.check;

/**
 * Sizes biased to where kernels break: 0 and 1, multiples of the 4, 8 and 16 float lanes and their
 * neighbours (the vector tail), primes (no lane count divides them) and large sizes (unrolled bodies with
 * several accumulators). Sizes never exceed {@link #max()} and never fall below {@link #min()}.
 */
public final class Sizes {

    /** One-dimensional kernels: up to 4099, so 4095, 4096 and 4097 are reachable. */
    public static final Sizes VECTOR = new Sizes("n", 0, 4099);
    /** A GEMM dimension: up to 67, so 63 and 65 (multiples of 16 ± 1) are reachable. */
    public static final Sizes MATRIX = new Sizes("n", 0, 67);

    /**
     * Sizes of dimension {@code name} from {@code min} to {@code max}, with this class's bias to lane
     * multiples, their neighbours and primes (values drawn outside the range are clamped into it).
     */
    public static Sizes of(String name, int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException(name + ": need 0 ≤ min ≤ max, got " + min + ", " + max);
        }
        return new Sizes(name, min, max);
    }

    private static final int[] LANES = {4, 8, 16};
    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67,
        97, 127, 251, 509, 1021, 2039, 4093};

    private final String name;
    private final int min;
    private final int max;

    private Sizes(String name, int min, int max) {
        this.name = name;
        this.min = min;
        this.max = max;
    }

    /** The same distribution under another dimension name (used in labels and failure messages). */
    public Sizes named(String newName) {
        return new Sizes(newName, min, max);
    }

    /** The same distribution with sizes below {@code newMin} raised to it (e.g. argmax needs n ≥ 1). */
    public Sizes atLeast(int newMin) {
        return new Sizes(name, newMin, Math.max(newMin, max));
    }

    /** The same distribution capped at {@code newMax}. */
    public Sizes atMost(int newMax) {
        return new Sizes(name, Math.min(min, newMax), newMax);
    }

    public String name() {
        return name;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /**
     * Draws one size. Rough mix: 8% 0, 8% 1, 30% lane multiple ±1, 14% prime, 28% 2..64, 12% large. Where the
     * minimum is above 1, draws below it are redrawn rather than clamped, so a range such as 127..300 gets
     * its primes, lane multiples and large sizes instead of mostly its minimum (after 100 misses, a uniform
     * draw).
     */
    public int next(Rnd r) {
        if (min <= 1) {
            return draw(r);
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            int n = draw(r);
            if (n >= min) {
                return n;
            }
        }
        return r.between(min, max);
    }

    private int draw(Rnd r) {
        int p = r.nextInt(100);
        int n;
        if (p < 8) {
            n = 0;
        } else if (p < 16) {
            n = 1;
        } else if (p < 46) {
            int lanes = r.pick(LANES);
            int q = r.between(1, Math.max(1, Math.min(8, max / lanes)));
            n = q * lanes + r.between(-1, 1);
        } else if (p < 60) {
            n = PRIMES[r.nextInt(primesUpTo(max))];
        } else if (p < 88) {
            n = r.between(2, Math.max(2, Math.min(64, max)));
        } else {
            n = r.between(max / 2, max);
            if (r.chance(0.4)) {
                n = (n / 16) * 16 + r.between(-1, 1); // a large lane multiple or its neighbour
            }
        }
        return Math.max(min, Math.min(max, n));
    }

    private static int primesUpTo(int max) {
        int count = 0;
        while (count < PRIMES.length && PRIMES[count] <= max) {
            count++;
        }
        return Math.max(1, count);
    }

    /** Labels size n of dimension {@code dim} the way {@link Stats} reports it. */
    public void classify(Rnd r, int n) {
        if (n == 0) {
            r.label(name + "=0");
        } else if (n == 1) {
            r.label(name + "=1");
        }
        if (n >= 8 && n % 8 == 0) {
            r.label(name + " multiple of 8");
        } else if (n >= 7 && (n % 8 == 1 || n % 8 == 7)) {
            r.label(name + " multiple of 8 ±1");
        }
        if (isPrime(n)) {
            r.label(name + " prime");
        }
        if (n > 64 && n >= max / 2) {
            r.label(name + " large");
        }
    }

    static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
