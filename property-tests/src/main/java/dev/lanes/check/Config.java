package dev.lanes.check;

/**
 * How many cases to try and from which seed. From system properties ({@link #fromSystemProperties()}):
 * {@code -Dlanes.tries=N} (default {@value #DEFAULT_TRIES}; the pom passes its own default),
 * {@code -Dlanes.seed=0x…} replays exactly one case (the seed a failure message printed), and
 * {@code -Dlanes.runSeed=0x…} fixes the seed the run's cases are derived from (random otherwise).
 */
public record Config(int tries, long runSeed, Long replaySeed) {

    public static final int DEFAULT_TRIES = 100;

    public static Config fromSystemProperties() {
        int tries = Integer.getInteger("lanes.tries", DEFAULT_TRIES);
        String replay = System.getProperty("lanes.seed");
        String run = System.getProperty("lanes.runSeed");
        long runSeed = run != null ? parseSeed(run) : Rnd.mix(System.nanoTime() ^ ProcessHandle.current().pid());
        return new Config(tries, runSeed, replay == null || replay.isBlank() ? null : parseSeed(replay));
    }

    /** {@code tries} cases derived from {@code runSeed}. */
    public static Config of(int tries, long runSeed) {
        return new Config(tries, runSeed, null);
    }

    /** Exactly the one case whose seed a failure message printed. */
    public static Config replay(long caseSeed) {
        return new Config(1, 0, caseSeed);
    }

    /** The seed of case {@code index} of {@code property}. */
    long caseSeed(String property, int index) {
        if (replaySeed != null) {
            return replaySeed;
        }
        return Rnd.mix(runSeed ^ Rnd.mix(property.hashCode() * 0x9E3779B97F4A7C15L + index));
    }

    int effectiveTries() {
        return replaySeed != null ? 1 : tries;
    }

    /** Parses {@code 0x…} (unsigned hex, as printed) or a decimal long. */
    public static long parseSeed(String s) {
        String t = s.trim();
        if (t.startsWith("0x") || t.startsWith("0X")) {
            return Long.parseUnsignedLong(t.substring(2), 16);
        }
        return Long.parseLong(t);
    }

    public static String formatSeed(long seed) {
        return String.format("0x%016x", seed);
    }
}
