package dev.lanes.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioTest {

    /** Two forks of two iterations each, equal within a fork, so the fork means are the values given. */
    private static Measurement twoForks(String source, double fork1, double fork2) {
        return new Measurement("dev.lanes.bench.X.m", Map.of(), (fork1 + fork2) / 2,
                List.of(new double[] {fork1, fork1}, new double[] {fork2, fork2}), Double.NaN, source, 1e9);
    }

    @Test
    void ratioAndSpreadOfTwoForkRows() {
        Measurement peer = twoForks("a.json", 10, 12);   // mean 11, spread 2 / 11
        Measurement lanes = twoForks("a.json", 5, 5.5);  // mean 5.25, spread 0.5 / 5.25
        Ratio r = Ratio.of(peer, lanes);
        assertEquals(11 / 5.25, r.value(), 1e-12);
        assertEquals(2 / 11.0 + 0.5 / 5.25, r.spread().relative(), 1e-12);
        assertFalse(r.spread().withinFork());
        assertFalse(r.crossRun());
        assertEquals("2.10× ±27.7 %", Fmt.ratio(r));
    }

    @Test
    void includesTheValuesWithinItsSpread() {
        // 0.97 ± 5 %: [0.9215, 1.0185] holds 1.
        Ratio r = new Ratio(0.97, new Spread(0.05, false), false);
        assertTrue(r.includes(1));
        assertFalse(new Ratio(0.97, new Spread(0.02, false), false).includes(1));
        assertFalse(new Ratio(0.97, Spread.UNKNOWN, false).includes(1), "unknown spread includes nothing");
    }

    @Test
    void withinForkAndCrossRunAreCarriedAndMarked() {
        Measurement oneFork = new Measurement("dev.lanes.bench.X.m", Map.of(), 3,
                List.of(new double[] {2, 4}), Double.NaN, "a.json", 1e9);
        Measurement other = twoForks("b.json", 1, 1);
        assertEquals(new Spread(2 / 3.0, true), oneFork.spread());
        Ratio r = Ratio.of(oneFork, other);
        assertTrue(r.spread().withinFork());
        assertTrue(r.crossRun());
        assertEquals("3.00× ±66.7 %" + Fmt.WITHIN_FORK + Fmt.CROSS_RUN, Fmt.ratio(r));
    }

    @Test
    void spreadOfOneIterationIsUnknown() {
        Spread s = Spread.of(List.of(new double[] {5}));
        assertFalse(s.known());
        assertEquals("± ?", Fmt.spread(s));
        assertFalse(s.plus(new Spread(0.1, false)).known());
    }
}
