package dev.lanes.check.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Dataset;
import dev.lanes.data.Generators;
import dev.lanes.loss.Targets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Shapes, class balance, determinism by seed, and each generator's defining property. */
class GeneratorsTest {

    private static void sameBySeed(Dataset a, Dataset b, Dataset other) {
        assertArrayEquals(a.features(), b.features(), "same seed, same data");
        assertFalse(Arrays.equals(a.features(), other.features()), "another seed, other data");
    }

    @Test
    void spiral() {
        Dataset d = Generators.spiral(3, 100, 0.2, 1);
        assertEquals(300, d.rows());
        assertEquals(2, d.width());
        assertEquals(3, d.targetWidth());
        assertArrayEquals(new int[] {100, 100, 100}, d.classCounts());
        sameBySeed(d, Generators.spiral(3, 100, 0.2, 1), Generators.spiral(3, 100, 0.2, 2));
        // The radius is i/(N − 1) whatever the noise, which only turns the angle.
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 100; i++) {
                int r = j * 100 + i;
                assertEquals(i / 99.0, Math.hypot(d.feature(r, 0), d.feature(r, 1)), 1e-6, "row " + r);
            }
        }
        // Without noise the angle is exactly 4j + 4i/(N − 1): the last point of arm 0 is (sin 4, cos 4).
        Dataset clean = Generators.spiral(3, 100, 0, 1);
        assertEquals((float) Math.sin(4), clean.feature(99, 0));
        assertEquals((float) Math.cos(4), clean.feature(99, 1));
    }

    @Test
    void sine() {
        Dataset d = Generators.sine(101, 0, 1);
        assertEquals(Targets.Kind.VALUES, d.kind());
        assertEquals(101, d.rows());
        assertEquals((float) -Math.PI, d.feature(0, 0));
        assertEquals((float) Math.PI, d.feature(100, 0));
        for (int i = 0; i < 101; i++) {
            assertEquals(Math.sin(d.feature(i, 0)), d.value(i, 0), 1e-6);
        }
        float[] noisy = Generators.sine(50, 0.1, 3).values();
        assertArrayEquals(noisy, Generators.sine(50, 0.1, 3).values(), "same seed, same noise");
        assertFalse(Arrays.equals(noisy, Generators.sine(50, 0.1, 4).values()), "another seed, other noise");
    }

    @Test
    void blobsAreLinearlySeparable() {
        for (int k = 1; k <= 6; k++) {
            Dataset d = Generators.blobs(k, 60, 1.5, k);
            assertEquals(60 * k, d.rows());
            int[] balanced = new int[k];
            Arrays.fill(balanced, 60);
            assertArrayEquals(balanced, d.classCounts());
            // The documented separating rule: argmax_c c·x with centres on the circle of radius 4.
            for (int r = 0; r < d.rows(); r++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double a = 2 * Math.PI * c / k;
                    double score = 4 * Math.cos(a) * d.feature(r, 0) + 4 * Math.sin(a) * d.feature(r, 1);
                    if (score > bestScore) {
                        bestScore = score;
                        best = c;
                    }
                }
                assertEquals(d.label(r), best, k + " blobs, row " + r);
            }
        }
        sameBySeed(Generators.blobs(3, 20, 1, 5), Generators.blobs(3, 20, 1, 5), Generators.blobs(3, 20, 1, 6));
    }

    @Test
    void xor() {
        Dataset d = Generators.xor(1, 0, 0);
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, d.features());
        assertArrayEquals(new int[] {0, 1, 1, 0}, d.labels());
        Dataset noisy = Generators.xor(25, 0.1, 3);
        assertEquals(100, noisy.rows());
        assertArrayEquals(new int[] {50, 50}, noisy.classCounts());
        sameBySeed(noisy, Generators.xor(25, 0.1, 3), Generators.xor(25, 0.1, 4));
    }

    @Test
    void heightWeightIsPlausible() {
        Dataset d = Generators.heightWeight(500, 9);
        assertArrayEquals(new int[] {500, 500}, d.classCounts());
        double[] meanHeight = new double[2];
        for (int r = 0; r < d.rows(); r++) {
            float h = d.feature(r, 0);
            float w = d.feature(r, 1);
            assertTrue(h >= 140 && h <= 210, "height " + h);
            double bmi = w / (h / 100.0 * h / 100.0);
            assertTrue(bmi >= 16 - 1e-3 && bmi <= 40 + 1e-3, "BMI " + bmi);
            meanHeight[d.label(r)] += h / 500.0;
        }
        // Sample means of 500 draws with σ ≈ 7: within 1.5 cm (≈ 5 standard errors) of 163 and 177.
        assertEquals(163, meanHeight[0], 1.5);
        assertEquals(177, meanHeight[1], 1.5);
        sameBySeed(d, Generators.heightWeight(500, 9), Generators.heightWeight(500, 10));
    }
}
