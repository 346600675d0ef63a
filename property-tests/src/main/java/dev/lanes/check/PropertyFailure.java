package dev.lanes.check;

/**
 * A property failed. The message says how to replay it ({@code -Dlanes.seed=…}); the fields let the harness's
 * own tests check what was found.
 */
public final class PropertyFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final long seed;
    private final transient int[] shrunkSizes;

    PropertyFailure(String property, long seed, int index, int tries, String sizes, int[] shrunkSizes,
                    String shrunk, int shrinkAttempts, String shrunkCase, Throwable cause) {
        super("Property '" + property + "' failed on case " + (index + 1) + " of " + tries
                + ", seed " + Config.formatSeed(seed) + "\n"
                + "  sizes:     " + sizes + "\n"
                + "  shrunk to: " + shrunk + " (" + shrinkAttempts + " smaller cases tried)\n"
                + "  case:      " + shrunkCase + "\n"
                + "  failure:   " + cause + "\n"
                + "  replay:    mvn -B -q -pl property-tests -am verify -Dlanes.seed=" + Config.formatSeed(seed)
                + " (add -Dtest=<Class> -Dsurefire.failIfNoSpecifiedTests=false for one class)", cause);
        this.seed = seed;
        this.shrunkSizes = shrunkSizes.clone();
    }

    /** The seed that replays this case with {@link Config#replay(long)} or {@code -Dlanes.seed}. */
    public long seed() {
        return seed;
    }

    /** The sizes of the smallest failing case found, in the order the property declared its dimensions. */
    public int[] shrunkSizes() {
        return shrunkSizes.clone();
    }
}
