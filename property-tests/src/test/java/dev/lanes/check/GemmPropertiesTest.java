package dev.lanes.check;

import static dev.lanes.check.Approx.ETA;
import static dev.lanes.check.Approx.gamma;

import dev.lanes.check.reference.ExactSum;
import dev.lanes.check.reference.ReferenceBlas;
import dev.lanes.kernels.Epilogue;
import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedB;
import dev.lanes.kernels.ScalarKernels;
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
        checkElement("C(" + i + ", " + j + ") at", i * g.n + j, g.c.get(i, j), g.a, g.transA, g.b, g.transB, i, j,
                g.k, g.alpha, g.beta, g.c.orig(i, j), false);
    }

    /**
     * One element of α·op(A)·op(B) + β·c (then ReLU when asked) against the exact sum. ReLU is 1-Lipschitz and
     * exact, so the bound of the sum holds after it.
     */
    private static void checkElement(String what, int index, float actual, Buf a, boolean transA, Buf b,
                                     boolean transB, int i, int j, int k, float alpha, float beta, float cij,
                                     boolean relu) {
        ExactSum ref = ReferenceBlas.gemmElement(a.originalArray(), a.off, a.ld, transA,
                b.originalArray(), b.off, b.ld, transB, i, j, k, alpha, beta, cij);
        // Underflow floor and overflow magnitude need the factors: η for each rounding of a product (α·a_ip
        // or α·s, the product with b_pj, β·c_ij), the first scaled by the factor applied after it.
        double factors = 0;
        double partial = Math.abs((double) beta * cij);
        if (alpha != 0) {
            for (int p = 0; p < k; p++) {
                double aip = Math.abs(transA ? a.orig(p, i) : a.orig(i, p));
                double bpj = Math.abs(transB ? b.orig(j, p) : b.orig(p, j));
                factors += 1 + aip + bpj;
                partial += Math.abs(alpha) * aip + aip * bpj;
            }
        }
        // Each of the k terms α·a_ip·b_pj meets ≤ k + 2 roundings (α·, the product or an fma, ≤ k − 1 additions
        // in any order, the addition of β·c), β·c_ij ≤ k + 1: |err| ≤ γ_{k+2}·(|α|·Σ_p|a_ip·b_pj| + |β·c_ij|)
        // + 2η·(2 + Σ_p(1 + |a_ip| + |b_pj|)), the factor 2 covering the (1 + γ) growth of those η.
        double bound = gamma(k + 2) * ref.magnitude() + 2 * ETA * (2 + factors);
        double magnitude = Math.max(ref.magnitude(), partial);
        if (relu && actual == 0f && !(magnitude * (1 + 1e-3) < Float.MAX_VALUE)) {
            return; // an order that overflows may reach −∞ before the ReLU, which makes it 0 (Approx.near)
        }
        double expected = relu && !(ref.value() > 0) && !Double.isNaN(ref.value()) ? 0 : ref.value();
        Approx.near(what, index, actual, expected, bound, magnitude);
    }

    /** A dense layer's product on packed weights: C = epilogue(A·B + bias), B packed once, C never read. */
    record Fused(Buf c, Buf a, Buf b, boolean transB, Buf bias, Epilogue epilogue, int m, int n, int k) {
        static Fused make(Rnd r, int[] s) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            boolean transB = r.nextBoolean();
            Epilogue e = r.chance(0.5) ? Epilogue.RELU : Epilogue.NONE;
            boolean hasBias = r.chance(0.75);
            r.label(transB ? "B packed from Bᵀ" : "B packed from B");
            r.label("epilogue " + e + (hasBias ? " with bias" : ", no bias"));
            r.label(m <= 2 ? "rows ≤ 2 (row path)" : "rows > 2 (blocked path)");
            Floats.Dist d = Floats.any(r);
            Buf a = Buf.matrix(r, m, k, Buf.extraLd(r), d);
            Buf b = transB ? Buf.matrix(r, n, k, Buf.extraLd(r), d) : Buf.matrix(r, k, n, Buf.extraLd(r), d);
            Buf c = Buf.matrix(r, m, n, Buf.extraLd(r), v -> Float.NaN); // must not be read
            Buf bias = hasBias ? Buf.vector(r, n, d) : null;
            return new Fused(c, a, b, transB, bias, e, m, n, k);
        }
    }

    /**
     * Packed weights with the fused epilogue, every path: rows ≤ 2 (the row path) and more (blocked), whole and
     * edge panels, k up to 1100 so that some cases cross the KC = 1024 block (C + acc between blocks). Checked
     * element by element against the exact A·B + bias, ReLU applied to the exact value; B and A untouched.
     */
    @Test
    void packedGemmWithEpilogueMatchesReference() {
        Config all = Config.fromSystemProperties();
        Config fewer = all.replaySeed() != null ? all : Config.of(Math.max(1, all.tries() / 4), all.runSeed());
        Sizes[] dims = {Sizes.of("m", 0, 40), Sizes.of("n", 0, 100), Sizes.of("k", 0, 1100)};
        Property.of("gemmPacked", Fused::make, dims).check(fewer, g -> {
            PackedB packed = Kernels.pack(g.b.a, g.b.off, g.b.ld, g.transB, g.k, g.n);
            float[] bias = g.bias == null ? null : g.bias.a;
            int biasOff = g.bias == null ? 0 : g.bias.off;
            Kernels.gemmPacked(g.c.a, g.c.off, g.c.ld, g.a.a, g.a.off, g.a.ld, packed, bias, biasOff, g.epilogue, g.m);
            for (int i = 0; i < g.m; i++) {
                for (int j = 0; j < g.n; j++) {
                    float bj = g.bias == null ? 0f : g.bias.orig(j);
                    checkElement("C(" + i + ", " + j + ") at", i * g.n + j, g.c.get(i, j), g.a, false, g.b,
                            g.transB, i, j, g.k, 1f, 1f, bj, g.epilogue == Epilogue.RELU);
                }
            }
            g.c.assertGuardsIntact("C");
            g.a.assertUnchanged("A");
            g.b.assertUnchanged("B");
        });
    }

    /** The fused scalar kernel is the unfused sequence: gemm, addRowVector, relu give the same bits. */
    @Test
    void fusedEqualsUnfusedOnTheScalarKernels() {
        KernelSupport scalar = new ScalarKernels();
        int m = 7;
        int n = 13;
        int k = 29;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] bias = new float[n];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        for (int j = 0; j < n; j++) {
            bias[j] = (float) r.nextGaussian();
        }
        float[] fused = new float[m * n];
        scalar.gemmPacked(fused, 0, n, a, 0, k, scalar.pack(b, 0, n, false, k, n), bias, 0, Epilogue.RELU, m);
        float[] unfused = new float[m * n];
        scalar.gemm(unfused, 0, n, a, 0, k, false, b, 0, n, false, m, n, k, 1f, 0f);
        scalar.addRowVector(unfused, 0, n, bias, 0, m, n);
        scalar.relu(unfused, 0, unfused, 0, m * n);
        for (int i = 0; i < fused.length; i++) {
            Approx.same("fused", i, fused[i], unfused[i]);
        }
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
