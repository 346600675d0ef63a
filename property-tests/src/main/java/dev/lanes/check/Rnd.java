package dev.lanes.check;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A small deterministic random source (SplitMix64) for generating cases, plus the labels that describe the
 * case being generated.
 *
 * <p>Arrays are generated <em>prefix-stably</em>: element i of a stream is drawn from {@link #at(long)}, a
 * source derived from the stream's seed and i alone. Shrinking a size therefore keeps the values of the
 * elements that remain, so a failure caused by one element survives shrinking down to that element.
 */
public final class Rnd {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;
    private long streams;
    private final Set<String> labels;

    public Rnd(long seed) {
        this(seed, new LinkedHashSet<>());
    }

    private Rnd(long seed, Set<String> labels) {
        this.state = seed;
        this.labels = labels;
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: a bijective 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, bound), bound ≥ 1. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound = " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Uniform in [lo, hi], lo ≤ hi. */
    public int between(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with probability p. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    public int pick(int[] choices) {
        return choices[nextInt(choices.length)];
    }

    public float pick(float[] choices) {
        return choices[nextInt(choices.length)];
    }

    /**
     * A fresh stream for one array. Streams are numbered in the order they are asked for and do not consume
     * this source's draws, so the draws made after an array do not depend on its size.
     */
    public Rnd stream() {
        streams++;
        return new Rnd(mix(state ^ mix(streams * GOLDEN + 0x632BE59BD9B4E019L)), labels);
    }

    /** The source for element {@code i} of this stream: depends on this stream's seed and i only. */
    public Rnd at(long i) {
        return new Rnd(mix(state + mix(i + 1) * GOLDEN), labels);
    }

    /** The source for element (i, j) of a matrix stream; prefix-stable in both rows and columns. */
    public Rnd at(long i, long j) {
        return at(mix(i) ^ (j * 0xD6E8FEB86659FD93L));
    }

    /** Marks the current case with a label (counted once per case by {@link Stats}). */
    public void label(String label) {
        labels.add(label);
    }

    Set<String> labels() {
        return labels;
    }
}
