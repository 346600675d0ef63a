package dev.lanes.check.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.check.Approx;
import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.check.reference.Bounded;
import dev.lanes.check.reference.ReferenceOptimizers;
import dev.lanes.nn.Parameters;
import dev.lanes.optim.Adagrad;
import dev.lanes.optim.Adam;
import dev.lanes.optim.AdamW;
import dev.lanes.optim.Momentum;
import dev.lanes.optim.Nesterov;
import dev.lanes.optim.Optimizer;
import dev.lanes.optim.RmsProp;
import dev.lanes.optim.Sgd;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every optimizer, over 1–6 steps with fresh random gradients (so the state it carries is random too, and
 * step t = 1 with its bias correction is always checked), against the textbook update in double. The
 * tolerance is a running error analysis ({@link Bounded}): each float operation of the update rounds once,
 * and the errors of w and of the state carry over from step to step. No tolerance is a guess.
 */
class OptimizerPropertiesTest {

    private static final Sizes N = Sizes.VECTOR.named("n").atLeast(1).atMost(300);
    private static final Sizes STEPS = Sizes.MATRIX.named("steps").atLeast(1).atMost(6);

    enum Kind { SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM, ADAMW }

    /** A parameter store split into 1–4 segments with random decay flags, and the draws for every step. */
    record Case(Kind kind, int n, int[] cuts, boolean[] decayFlags, float[] w0, float[][] g, float[] lr,
                float h1, float h2, float eps, float lambda) {

        static Case make(Rnd r, int[] s, Kind kind) {
            int n = s[0];
            int segments = Math.min(n, r.between(1, 4));
            int[] cuts = new int[segments + 1];
            for (int k = 1; k < segments; k++) {
                cuts[k] = Math.max(cuts[k - 1] + 1, Math.min(n - (segments - k), r.between(1, n - 1)));
            }
            cuts[segments] = n;
            boolean[] flags = new boolean[segments];
            for (int k = 0; k < segments; k++) {
                flags[k] = r.nextBoolean();
            }
            Rnd wv = r.stream();
            float[] w0 = new float[n];
            for (int i = 0; i < n; i++) {
                w0[i] = value(wv.at(i));
            }
            float[][] g = new float[s[1]][n];
            float[] lr = new float[s[1]];
            for (int t = 0; t < s[1]; t++) {
                Rnd gv = r.stream();
                for (int i = 0; i < n; i++) {
                    g[t][i] = value(gv.at(i));
                }
                lr[t] = r.chance(0.1) ? 0f : r.chance(0.1) ? 1f : (float) (r.nextDouble() * 0.1);
            }
            float h1 = r.pick(new float[] {0f, 0.5f, 0.9f, 0.99f, 0.3f, (float) r.nextDouble()});
            float h2 = r.pick(new float[] {0f, 0.9f, 0.999f, 0.99f, 0.25f, (float) r.nextDouble()});
            float eps = r.pick(new float[] {1e-8f, 1e-10f, 1e-3f});
            float lambda = r.chance(0.2) ? 0f : (float) (r.nextDouble() * 0.1);
            r.label(kind.name());
            return new Case(kind, n, cuts, flags, w0, g, lr, h1, h2, eps, lambda);
        }

        /** Moderate values (|x| in 2⁻⁸..2⁸), zeros, and tiny ones whose square underflows (ε then matters). */
        static float value(Rnd r) {
            double p = r.nextDouble();
            if (p < 0.1) {
                return 0f;
            }
            if (p < 0.15) {
                return (float) ((r.nextDouble() - 0.5) * 1e-25);
            }
            double mag = Math.pow(2, r.nextDouble() * 16 - 8);
            return (float) (r.nextBoolean() ? mag : -mag);
        }

        Parameters parameters() {
            Parameters.Builder b = new Parameters.Builder();
            for (int k = 0; k + 1 < cuts.length; k++) {
                b.add("p" + k, 1, cuts[k + 1] - cuts[k], decayFlags[k]);
            }
            Parameters p = b.build();
            System.arraycopy(w0, 0, p.values(), 0, n);
            return p;
        }

        boolean[] decaysPerElement() {
            boolean[] d = new boolean[n];
            for (int k = 0; k + 1 < cuts.length; k++) {
                Arrays.fill(d, cuts[k], cuts[k + 1], decayFlags[k]);
            }
            return d;
        }

        Optimizer optimizer() {
            return switch (kind) {
                case SGD -> new Sgd();
                case MOMENTUM -> new Momentum(h1);
                case NESTEROV -> new Nesterov(h1);
                case ADAGRAD -> new Adagrad(eps);
                case RMSPROP -> new RmsProp(h2, eps);
                case ADAM -> new Adam(h1, h2, eps);
                case ADAMW -> new AdamW(h1, h2, eps, lambda);
            };
        }

        @Override
        public String toString() {
            return kind + " n=" + n + " steps=" + g.length + " cuts=" + Arrays.toString(cuts) + " decays="
                    + Arrays.toString(decayFlags) + " lr=" + Arrays.toString(lr) + " h1=" + h1 + " h2=" + h2
                    + " eps=" + eps + " λ=" + lambda + " w0=" + Arrays.toString(w0);
        }
    }

    private static void check(Case c) {
        Parameters p = c.parameters();
        Optimizer opt = c.optimizer();
        Bounded[] w = new Bounded[c.n];
        Bounded[] s1 = new Bounded[c.n];
        Bounded[] s2 = new Bounded[c.n];
        for (int i = 0; i < c.n; i++) {
            w[i] = Bounded.exact(c.w0[i]);
            s1[i] = Bounded.exact(0f);
            s2[i] = Bounded.exact(0f);
        }
        boolean[] decays = c.decaysPerElement();
        for (int t = 0; t < c.g.length; t++) {
            float[] g = c.g[t];
            System.arraycopy(g, 0, p.gradients(), 0, c.n);
            opt.step(p, c.lr[t]);
            switch (c.kind) {
                case SGD -> ReferenceOptimizers.sgd(w, g, c.lr[t]);
                case MOMENTUM -> ReferenceOptimizers.momentum(w, s1, g, c.lr[t], c.h1);
                case NESTEROV -> ReferenceOptimizers.nesterov(w, s1, g, c.lr[t], c.h1);
                case ADAGRAD -> ReferenceOptimizers.adagrad(w, s1, g, c.lr[t], c.eps);
                case RMSPROP -> ReferenceOptimizers.rmsProp(w, s1, g, c.lr[t], c.h2, c.eps);
                case ADAM -> ReferenceOptimizers.adam(w, s1, s2, g, decays, t + 1, c.lr[t], c.h1, c.h2, c.eps, 0f);
                case ADAMW -> ReferenceOptimizers.adam(w, s1, s2, g, decays, t + 1, c.lr[t], c.h1, c.h2, c.eps,
                        c.lambda);
            }
            for (int i = 0; i < c.n; i++) {
                // The bound is the running error of w after t + 1 steps (see Bounded): for one step of
                // momentum, e.g., γ-style u·(|μ·v| + |g|) for v, then u·(|w| + |lr·v|) + lr·e_v for w.
                Approx.near(c.kind + " step " + (t + 1) + ": w", i, p.values()[i], w[i].v(), w[i].e(), 1);
            }
            Approx.require(Arrays.equals(p.gradients(), g), "step must not modify the gradients");
        }
    }

    @Test
    void everyOptimizerMatchesItsTextbookUpdate() {
        for (Kind kind : Kind.values()) {
            Property.of("optimizer " + kind, (r, s) -> Case.make(r, s, kind), N, STEPS)
                    .check(OptimizerPropertiesTest::check);
        }
    }

    @Test
    void adamFirstStepMovesEveryWeightByAboutTheLearningRate() {
        // t = 1: m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) = ±lr·(1 − ε/|g| + …): bias correction at work.
        Parameters.Builder b = new Parameters.Builder();
        b.add("w", 1, 3, true);
        Parameters p = b.build();
        float[] g = {0.5f, -2f, 1e-3f};
        System.arraycopy(g, 0, p.gradients(), 0, 3);
        new Adam().step(p, 0.01f);
        for (int i = 0; i < 3; i++) {
            Approx.near("first Adam step", i, p.values()[i], -0.01 * Math.signum(g[i]), 0.01 * 1e-4, 1);
        }
    }

    @Test
    void storesOfAnotherSizeAndBadHyperParametersAreRejected() {
        Parameters.Builder small = new Parameters.Builder();
        small.add("w", 2, 3, true);
        Parameters.Builder large = new Parameters.Builder();
        large.add("w", 3, 3, true);
        Parameters a = small.build();
        Parameters c = large.build();
        Optimizer[] all = {new Sgd(), new Momentum(0.9f), new Nesterov(0.9f), new Adagrad(), new RmsProp(),
            new Adam(), new AdamW()};
        for (Optimizer o : all) {
            o.step(a, 0.1f);
            assertThrows(IllegalArgumentException.class, () -> o.step(c, 0.1f), o.getClass().getSimpleName());
            assertThrows(IllegalArgumentException.class, () -> o.step(a, -1f));
            assertThrows(IllegalArgumentException.class, () -> o.step(a, Float.NaN));
            assertThrows(IllegalArgumentException.class, () -> o.step(a, Float.POSITIVE_INFINITY));
        }
        assertThrows(IllegalArgumentException.class, () -> new Momentum(1f));
        assertThrows(IllegalArgumentException.class, () -> new Momentum(-0.1f));
        assertThrows(IllegalArgumentException.class, () -> new Nesterov(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad(0f));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(1f, 1e-8f));
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(0.9f, -1f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(1f, 0.999f, 1e-8f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.9f, 1.5f, 1e-8f));
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.9f, 0.999f, Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(-0.01f));
    }
}
