package dev.lanes.check.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Dense;
import dev.lanes.nn.GradientCheck;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Parameters;
import org.junit.jupiter.api.Test;

/** The checker itself: it passes correct gradients and catches wrong ones, naming where. */
class GradientCheckTest {

    /** y = 2x, with a backward that forgets the factor 2. */
    static final class Doubling extends Layer {
        final boolean broken;

        Doubling(boolean broken) {
            this.broken = broken;
        }

        @Override
        public int inputWidth() {
            return 3;
        }

        @Override
        public int outputWidth() {
            return 3;
        }

        @Override
        public void forward(float[] y, float[] x, int batch, boolean training) {
            for (int i = 0; i < batch * 3; i++) {
                y[i] = 2 * x[i];
            }
        }

        @Override
        public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
            for (int i = 0; i < batch * 3; i++) {
                dx[i] = (broken ? 1 : 2) * dy[i];
            }
        }
    }

    @Test
    void catchesAWrongInputGradient() {
        float[] x = {0.5f, -1f, 2f, 0.25f, 3f, -2f};
        Parameters none = GradientCheck.prepare(new Doubling(false), 2, 1);
        assertTrue(GradientCheck.layer(new Doubling(false), none, x, 2, 7, GradientCheck.Settings.FLOAT).passed());
        GradientCheck.LayerReport bad = GradientCheck.layer(new Doubling(true), none, x, 2, 7,
                GradientCheck.Settings.FLOAT);
        assertFalse(bad.passed());
        assertEquals(0.5, bad.input().maxRelativeError(), 1e-6); // |r − 2r| / |2r|
        assertTrue(bad.toString().startsWith("FAIL Doubling"), bad::toString);
    }

    @Test
    void catchesAWrongParameterGradient() {
        Dense d = new Dense(3, 2);
        Parameters p = GradientCheck.prepare(d, 2, 3);
        float[] x = {0.5f, -1f, 2f, 0.25f, 3f, -2f};
        GradientCheck.LayerReport ok = GradientCheck.layer(d, p, x, 2, 9, GradientCheck.Settings.FLOAT);
        assertTrue(ok.passed(), ok::toString);
        assertEquals(2, ok.parameters().size());
        // A layer whose backward adds a spurious 1 to dW[0]: the W report fails at index 0.
        Layer wrong = new Layer() {
            @Override
            public int inputWidth() {
                return 3;
            }

            @Override
            public int outputWidth() {
                return 2;
            }

            @Override
            public void forward(float[] y, float[] x1, int batch, boolean training) {
                d.forward(y, x1, batch, training);
            }

            @Override
            public void backward(float[] dx, float[] dy, float[] x1, float[] y, int batch) {
                d.backward(dx, dy, x1, y, batch);
                p.gradients()[d.weightOffset()] += 1;
            }
        };
        GradientCheck.LayerReport bad = GradientCheck.layer(wrong, p, x, 2, 9, GradientCheck.Settings.FLOAT);
        assertTrue(bad.input().passed());
        assertFalse(bad.parameters().get(0).passed());
        assertEquals(0, bad.parameters().get(0).worstIndex());
        assertTrue(bad.parameters().get(1).passed());
    }

    @Test
    void functionCheckReportsTheWorstCoordinate() {
        double[] x = {1, 2, 3};
        // f = x0² + x1·x2; a gradient wrong in coordinate 2
        GradientCheck.Report r = GradientCheck.function("f", a -> a[0] * a[0] + a[1] * a[2], x,
                new double[] {2, 3, 3}, GradientCheck.Settings.DOUBLE);
        assertFalse(r.passed());
        assertEquals(2, r.worstIndex());
        assertEquals(2, r.numeric(), 1e-8);
        assertEquals(3, r.checked());
        assertEquals(1, x[0]); // restored
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new GradientCheck.Settings(0, 1e-2, 0));
        assertThrows(IllegalArgumentException.class, () -> new GradientCheck.Settings(1e-2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GradientCheck.Settings(1e-2, 1e-2, -1));
    }
}
