package dev.lanes.kernels.simd;

import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.ScalarKernels;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Every kernel of {@link VectorKernels} (or, with {@code -Dlanes.cases=scalar}, of {@link ScalarKernels}) on
 * fixed, seeded inputs of awkward sizes, for {@link DeterminismTest}. Each case runs its kernel with every
 * array placed at a given offset and returns the outputs (int outputs as floats). {@link #main} is the
 * child-JVM side: it runs every case (after optional warm-up rounds) and writes the bit patterns. No JUnit
 * here, so the child needs nothing but the kernels.
 */
final class KernelCases {

    private KernelCases() {}

    /** One kernel call; {@code run(off)} places every array at offset off and returns the outputs. */
    record Case(String name, Run run) {}

    interface Run {
        float[] at(int off);
    }

    static final int[] SIZES = {1, 3, 7, 8, 9, 13, 31, 64, 100, 1000, 1027};

    static final KernelSupport K = "scalar".equals(System.getProperty("lanes.cases")) ? new ScalarKernels()
            : new VectorKernels();

    /** Seeded inputs: gaussian·scale, with NaN/±∞/±0 sprinkled in when nasty. */
    static float[] data(long seed, int n, double scale, boolean nasty) {
        Random random = new Random(seed);
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (scale * random.nextGaussian());
            if (nasty && random.nextInt(10) == 0) {
                a[i] = specials[random.nextInt(specials.length)];
            }
        }
        return a;
    }

    /**
     * Inputs for exp, sigmoid and tanh: uniform over [−110, 95] (overflow, subnormal results, underflow to
     * 0), a band around the subnormal range of exp, tiny values, and the specials.
     */
    static float[] wide(long seed, int n) {
        Random random = new Random(seed);
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72283f,
            88.72284f, -103.97208f, -103.9721f, 1e-30f, -Float.MIN_VALUE};
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (random.nextInt(5)) {
                case 0 -> (float) (-110 + 205 * random.nextDouble());
                case 1 -> (float) (-104 + 17 * random.nextDouble());
                case 2 -> (float) (20 * random.nextGaussian());
                case 3 -> (float) (1e-3 * random.nextGaussian());
                default -> specials[random.nextInt(specials.length)];
            };
        }
        return a;
    }

    /** src copied into a fresh array at off, with off + 2 trailing slots. */
    static float[] at(float[] src, int off) {
        float[] a = new float[off + src.length + 2];
        System.arraycopy(src, 0, a, off, src.length);
        return a;
    }

    static float[] slice(float[] a, int off, int n) {
        return Arrays.copyOfRange(a, off, off + n);
    }

    interface Binary {
        void run(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);
    }

    interface Unary {
        void run(float[] out, int outOff, float[] x, int xOff, int n);
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        long seed = 1;
        for (int n : SIZES) {
            float[] x = data(seed++, n, 1, false);
            float[] y = data(seed++, n, 1, false);
            float[] z = data(seed++, n, 3, true);
            float[] w = wide(seed++, n);
            float[] s = data(seed++, n, 0.4, false); // plausible sigmoid / tanh outputs for the backward passes
            cases.add(new Case("dot n=" + n, off -> new float[] {K.dot(at(x, off), off, at(y, off), off, n)}));
            cases.add(new Case("sum n=" + n, off -> new float[] {K.sum(at(x, off), off, n)}));
            cases.add(new Case("sumOfSquares n=" + n, off -> new float[] {K.sumOfSquares(at(x, off), off, n)}));
            cases.add(new Case("max n=" + n, off -> new float[] {K.max(at(z, off), off, n)}));
            cases.add(new Case("axpy n=" + n, off -> {
                float[] out = at(y, off);
                K.axpy(out, off, 0.7f, at(x, off), off, n);
                return slice(out, off, n);
            }));
            cases.add(unary("scale n=" + n, x, n, (o, oo, v, vo, m) -> K.scale(o, oo, -1.3f, v, vo, m)));
            cases.add(binary("add n=" + n, x, y, n, K::add));
            cases.add(binary("sub n=" + n, x, y, n, K::sub));
            cases.add(binary("mul n=" + n, x, y, n, K::mul));
            cases.add(binary("maximum n=" + n, z, x, n, K::maximum));
            cases.add(unary("relu n=" + n, z, n, K::relu));
            cases.add(binary("reluBackward n=" + n, x, z, n, K::reluBackward));
            cases.add(unary("leakyRelu n=" + n, z, n, (o, oo, v, vo, m) -> K.leakyRelu(o, oo, v, vo, 0.01f, m)));
            cases.add(binary("leakyReluBackward n=" + n, x, z, n,
                    (o, oo, a, ao, b, bo, m) -> K.leakyReluBackward(o, oo, a, ao, b, bo, 0.01f, m)));
            cases.add(unary("exp n=" + n, w, n, K::exp));
            cases.add(unary("sigmoid n=" + n, w, n, K::sigmoid));
            cases.add(unary("tanh n=" + n, w, n, K::tanh));
            cases.add(binary("sigmoidBackward n=" + n, x, s, n, K::sigmoidBackward));
            cases.add(binary("tanhBackward n=" + n, x, s, n, K::tanhBackward));
        }
        int[][] rows = {{1, 1}, {3, 7}, {4, 13}, {5, 33}, {2, 100}, {3, 1000}};
        for (int[] mn : rows) {
            int m = mn[0];
            int n = mn[1];
            int ld = n + 3;
            float[] x = data(seed++, m * ld, 10, false);
            x[Math.min(2, x.length - 1)] = Float.NEGATIVE_INFINITY;
            float[] nasty = data(seed++, m * ld, 1, true);
            float[] bias = data(seed++, n, 1, false);
            String shape = " m=" + m + " n=" + n;
            cases.add(rowCase("softmaxRows" + shape, x, m, n, ld,
                    (o, oo, v, vo) -> K.softmaxRows(o, oo, ld, v, vo, ld, m, n)));
            cases.add(rowCase("logSoftmaxRows" + shape, x, m, n, ld,
                    (o, oo, v, vo) -> K.logSoftmaxRows(o, oo, ld, v, vo, ld, m, n)));
            cases.add(new Case("addRowVector" + shape, off -> {
                float[] c = at(x, off);
                K.addRowVector(c, off, ld, at(bias, off), off, m, n);
                return slice(c, off, m * ld);
            }));
            cases.add(new Case("addColumnSums" + shape, off -> {
                float[] out = at(bias, off);
                K.addColumnSums(out, off, at(x, off), off, ld, m, n);
                return slice(out, off, n);
            }));
            cases.add(new Case("argmaxRows" + shape, off -> {
                int[] out = new int[off + m];
                K.argmaxRows(out, off, at(nasty, off), off, ld, m, n);
                float[] r = new float[m];
                for (int i = 0; i < m; i++) {
                    r[i] = out[off + i];
                }
                return r;
            }));
        }
        int[][] maxouts = {{1, 1, 1}, {2, 3, 2}, {3, 13, 3}, {2, 40, 4}};
        for (int[] muk : maxouts) {
            int m = muk[0];
            int units = muk[1];
            int k = muk[2];
            float[] x = data(seed++, m * units * k, 1, true);
            float[] dy = data(seed++, m * units, 1, false);
            String shape = " m=" + m + " units=" + units + " k=" + k;
            cases.add(new Case("maxout" + shape, off -> {
                float[] out = new float[off + m * units];
                K.maxout(out, off, at(x, off), off, m, units, k);
                return slice(out, off, m * units);
            }));
            cases.add(new Case("maxoutBackward" + shape, off -> {
                float[] dx = new float[off + m * units * k];
                K.maxoutBackward(dx, off, at(dy, off), off, at(x, off), off, m, units, k);
                return slice(dx, off, m * units * k);
            }));
        }
        // (m, n, k): 1×k rows, k = 1, n < L (tinyN), unpacked small shapes, blocked (k·n > 8192).
        int[][] gemms = {{1, 1, 1}, {1, 37, 13}, {2, 9, 100}, {5, 3, 17}, {33, 5, 64}, {13, 17, 9}, {16, 16, 16},
            {4, 1, 1}, {24, 100, 90}};
        for (int[] mnk : gemms) {
            for (int t = 0; t < 4; t++) {
                boolean transA = (t & 1) != 0;
                boolean transB = (t & 2) != 0;
                cases.add(gemm(mnk[0], mnk[1], mnk[2], transA, transB, 1f, 0f, seed));
                cases.add(gemm(mnk[0], mnk[1], mnk[2], transA, transB, 0.5f, 1.5f, seed + 1));
                seed += 2;
            }
        }
        return cases;
    }

    static Case unary(String name, float[] x, int n, Unary kernel) {
        return new Case(name, off -> {
            float[] out = new float[off + n];
            kernel.run(out, off, at(x, off), off, n);
            return slice(out, off, n);
        });
    }

    static Case binary(String name, float[] a, float[] b, int n, Binary kernel) {
        return new Case(name, off -> {
            float[] out = new float[off + n];
            kernel.run(out, off, at(a, off), off, at(b, off), off, n);
            return slice(out, off, n);
        });
    }

    interface RowKernel {
        void run(float[] out, int outOff, float[] x, int xOff);
    }

    static Case rowCase(String name, float[] x, int m, int n, int ld, RowKernel kernel) {
        return new Case(name, off -> {
            float[] out = new float[off + m * ld];
            kernel.run(out, off, at(x, off), off);
            return slice(out, off, m * ld);
        });
    }

    static Case gemm(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta, long seed) {
        int lda = (transA ? m : k) + 1;
        int ldb = (transB ? k : n) + 2;
        int ldc = n + 3;
        float[] a = data(seed, (transA ? k : m) * lda, 1, false);
        float[] b = data(seed + 1000, (transB ? n : k) * ldb, 1, false);
        float[] c = data(seed + 2000, m * ldc, 1, false);
        String name = "gemm m=" + m + " n=" + n + " k=" + k + (transA ? " Aᵀ" : "") + (transB ? " Bᵀ" : "")
                + " α=" + alpha + " β=" + beta;
        return new Case(name, off -> {
            float[] out = at(c, off);
            K.gemm(out, off, ldc, at(a, off), off, lda, transA, at(b, off), off, ldb, transB, m, n, k, alpha, beta);
            return slice(out, off, m * ldc);
        });
    }

    /**
     * Child JVM: runs every case args[1] times (default 0) to warm the JIT, then once more at offset 0, and
     * writes name, length and raw bits of each result to args[0].
     */
    public static void main(String[] args) throws IOException {
        List<Case> cases = all();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        for (int round = 0; round < rounds; round++) {
            for (Case c : cases) {
                c.run().at(round % 4);
            }
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(Path.of(args[0]))))) {
            out.writeInt(cases.size());
            for (Case c : cases) {
                float[] r = c.run().at(0);
                out.writeUTF(c.name());
                out.writeInt(r.length);
                for (float v : r) {
                    out.writeInt(Float.floatToRawIntBits(v));
                }
            }
        }
    }
}
