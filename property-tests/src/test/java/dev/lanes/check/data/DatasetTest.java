package dev.lanes.check.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Batch;
import dev.lanes.data.Dataset;
import dev.lanes.data.Standardization;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Construction validates and names the row; split and gather move whole rows. */
class DatasetTest {

    private static void fails(String mustName, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(mustName), "message should name '" + mustName + "': " + e.getMessage());
    }

    /** Row r has features (r, 10·r) and label r % 3. */
    static Dataset rows(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            x[2 * r] = r;
            x[2 * r + 1] = 10 * r;
            y[r] = r % 3;
        }
        return Dataset.classification("rows", x, 2, y, 3);
    }

    @Test
    void constructionIsValidated() {
        fails("row 2", () -> Dataset.classification("d", new float[6], 2, new int[] {0, 1, 3}, 3));
        fails("row 1", () -> Dataset.classification("d", new float[6], 2, new int[] {0, -1, 0}, 3));
        fails("need 6 floats, got 5", () -> Dataset.classification("d", new float[5], 2, new int[3], 3));
        fails("at least one row", () -> Dataset.classification("d", new float[0], 2, new int[0], 3));
        fails("row 1", () -> Dataset.classification("d", new float[] {0, 0, Float.NaN, 0}, 2, new int[2], 1));
        fails("not whole rows", () -> Dataset.regression("d", new float[3], 1, new float[3], 2));
        fails("row 2", () -> Dataset.regression("d", new float[3], 1, new float[] {0, 0, Float.POSITIVE_INFINITY}, 1));
        // The set copies its input: later writes to the caller's arrays do not reach it.
        float[] x = {1, 2};
        Dataset d = Dataset.regression("d", x, 1, new float[] {3, 4}, 1);
        x[0] = 99;
        assertEquals(1f, d.feature(0, 0));
    }

    @Test
    void splitPartitionsTheRowsBySeed() {
        Dataset d = rows(50);
        Dataset.Split s = d.split(0.2, 11);
        assertEquals(40, s.train().rows());
        assertEquals(10, s.heldOut().rows());
        int[] seen = new int[50];
        for (Dataset part : new Dataset[] {s.train(), s.heldOut()}) {
            for (int i = 0; i < part.rows(); i++) {
                int r = (int) part.feature(i, 0);
                seen[r]++;
                assertEquals(10f * r, part.feature(i, 1), "rows move whole");
                assertEquals(r % 3, part.label(i), "labels move with their rows");
            }
        }
        int[] once = new int[50];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen, "every row lands in exactly one part");
        assertArrayEquals(s.heldOut().features(), d.split(0.2, 11).heldOut().features(), "same seed, same split");
        assertTrue(!Arrays.equals(s.heldOut().features(), d.split(0.2, 12).heldOut().features()));
        fails("both need at least one", () -> rows(3).split(0.01, 1));
        fails("(0, 1)", () -> d.split(1.0, 1));
    }

    @Test
    void gatherCopiesTheChosenRows() {
        Dataset d = rows(10);
        Batch b = d.newBatch(4);
        d.gather(b, new int[] {9, 3, 3, 0, 7}, 1, 3);
        assertEquals(3, b.size());
        assertArrayEquals(new float[] {3, 30, 3, 30, 0, 0}, Arrays.copyOf(b.features(), 6));
        assertArrayEquals(new int[] {0, 0, 0}, Arrays.copyOf(b.targets().labels(), 3));
        d.gatherRange(b, 6, 4);
        assertArrayEquals(new float[] {6, 60, 7, 70, 8, 80, 9, 90}, b.features());
        fails("outside [1, 4]", () -> d.gather(b, new int[5], 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> d.gather(b, new int[] {10}, 0, 1));
        fails("another dataset shape", () -> Dataset.regression("r", new float[2], 2, new float[1], 1)
                .gather(b, new int[] {0}, 0, 1));
    }

    @Test
    void prefetchChecksLikeGatherAndChangesNothing() {
        Dataset d = rows(10);
        float[] before = d.features();
        d.prefetchColumns(new int[] {9, 3, 0, 7}, 1, 3, 0, 2);
        d.prefetchColumns(new int[] {9, 3, 0, 7}, 4, 0, 0, 2); // no rows: after the last step of an epoch
        d.prefetchColumns(new int[] {9, 3, 0, 7}, 0, 4, 1, 1); // no columns
        assertArrayEquals(before, d.features(), "a prefetch writes nothing");
        fails("indices[3 .. 5) is outside an array of 4", () -> d.prefetchColumns(new int[4], 3, 2, 0, 2));
        fails("indices[-1 .. 0)", () -> d.prefetchColumns(new int[4], -1, 1, 0, 2));
        fails("indices[0 .. -1)", () -> d.prefetchColumns(new int[4], 0, -1, 0, 2));
        fails("columns [1, 3) are outside [0, 2)", () -> d.prefetchColumns(new int[4], 0, 1, 1, 3));
        fails("columns [1, 0)", () -> d.prefetchColumns(new int[4], 0, 1, 1, 0));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> d.prefetchColumns(new int[] {2, 10}, 0, 2, 0, 2));
        assertTrue(e.getMessage().contains("row 10 is outside [0, 10) of rows"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> d.prefetchColumns(new int[] {-1}, 0, 1, 0, 1));
    }

    @Test
    void standardizationCentresAndScales() {
        Dataset d = rows(5); // column 0: 0..4 (mean 2, population std √2); column 1 = 10 × column 0
        Standardization s = Standardization.fit(d);
        assertArrayEquals(new float[] {2, 20}, s.means());
        assertEquals(Math.sqrt(2), s.stds()[0], 1e-6);
        Dataset z = s.apply(d);
        assertEquals(-2 / (float) Math.sqrt(2), z.feature(0, 0), 1e-6);
        assertEquals(z.feature(4, 0), z.feature(4, 1), 1e-6);
        float[] fresh = {2, 20};
        s.applyInPlace(fresh, 1); // new inputs reuse the training statistics
        assertArrayEquals(new float[] {0, 0}, fresh);
        Dataset constant = Dataset.regression("c", new float[] {5, 5}, 1, new float[] {0, 0}, 1);
        assertEquals(0f, Standardization.fit(constant).apply(constant).feature(1, 0), "a constant column is centred");
    }

    /** applyReusing gives apply's features and labels, over the given set's own array (no second copy). */
    @Test
    void standardizationReusingTheArrayGivesTheSameSet() {
        Dataset d = rows(7);
        Standardization s = Standardization.fit(d);
        Dataset copy = s.apply(d);
        float[] before = d.features();
        Dataset reused = s.applyReusing(d);
        assertArrayEquals(copy.features(), reused.features());
        assertArrayEquals(copy.labels(), reused.labels());
        assertEquals(copy.toString(), reused.toString());
        assertArrayEquals(reused.features(), d.features(), "the given set's array now holds the standardised rows");
        assertTrue(!Arrays.equals(before, d.features()));
        assertThrows(IllegalArgumentException.class,
                () -> s.applyReusing(Dataset.regression("w", new float[] {1, 2, 3}, 3, new float[] {0}, 1)));
    }
}
