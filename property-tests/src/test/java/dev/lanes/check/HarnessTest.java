package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.reference.ExactSum;
import dev.lanes.check.reference.ReferenceActivations;
import dev.lanes.check.reference.ReferenceBlas;
import org.junit.jupiter.api.Test;

/** The harness catches deliberately wrong kernels, shrinks them, prints seeds, and counts distributions. */
class HarnessTest {

    /** Fixed, so these tests are deterministic whatever -Dlanes.tries or -Dlanes.seed say. */
    private static final Config CONFIG = Config.of(300, 0x1A2B3C4DL);

    /** A dot that drops the last element when n % 8 == 7, as a vector tail bug would. */
    static float brokenDot(float[] x, int xOff, float[] y, int yOff, int n) {
        int upTo = n % 8 == 7 ? n - 1 : n;
        double s = 0;
        for (int i = 0; i < upTo; i++) {
            s += (double) x[xOff + i] * y[yOff + i];
        }
        return (float) s;
    }

    /** A relu that keeps −0.0 (x &gt; 0 ? x : x·0 style), wrong by the contract's Math.max semantics. */
    static float brokenRelu(float x) {
        return x < 0 ? 0f : x;
    }

    record Vec(Buf x, Buf y) {
        static Vec make(Rnd r, int[] s) {
            return new Vec(Buf.vector(r, s[0], Floats.UNIT), Buf.vector(r, s[0], Floats.UNIT));
        }
    }

    private static final Property<Vec> BROKEN_DOT = Property.of("broken dot", Vec::make, Sizes.VECTOR);

    private static void checkBrokenDot(Vec c) {
        int n = c.x.n();
        ExactSum ref = ReferenceBlas.dot(c.x.a, c.x.off, c.y.a, c.y.off, n);
        float got = brokenDot(c.x.a, c.x.off, c.y.a, c.y.off, n);
        Approx.near("dot", -1, got, ref.value(), Approx.gamma(n) * ref.magnitude(), ref.magnitude());
    }

    @Test
    void aTailBugIsCaughtAndShrunkToSeven() {
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> BROKEN_DOT.check(CONFIG, HarnessTest::checkBrokenDot));
        assertArrayEquals(new int[] {7}, f.shrunkSizes(), f.getMessage());
        assertTrue(f.getMessage().contains(Config.formatSeed(f.seed())), f.getMessage());
        assertTrue(f.getMessage().contains("-Dlanes.seed=" + Config.formatSeed(f.seed())), f.getMessage());
        assertTrue(f.getMessage().contains("shrunk to: n=7"), f.getMessage());
    }

    @Test
    void theSeedInTheMessageReplaysTheFailure() {
        PropertyFailure first = assertThrows(PropertyFailure.class,
                () -> BROKEN_DOT.check(CONFIG, HarnessTest::checkBrokenDot));
        PropertyFailure again = assertThrows(PropertyFailure.class,
                () -> BROKEN_DOT.check(Config.replay(first.seed()), HarnessTest::checkBrokenDot));
        assertEquals(first.seed(), again.seed());
        assertEquals(first.getMessage().replaceAll("case \\d+ of \\d+", ""),
                again.getMessage().replaceAll("case \\d+ of \\d+", ""));
    }

    @Test
    void aNegativeZeroBugIsShrunkToItsFirstNegativeZero() {
        Property<Vec> relu = Property.of("broken relu", (r, s) -> new Vec(Buf.vector(r, s[0], Floats.SPECIAL), null),
                Sizes.VECTOR);
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> relu.check(CONFIG, c -> {
            for (int i = 0; i < c.x.n(); i++) {
                Approx.same("relu", i, brokenRelu(c.x.get(i)), ReferenceActivations.relu(c.x.get(i)));
            }
        }));
        // Values are prefix-stable, so the smallest failing size ends exactly at the first −0.0.
        int n = f.shrunkSizes()[0];
        Vec replayed = replay(f.seed(), n);
        float last = replayed.x.get(n - 1);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(last), f.getMessage());
        for (int i = 0; i < n - 1; i++) {
            assertTrue(Float.floatToRawIntBits(replayed.x.get(i)) != Float.floatToRawIntBits(-0f), f.getMessage());
        }
    }

    /** Rebuilds the case of {@code seed} at size n the way the runner does (sizes from the seed, then values). */
    private static Vec replay(long seed, int n) {
        Rnd values = new Rnd(Rnd.mix(seed ^ 0x5DEECE66DL));
        Sizes.VECTOR.classify(values, n);
        return new Vec(Buf.vector(values, n, Floats.SPECIAL), null);
    }

    @Test
    void aCorrectKernelPassesAndTheDistributionIsAsDesigned() {
        Stats stats = Property.of("sizes and values", Vec::make, Sizes.VECTOR).check(CONFIG, c -> { });
        assertEquals(300, stats.cases());
        stats.assertAtLeast("n=0", 3).assertAtLeast("n=1", 3).assertAtLeast("n multiple of 8", 8)
                .assertAtLeast("n multiple of 8 ±1", 15).assertAtLeast("n prime", 15).assertAtLeast("n large", 5);
        Stats special = Property.of("special values", (r, s) -> Buf.vector(r, s[0], Floats.SPECIAL), Sizes.VECTOR)
                .check(CONFIG, c -> { });
        special.assertAtLeast("has NaN", 30).assertAtLeast("has ±∞", 30).assertAtLeast("has -0.0", 30)
                .assertAtLeast("has subnormal", 30).assertAtLeast("has huge", 30);
        AssertionError tooFew = assertThrows(AssertionError.class, () -> stats.assertAtLeast("has NaN", 1));
        assertTrue(tooFew.getMessage().contains("sizes and values: 300 cases"), tooFew.getMessage());
    }

    @Test
    void shrinkCandidatesAscendAndStayBelow() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, Property.candidates(4, 0));
        assertArrayEquals(new int[0], Property.candidates(1, 1));
        int[] big = Property.candidates(4099, 0);
        for (int i = 1; i < big.length; i++) {
            assertTrue(big[i] > big[i - 1] && big[i] < 4099);
        }
        assertEquals(4098, big[big.length - 1]);
    }

    @Test
    void seedsRoundTrip() {
        long seed = 0xFEDCBA9876543210L;
        assertEquals(seed, Config.parseSeed(Config.formatSeed(seed)));
        assertEquals(42L, Config.parseSeed("42"));
    }
}
