package dev.lanes.check;

import static dev.lanes.check.Approx.ETA;
import static dev.lanes.check.Approx.gamma;

import dev.lanes.check.reference.ReferenceActivations;
import dev.lanes.check.reference.ReferenceRows;
import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * relu, leaky relu, maximum, maxout and their backwards (bit-exact), exp, sigmoid, tanh (within
 * {@link UlpBounds}) and the sigmoid and tanh backwards (within derived bounds).
 */
class ActivationPropertiesTest {

    /** Inputs for transcendentals: the whole interesting range of exp (−110..95), small |x|, and specials. */
    static final Floats.Dist TRANSCENDENTAL = r -> switch (r.nextInt(5)) {
        case 0, 1 -> (float) (r.nextDouble() * 205 - 110);
        case 2 -> (float) (r.nextDouble() * 2 - 1) * (float) Math.scalb(1.0, -r.nextInt(30));
        case 3 -> Floats.MODERATE.next(r);
        default -> Floats.SPECIAL.next(r);
    };

    /** out = f(x) or backward dx = f(dy, x): in place half the time (out = x, or dx = dy). */
    record Unary(Buf out, Buf x, Buf dy, float alpha) {
        static Unary make(Rnd r, int[] sizes, Floats.Dist xDist) {
            int n = sizes[0];
            Buf x = Buf.vector(r, n, xDist);
            Buf dy = Buf.vector(r, n, Floats.any(r));
            float alpha = r.chance(0.8) ? (float) r.nextDouble() * 0.5f : r.pick(new float[] {0f, 1f, -0.5f});
            boolean inPlace = r.chance(0.5);
            r.label(inPlace ? "in place" : "separate out");
            return new Unary(inPlace ? null : Buf.vector(r, n, Floats.SPECIAL), x, dy, alpha);
        }

        static Unary make(Rnd r, int[] sizes) {
            return make(r, sizes, r.chance(0.5) ? Floats.SPECIAL
                    : s -> s.pick(new float[] {-0f, 0f, Float.NaN, -1f, 1f, Float.MIN_VALUE, -Float.MIN_VALUE}));
        }

        static Unary transcendental(Rnd r, int[] sizes) {
            return make(r, sizes, TRANSCENDENTAL);
        }

        /** The forward output buffer: x itself when in place. */
        Buf fwd() {
            return out == null ? x : out;
        }

        /** The backward output buffer: dy itself when in place. */
        Buf bwd() {
            return out == null ? dy : out;
        }
    }

    interface Exact {
        float at(Unary c, int i);
    }

    private static void checkForwardExact(String name, Unary c, Exact expected) {
        for (int i = 0; i < c.x.n(); i++) {
            Approx.same(name, i, c.fwd().get(i), expected.at(c, i));
        }
        c.fwd().assertGuardsIntact("out");
    }

    private static void checkBackwardExact(String name, Unary c, Exact expected) {
        for (int i = 0; i < c.x.n(); i++) {
            Approx.same(name, i, c.bwd().get(i), expected.at(c, i));
        }
        c.bwd().assertGuardsIntact("dx");
        c.x.assertUnchanged("x");
    }

    @Test
    void reluIsBitExact() {
        Property.of("relu", Unary::make, Sizes.VECTOR).check(c -> {
            Kernels.relu(c.fwd().a, c.fwd().off, c.x.a, c.x.off, c.x.n());
            checkForwardExact("relu", c, (u, i) -> ReferenceActivations.relu(u.x.orig(i)));
        });
    }

    @Test
    void reluBackwardIsBitExact() {
        Property.of("reluBackward", Unary::make, Sizes.VECTOR).check(c -> {
            Kernels.reluBackward(c.bwd().a, c.bwd().off, c.dy.a, c.dy.off, c.x.a, c.x.off, c.x.n());
            checkBackwardExact("reluBackward", c,
                    (u, i) -> ReferenceActivations.reluBackward(u.dy.orig(i), u.x.orig(i)));
        });
    }

    @Test
    void leakyReluIsBitExact() {
        Property.of("leakyRelu", Unary::make, Sizes.VECTOR).check(c -> {
            Kernels.leakyRelu(c.fwd().a, c.fwd().off, c.x.a, c.x.off, c.alpha, c.x.n());
            checkForwardExact("leakyRelu", c, (u, i) -> ReferenceActivations.leakyRelu(u.x.orig(i), u.alpha));
        });
    }

    @Test
    void leakyReluBackwardIsBitExact() {
        Property.of("leakyReluBackward", Unary::make, Sizes.VECTOR).check(c -> {
            Kernels.leakyReluBackward(c.bwd().a, c.bwd().off, c.dy.a, c.dy.off, c.x.a, c.x.off, c.alpha, c.x.n());
            checkBackwardExact("leakyReluBackward", c,
                    (u, i) -> ReferenceActivations.leakyReluBackward(u.dy.orig(i), u.x.orig(i), u.alpha));
        });
    }

    @Test
    void maximumIsBitExact() {
        // a = x, b = dy; out separate or in place on b (dy).
        Property.of("maximum", Unary::make, Sizes.VECTOR).check(c -> {
            Kernels.maximum(c.bwd().a, c.bwd().off, c.x.a, c.x.off, c.dy.a, c.dy.off, c.x.n());
            checkBackwardExact("maximum", c, (u, i) -> ReferenceActivations.max(u.x.orig(i), u.dy.orig(i)));
        });
    }

    @Test
    void expWithinUlps() {
        Property.of("exp", Unary::transcendental, Sizes.VECTOR).check(c -> {
            Kernels.exp(c.fwd().a, c.fwd().off, c.x.a, c.x.off, c.x.n());
            for (int i = 0; i < c.x.n(); i++) {
                // ≤ UlpBounds.EXP ulp; below 2⁻¹²⁶ the absolute floor UlpBounds.SUBNORMAL_FLOOR.
                Approx.ulps("exp", i, c.fwd().get(i), ReferenceActivations.exp(c.x.orig(i)), UlpBounds.EXP,
                        UlpBounds.SUBNORMAL_FLOOR);
            }
            c.fwd().assertGuardsIntact("out");
        });
    }

    @Test
    void sigmoidWithinUlpsAndSaturatesExactly() {
        Property.of("sigmoid", Unary::transcendental, Sizes.VECTOR).check(c -> {
            Kernels.sigmoid(c.fwd().a, c.fwd().off, c.x.a, c.x.off, c.x.n());
            for (int i = 0; i < c.x.n(); i++) {
                float x = c.x.orig(i);
                float y = c.fwd().get(i);
                Approx.ulps("sigmoid", i, y, ReferenceActivations.sigmoid(x), UlpBounds.SIGMOID,
                        UlpBounds.SUBNORMAL_FLOOR);
                // The contract: in [0, 1], never NaN for non-NaN x, exactly 1 for x = +∞ and 0 for x = −∞.
                Approx.require(Float.isNaN(x) || (y >= 0 && y <= 1), "sigmoid[" + i + "] = " + y + " for x = " + x);
                Approx.require(!(x == Float.POSITIVE_INFINITY) || y == 1f, "sigmoid(+∞) = " + y);
                Approx.require(!(x == Float.NEGATIVE_INFINITY) || y == 0f, "sigmoid(−∞) = " + y);
            }
            c.fwd().assertGuardsIntact("out");
        });
    }

    @Test
    void tanhWithinUlpsAndSaturatesExactly() {
        Property.of("tanh", Unary::transcendental, Sizes.VECTOR).check(c -> {
            Kernels.tanh(c.fwd().a, c.fwd().off, c.x.a, c.x.off, c.x.n());
            for (int i = 0; i < c.x.n(); i++) {
                float x = c.x.orig(i);
                float y = c.fwd().get(i);
                Approx.ulps("tanh", i, y, ReferenceActivations.tanh(x), UlpBounds.TANH, UlpBounds.SUBNORMAL_FLOOR);
                Approx.require(Float.isNaN(x) || Math.abs(y) <= 1, "tanh[" + i + "] = " + y + " for x = " + x);
                Approx.require(!Float.isInfinite(x) || y == Math.signum(x), "tanh(" + x + ") = " + y);
            }
            c.fwd().assertGuardsIntact("out");
        });
    }

    /** Backwards of sigmoid and tanh take the forward output y, in [0, 1] or [−1, 1] (plus specials). */
    static Unary fromOutputs(Rnd r, int[] sizes) {
        return Unary.make(r, sizes, s -> s.chance(0.1) ? Floats.SPECIAL.next(s) : (float) (2 * s.nextDouble() - 1));
    }

    @Test
    void sigmoidBackwardWithinThreeRoundings() {
        Property.of("sigmoidBackward", ActivationPropertiesTest::fromOutputs, Sizes.VECTOR).check(c -> {
            Kernels.sigmoidBackward(c.bwd().a, c.bwd().off, c.dy.a, c.dy.off, c.x.a, c.x.off, c.x.n());
            for (int i = 0; i < c.x.n(); i++) {
                float dy = c.dy.orig(i);
                float y = c.x.orig(i);
                // dy·y·(1 − y) in 3 roundings (1 − y, two products; any order, fma allowed):
                // |err| ≤ γ_3·|dy·y|·(1 + |y|) + η·(1 + |dy| + 1 + |y|): |1 − y| ≤ 1 + |y|; each product may
                // underflow by η, the first one's η then scaled by the factor applied after it (|dy| or |1 − y|).
                double mag = Math.abs((double) dy * y) * (1 + Math.abs(y));
                double floor = ETA * (2 + Math.abs(dy) + Math.abs(y));
                // Any intermediate (dy·y, y·(1 − y), dy·(1 − y)) may overflow first, in some order.
                double overflow = Math.max(mag, (1 + Math.abs(y)) * Math.max(Math.abs(dy), Math.abs(y)));
                Approx.near("dx", i, c.bwd().get(i), ReferenceActivations.sigmoidBackward(dy, y),
                        gamma(3) * mag + floor, overflow);
            }
            c.bwd().assertGuardsIntact("dx");
            c.x.assertUnchanged("y");
        });
    }

    @Test
    void tanhBackwardWithinThreeRoundings() {
        Property.of("tanhBackward", ActivationPropertiesTest::fromOutputs, Sizes.VECTOR).check(c -> {
            Kernels.tanhBackward(c.bwd().a, c.bwd().off, c.dy.a, c.dy.off, c.x.a, c.x.off, c.x.n());
            for (int i = 0; i < c.x.n(); i++) {
                float dy = c.dy.orig(i);
                float y = c.x.orig(i);
                // dy·(1 − y²) in 3 roundings (y², 1 − y², the product): the error of y² is not scaled down by
                // the cancellation in 1 − y², so |err| ≤ γ_3·|dy|·(1 + y²) + η·(1 + |dy|) (y² may underflow by
                // η, then scaled by |dy|; the last product by η).
                double mag = Math.abs(dy) * (1 + (double) y * y);
                double overflow = Math.max(mag, 1 + (double) y * y); // y² alone may overflow
                Approx.near("dx", i, c.bwd().get(i), ReferenceActivations.tanhBackward(dy, y),
                        gamma(3) * mag + ETA * (1 + Math.abs(dy)), overflow);
            }
            c.bwd().assertGuardsIntact("dx");
            c.x.assertUnchanged("y");
        });
    }

    record Maxout(Buf x, Buf out, Buf dy, Buf dx, int m, int units, int k) {
        static Maxout make(Rnd r, int[] s) {
            int m = s[0];
            int units = s[1];
            int k = s[2];
            Floats.Dist d = r.chance(0.5) ? Floats.any(r)
                    : v -> v.pick(new float[] {-0f, 0f, 2f, Float.NaN, Float.NEGATIVE_INFINITY});
            Buf x = Buf.vector(r, m * units * k, d);
            return new Maxout(x, Buf.vector(r, m * units, Floats.SPECIAL), Buf.vector(r, m * units, Floats.any(r)),
                    Buf.vector(r, m * units * k, Floats.SPECIAL), m, units, k);
        }
    }

    private static final Sizes[] MAXOUT_DIMS = {Sizes.MATRIX.named("m").atMost(20), Sizes.MATRIX.named("units"),
        Sizes.MATRIX.named("k").atLeast(1).atMost(9)};

    @Test
    void maxoutIsBitExact() {
        Property.of("maxout", Maxout::make, MAXOUT_DIMS).check(c -> {
            Kernels.maxout(c.out.a, c.out.off, c.x.a, c.x.off, c.m, c.units, c.k);
            float[] ref = ReferenceRows.maxout(c.x.originalArray(), c.x.off, c.m, c.units, c.k);
            for (int i = 0; i < ref.length; i++) {
                Approx.same("out", i, c.out.get(i), ref[i]);
            }
            c.out.assertGuardsIntact("out");
            c.x.assertUnchanged("x");
        });
    }

    @Test
    void maxoutBackwardIsBitExact() {
        Property.of("maxoutBackward", Maxout::make, MAXOUT_DIMS).check(c -> {
            Kernels.maxoutBackward(c.dx.a, c.dx.off, c.dy.a, c.dy.off, c.x.a, c.x.off, c.m, c.units, c.k);
            float[] ref = ReferenceRows.maxoutBackward(c.dy.originalArray(), c.dy.off, c.x.originalArray(), c.x.off,
                    c.m, c.units, c.k);
            for (int i = 0; i < ref.length; i++) {
                Approx.same("dx", i, c.dx.get(i), ref[i]);
            }
            c.dx.assertGuardsIntact("dx");
            c.x.assertUnchanged("x");
            c.dy.assertUnchanged("dy");
        });
    }
}
