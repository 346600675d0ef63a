package dev.lanes.check;

import static dev.lanes.check.Approx.ETA;
import static dev.lanes.check.Approx.gamma;

import dev.lanes.check.reference.ExactSum;
import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * axpy, scale, add, sub, mul, addRowVector and addColumnSums. add/sub/mul/scale are correctly rounded IEEE
 * operations, so they must equal the double result rounded once to float, bit for bit (double holds the
 * exact sum or product of two floats closely enough that rounding it to float is the IEEE float result).
 */
class ElementwisePropertiesTest {

    /** out = f(a, b); out is a fresh buffer or, in place, a or b itself. */
    record Binary(Buf out, Buf a, Buf b, float scalar, String aliasing) {
        static Binary make(Rnd r, int[] sizes) {
            int n = sizes[0];
            Floats.Dist d = Floats.any(r);
            Buf a = Buf.vector(r, n, d);
            Buf b = Buf.vector(r, n, d);
            float scalar = r.chance(0.2) ? r.pick(new float[] {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY})
                    : d.next(r);
            int alias = r.nextInt(4);
            r.label(alias == 0 ? "in place on a" : alias == 1 ? "in place on b" : "separate out");
            Buf out = alias == 0 ? a : alias == 1 ? b : Buf.vector(r, n, Floats.SPECIAL);
            return new Binary(out, a, b, scalar, alias == 0 ? "out = a" : alias == 1 ? "out = b" : "out separate");
        }
    }

    interface Op {
        float apply(float a, float b);
    }

    private static void checkExact(String name, Binary c, Op exact) {
        for (int i = 0; i < c.a.n(); i++) {
            Approx.same(name, i, c.out.get(i), exact.apply(c.a.orig(i), c.b.orig(i)));
        }
        c.out.assertGuardsIntact("out");
        if (c.out != c.a) {
            c.a.assertUnchanged("a");
        }
        if (c.out != c.b) {
            c.b.assertUnchanged("b");
        }
    }

    @Test
    void addIsCorrectlyRounded() {
        Property.of("add", Binary::make, Sizes.VECTOR).check(c -> {
            Kernels.add(c.out.a, c.out.off, c.a.a, c.a.off, c.b.a, c.b.off, c.a.n());
            // 0 ulp: one IEEE rounding of the exact a + b.
            checkExact("add", c, (a, b) -> (float) ((double) a + b));
        });
    }

    @Test
    void subIsCorrectlyRounded() {
        Property.of("sub", Binary::make, Sizes.VECTOR).check(c -> {
            Kernels.sub(c.out.a, c.out.off, c.a.a, c.a.off, c.b.a, c.b.off, c.a.n());
            checkExact("sub", c, (a, b) -> (float) ((double) a - b)); // 0 ulp
        });
    }

    @Test
    void mulIsCorrectlyRounded() {
        Property.of("mul", Binary::make, Sizes.VECTOR).check(c -> {
            Kernels.mul(c.out.a, c.out.off, c.a.a, c.a.off, c.b.a, c.b.off, c.a.n());
            checkExact("mul", c, (a, b) -> (float) ((double) a * b)); // 0 ulp: the product is exact in double
        });
    }

    @Test
    void scaleIsCorrectlyRounded() {
        Property.of("scale", Binary::make, Sizes.VECTOR).check(c -> {
            Buf out = c.out == c.b ? c.a : c.out; // scale has one input: a; "in place on b" becomes in place on a
            Kernels.scale(out.a, out.off, c.scalar, c.a.a, c.a.off, c.a.n());
            for (int i = 0; i < c.a.n(); i++) {
                Approx.same("scale", i, out.get(i), (float) ((double) c.scalar * c.a.orig(i))); // 0 ulp
            }
            out.assertGuardsIntact("out");
        });
    }

    @Test
    void axpyRoundsTheProductThenTheSum() {
        Property.of("axpy", Binary::make, Sizes.VECTOR).check(c -> {
            Buf y = c.b;
            Kernels.axpy(y.a, y.off, c.scalar, c.a.a, c.a.off, c.a.n());
            for (int i = 0; i < c.a.n(); i++) {
                // The documented rule, bit for bit in both implementations and at every position: two IEEE
                // roundings, fl(y + fl(a·x)), written here in Java float arithmetic (which is that rule).
                float product = c.scalar * c.a.orig(i);
                Approx.same("y", i, y.get(i), y.orig(i) + product); // 0 ulp
            }
            y.assertGuardsIntact("y");
            c.a.assertUnchanged("x");
        });
    }

    record Block(Buf c, Buf v) {
        static Block make(Rnd r, int[] sizes) {
            Floats.Dist d = Floats.any(r);
            Buf c = Buf.matrix(r, sizes[0], sizes[1], Buf.extraLd(r), d);
            return new Block(c, Buf.vector(r, sizes[1], d));
        }
    }

    private static final Sizes M = Sizes.MATRIX.named("m");
    private static final Sizes N = Sizes.VECTOR.named("n").atMost(300);

    @Test
    void addRowVectorIsCorrectlyRounded() {
        Property.of("addRowVector", Block::make, M, N).check(b -> {
            Buf c = b.c;
            Kernels.addRowVector(c.a, c.off, c.ld, b.v.a, b.v.off, c.rows, c.cols);
            for (int i = 0; i < c.rows; i++) {
                for (int j = 0; j < c.cols; j++) {
                    // 0 ulp: c + bias rounded once.
                    Approx.same("c", i * c.cols + j, c.get(i, j), (float) ((double) c.orig(i, j) + b.v.orig(j)));
                }
            }
            c.assertGuardsIntact("c");
            b.v.assertUnchanged("bias");
        });
    }

    @Test
    void addColumnSums() {
        Property.of("addColumnSums", Block::make, M, N).check(b -> {
            Buf x = b.c;
            Buf out = b.v;
            Kernels.addColumnSums(out.a, out.off, x.a, x.off, x.ld, x.rows, x.cols);
            for (int j = 0; j < x.cols; j++) {
                ExactSum ref = new ExactSum().add(out.orig(j));
                for (int i = 0; i < x.rows; i++) {
                    ref.add(x.orig(i, j));
                }
                // m additions onto out[j], in any order: |err| ≤ γ_m·(|out_j| + Σ_i|x_ij|).
                Approx.near("out", j, out.get(j), ref.value(), gamma(x.rows) * ref.magnitude(), ref.magnitude());
            }
            out.assertGuardsIntact("out");
            x.assertUnchanged("x");
        });
    }
}
