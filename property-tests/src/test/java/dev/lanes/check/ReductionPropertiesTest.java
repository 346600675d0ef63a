package dev.lanes.check;

import static dev.lanes.check.Approx.ETA;
import static dev.lanes.check.Approx.gamma;

import dev.lanes.check.reference.ExactSum;
import dev.lanes.check.reference.ReferenceActivations;
import dev.lanes.check.reference.ReferenceBlas;
import dev.lanes.kernels.Kernels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** dot, sum, sumOfSquares, max and argmaxRows through {@link Kernels}, against the double references. */
class ReductionPropertiesTest {

    record Pair(Buf x, Buf y) {
        static Pair make(Rnd r, int[] sizes) {
            int n = sizes[0];
            if (r.chance(0.2)) {
                r.label("ill-conditioned");
                return new Pair(Buf.vector(r, n, Floats.CANCELLING), Buf.vector(r, n, Floats.PAIRED));
            }
            Floats.Dist d = Floats.any(r);
            return new Pair(Buf.vector(r, n, d), Buf.vector(r, n, d));
        }
    }

    @Test
    void dot() {
        Property.of("dot", Pair::make, Sizes.VECTOR).check(c -> {
            int n = c.x.n();
            ExactSum ref = ReferenceBlas.dot(c.x.originalArray(), c.x.off, c.y.originalArray(), c.y.off, n);
            float got = Kernels.dot(c.x.a, c.x.off, c.y.a, c.y.off, n);
            // |err| ≤ γ_n·Σ|x_i·y_i| + 2n·η: each product meets ≤ n roundings (its multiply, or an fma, and ≤ n−1
            // additions in any order); each may also underflow by η = 2⁻¹⁵⁰, amplified by ≤ 1 + γ_n ≤ 2.
            double bound = gamma(n) * ref.magnitude() + 2 * n * ETA;
            Approx.near("dot", -1, got, ref.value(), bound, ref.magnitude());
            c.x.assertUnchanged("x");
            c.y.assertUnchanged("y");
        });
    }

    @Test
    void sum() {
        Property.of("sum", Pair::make, Sizes.VECTOR).check(c -> {
            int n = c.x.n();
            ExactSum ref = ReferenceBlas.sum(c.x.originalArray(), c.x.off, n);
            float got = Kernels.sum(c.x.a, c.x.off, n);
            // |err| ≤ γ_{n−1}·Σ|x_i| ≤ γ_n·Σ|x_i|; additions never underflow (subnormal sums are exact).
            Approx.near("sum", -1, got, ref.value(), gamma(n) * ref.magnitude(), ref.magnitude());
            c.x.assertUnchanged("x");
        });
    }

    @Test
    void sumOfSquares() {
        Property.of("sumOfSquares", Pair::make, Sizes.VECTOR).check(c -> {
            int n = c.x.n();
            ExactSum ref = ReferenceBlas.sumOfSquares(c.x.originalArray(), c.x.off, n);
            float got = Kernels.sumOfSquares(c.x.a, c.x.off, n);
            // As dot with y = x: |err| ≤ γ_n·Σx_i² + 2n·η.
            Approx.near("sumOfSquares", -1, got, ref.value(), gamma(n) * ref.magnitude() + 2 * n * ETA,
                    ref.magnitude());
            c.x.assertUnchanged("x");
        });
    }

    @Test
    void maxIsBitExact() {
        Property.of("max", Pair::make, Sizes.VECTOR).check(c -> {
            int n = c.x.n();
            float got = Kernels.max(c.x.a, c.x.off, n);
            // Math.max semantics, bit-exact: NaN wins, +0.0 > −0.0, −∞ for n = 0.
            Approx.same("max", -1, got, ReferenceActivations.max(c.x.originalArray(), c.x.off, n));
            c.x.assertUnchanged("x");
        });
    }

    record Rows(Buf x, int[] out, int outOff) {
        static Rows make(Rnd r, int[] sizes) {
            // Few distinct values, so ties (first index wins) and ±0 pairs are common.
            Floats.Dist d = r.chance(0.5) ? Floats.any(r)
                    : s -> s.pick(new float[] {-0f, 0f, 1f, -1f, Float.NaN, Float.NEGATIVE_INFINITY});
            Buf x = Buf.matrix(r, sizes[0], sizes[1], Buf.extraLd(r), d);
            int outOff = r.between(0, 3);
            int[] out = new int[outOff + sizes[0] + 2];
            Arrays.fill(out, -7);
            return new Rows(x, out, outOff);
        }

        @Override
        public String toString() {
            return "x=" + x + ", outOff=" + outOff;
        }
    }

    @Test
    void argmaxRows() {
        Sizes rows = Sizes.MATRIX.named("m");
        Sizes cols = Sizes.VECTOR.named("n").atLeast(1).atMost(600);
        Property.of("argmaxRows", Rows::make, rows, cols).check(c -> {
            Buf x = c.x;
            Kernels.argmaxRows(c.out, c.outOff, x.a, x.off, x.ld, x.rows, x.cols);
            for (int p = 0; p < c.out.length; p++) {
                int i = p - c.outOff;
                // Exact: the first index of the maximum, the first NaN winning, ±0 equal.
                int expected = i >= 0 && i < x.rows
                        ? ReferenceActivations.argmax(x.originalArray(), x.off + i * x.ld, 1, x.cols) : -7;
                Approx.require(c.out[p] == expected, "out[" + p + "] = " + c.out[p] + ", expected " + expected);
            }
            x.assertUnchanged("x");
        });
    }
}
