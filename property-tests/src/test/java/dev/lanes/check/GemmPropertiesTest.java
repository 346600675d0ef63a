package dev.lanes.check;

import static dev.lanes.check.Approx.ETA;
import static dev.lanes.check.Approx.gamma;

import dev.lanes.check.reference.ExactSum;
import dev.lanes.check.reference.ReferenceBlas;
import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * GEMM, C = α·op(A)·op(B) + β·C, against the double reference over every transpose combination, sizes 0..67
 * (so 1×1, k = 1, odd and lane ± 1 sizes), α and β including 0, offsets and leading dimensions wider than
 * the matrices, and larger shapes that reach the packed path in every transpose case. β = 0 cases fill C
 * with NaN (it must not be read); α = 0 cases fill A and B with NaN.
 */
class GemmPropertiesTest {

    record Case(Buf c, Buf a, boolean transA, Buf b, boolean transB, int m, int n, int k, float alpha, float beta) {
        static Case make(Rnd r, int[] s) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            boolean transA = r.nextBoolean();
            boolean transB = r.nextBoolean();
            r.label("op " + (transA ? "Aᵀ" : "A") + "·" + (transB ? "Bᵀ" : "B"));
            float alpha = r.chance(0.15) ? 0f : r.chance(0.5) ? 1f : r.pick(new float[] {-1f, 0.5f, -1.75f, 3f});
            float beta = r.chance(0.3) ? 0f : r.chance(0.4) ? 1f : r.pick(new float[] {-1f, 0.25f, 2.5f});
            r.label(alpha == 0 ? "α = 0" : alpha == 1 ? "α = 1" : "α other");
            r.label(beta == 0 ? "β = 0" : beta == 1 ? "β = 1" : "β other");
            Floats.Dist d = Floats.any(r);
            Floats.Dist ab = alpha == 0 ? v -> Float.NaN : d; // α = 0: A and B must not be read
            Floats.Dist cd = beta == 0 ? v -> Float.NaN : d; // β = 0: C must not be read
            Buf a = transA ? Buf.matrix(r, k, m, Buf.extraLd(r), ab) : Buf.matrix(r, m, k, Buf.extraLd(r), ab);
            Buf b = transB ? Buf.matrix(r, n, k, Buf.extraLd(r), ab) : Buf.matrix(r, k, n, Buf.extraLd(r), ab);
            Buf c = Buf.matrix(r, m, n, Buf.extraLd(r), cd);
            return new Case(c, a, transA, b, transB, m, n, k, alpha, beta);
        }
    }

    private static final Sizes[] DIMS = {Sizes.MATRIX.named("m"), Sizes.MATRIX.named("n"), Sizes.MATRIX.named("k")};

    @Test
    void gemmMatchesReference() {
        Property.of("gemm", Case::make, DIMS).check(GemmPropertiesTest::runAndCheck);
    }

    /**
     * Shapes that take the SIMD GEMM's packed, cache-blocked path in all four transpose cases: B has
     * k·n ≥ 127·65 = 8255 floats, over the 8192 below which B is read unpacked; m ≥ 3, past the one- and
     * two-row paths, and up to 100, so A comes in more than one MC = 48 row block; n past 64 gives whole and
     * edge column panels at 4, 8 and 16 lanes. Every case costs m·n·k exact-sum terms (up to 4.8 M), so this
     * property runs a fifth of the tries.
     */
    @Test
    void packedGemmMatchesReference() {
        Config all = Config.fromSystemProperties();
        Config fewer = all.replaySeed() != null ? all : Config.of(Math.max(1, all.tries() / 5), all.runSeed());
        Sizes[] dims = {Sizes.of("m", 3, 100), Sizes.of("n", 65, 160), Sizes.of("k", 127, 300)};
        Property.of("packed gemm", Case::make, dims).check(fewer, GemmPropertiesTest::runAndCheck);
    }

    /** One call, every element against the reference, guards and inputs untouched. */
    private static void runAndCheck(Case g) {
        Kernels.gemm(g.c.a, g.c.off, g.c.ld, g.a.a, g.a.off, g.a.ld, g.transA, g.b.a, g.b.off, g.b.ld, g.transB,
                g.m, g.n, g.k, g.alpha, g.beta);
        for (int i = 0; i < g.m; i++) {
            for (int j = 0; j < g.n; j++) {
                check(g, i, j);
            }
        }
        g.c.assertGuardsIntact("C");
        g.a.assertUnchanged("A");
        g.b.assertUnchanged("B");
    }

    private static void check(Case g, int i, int j) {
        float cij = g.c.orig(i, j);
        ExactSum ref = ReferenceBlas.gemmElement(g.a.originalArray(), g.a.off, g.a.ld, g.transA,
                g.b.originalArray(), g.b.off, g.b.ld, g.transB, i, j, g.k, g.alpha, g.beta, cij);
        // Underflow floor and overflow magnitude need the factors: η for each rounding of a product (α·a_ip
        // or α·s, the product with b_pj, β·c_ij), the first scaled by the factor applied after it.
        double factors = 0;
        double partial = Math.abs((double) g.beta * cij);
        if (g.alpha != 0) {
            for (int p = 0; p < g.k; p++) {
                double aip = Math.abs(g.transA ? g.a.orig(p, i) : g.a.orig(i, p));
                double bpj = Math.abs(g.transB ? g.b.orig(j, p) : g.b.orig(p, j));
                factors += 1 + aip + bpj;
                partial += Math.abs(g.alpha) * aip + aip * bpj;
            }
        }
        // Each of the k terms α·a_ip·b_pj meets ≤ k + 2 roundings (α·, the product or an fma, ≤ k − 1 additions
        // in any order, the addition of β·c), β·c_ij ≤ k + 1: |err| ≤ γ_{k+2}·(|α|·Σ_p|a_ip·b_pj| + |β·c_ij|)
        // + 2η·(2 + Σ_p(1 + |a_ip| + |b_pj|)), the factor 2 covering the (1 + γ) growth of those η.
        double bound = gamma(g.k + 2) * ref.magnitude() + 2 * ETA * (2 + factors);
        Approx.near("C(" + i + ", " + j + ") at", i * g.n + j, g.c.get(i, j), ref.value(), bound,
                Math.max(ref.magnitude(), partial));
    }

    /**
     * Regression, shrunk by gemmMatchesReference: C: (2, 0) with ldc = 6 needs no elements, so the facade
     * accepts a 2-element array; the GEMM must not touch row 1 at offset 6.
     */
    @Test
    void emptyOutputWithWideLeadingDimensionIsANoOp() {
        float[] c = {7f, 7f};
        Kernels.gemm(c, 0, 6, new float[1], 0, 2, true, new float[1], 0, 1, true, 2, 0, 0, 1f, 0f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {7f, 7f}, c);
    }
}
