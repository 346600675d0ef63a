package dev.lanes.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Rng#mask} draws exactly what as many {@link Rng#nextDouble()} calls draw, and moves as far. */
class RngMaskTest {

    @Test
    void theMaskIsTheSameDrawsAsCallsToNextDouble() {
        for (long seed : new long[] {0, 1, -7, 0x9E3779B97F4A7C15L}) {
            for (double p : new double[] {-1, 0, Double.MIN_VALUE, 0.1, 0.5, 0.999, 1, 2}) {
                for (int n : new int[] {0, 1, 7, 1000}) {
                    Rng calls = new Rng(seed);
                    Rng bulk = new Rng(seed);
                    calls.nextLong(); // somewhere in the sequence, not only at its start
                    bulk.nextLong();
                    float[] out = new float[n + 3];
                    out[n] = 42f; // past n: untouched
                    bulk.mask(out, n, p, 1.25f);
                    for (int i = 0; i < n; i++) {
                        float expected = calls.nextDouble() >= p ? 1.25f : 0f;
                        assertEquals(expected, out[i], "seed " + seed + ", p " + p + ", element " + i);
                    }
                    assertEquals(42f, out[n]);
                    assertEquals(calls.position(), bulk.position(), "both stand at the same place after " + n);
                    assertEquals(calls.nextLong(), bulk.nextLong());
                }
            }
        }
    }

    @Test
    void aCountOutsideTheArrayIsRefused() {
        Rng rng = new Rng(1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> rng.mask(new float[4], 5, 0.5, 1f));
        assertEquals("n must be in [0, 4], got 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> rng.mask(new float[4], -1, 0.5, 1f));
        IllegalArgumentException nan =
                assertThrows(IllegalArgumentException.class, () -> rng.mask(new float[4], 4, Double.NaN, 1f));
        assertEquals("the threshold p is NaN", nan.getMessage());
    }
}
