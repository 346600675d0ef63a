package dev.lanes.kernels.simd;

import dev.lanes.kernels.KernelSupport;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-JVM side of {@link AllocationTest}: for every kernel at every size, {@link #WARM_UP} calls, then
 * {@link #MEASURED} calls between two readings of this thread's allocated-bytes counter; prints one line
 * {@code bytes <name>} per kernel and size. Each (kernel, size) has its own call site (its own lambda),
 * warmed up on its own just before it is measured, so the kernel is compiled for the sizes seen so far,
 * as in a program whose call sites each see one size. Preallocated arrays; nothing else in the loop.
 */
final class AllocationProbe {

    /** Batch sizes from 1 to 30: both the row path (1, 2) and the tiny-n path of a narrow product. */
    private static final int[] BATCHES = {1, 2, 3, 5, 8, 13, 21, 30};


    private AllocationProbe() {}

    static final int WARM_UP = 20_000;
    static final int MEASURED = 10_000;
    static final int[] SIZES = {1, 3, 7, 8, 9, 13, 64, 1000};

    interface Call {
        void run();
    }

    record Probe(String name, Call call) {}

    static final KernelSupport K = new VectorKernels();

    static float[] filled(int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * (float) Math.sin(1.7 * i + 0.3);
        }
        return a;
    }

    static List<Probe> probes() {
        List<Probe> p = new ArrayList<>();
        p.add(new Probe("(empty call: the harness itself)", () -> { }));
        for (int n : SIZES) {
            float[] x = filled(n + 3, 1f);
            float[] y = filled(n + 3, 0.5f);
            float[] out = new float[n + 3];
            int[] idx = new int[4];
            String s = " n=" + n;
            // Offsets 1 and 2, so the arrays are not vector-aligned; axpy scales by −1 to keep y bounded.
            p.add(new Probe("dot" + s, () -> out[0] = K.dot(x, 1, y, 2, n)));
            p.add(new Probe("sum" + s, () -> out[0] = K.sum(x, 1, n)));
            p.add(new Probe("sumOfSquares" + s, () -> out[0] = K.sumOfSquares(x, 1, n)));
            p.add(new Probe("max" + s, () -> out[0] = K.max(x, 1, n)));
            p.add(new Probe("argmaxRows" + s, () -> K.argmaxRows(idx, 0, x, 1, n, 1, n)));
            p.add(new Probe("axpy" + s, () -> K.axpy(out, 1, -1f, x, 2, n)));
            p.add(new Probe("scale" + s, () -> K.scale(out, 1, 0.5f, x, 2, n)));
            p.add(new Probe("add" + s, () -> K.add(out, 1, x, 2, y, 0, n)));
            p.add(new Probe("sub" + s, () -> K.sub(out, 1, x, 2, y, 0, n)));
            p.add(new Probe("mul" + s, () -> K.mul(out, 1, x, 2, y, 0, n)));
            p.add(new Probe("maximum" + s, () -> K.maximum(out, 1, x, 2, y, 0, n)));
            p.add(new Probe("relu" + s, () -> K.relu(out, 1, x, 2, n)));
            p.add(new Probe("reluBackward" + s, () -> K.reluBackward(out, 1, y, 0, x, 2, n)));
            p.add(new Probe("leakyRelu" + s, () -> K.leakyRelu(out, 1, x, 2, 0.01f, n)));
            p.add(new Probe("leakyReluBackward" + s, () -> K.leakyReluBackward(out, 1, y, 0, x, 2, 0.01f, n)));
            p.add(new Probe("exp" + s, () -> K.exp(out, 1, x, 2, n)));
            p.add(new Probe("sigmoid" + s, () -> K.sigmoid(out, 1, x, 2, n)));
            p.add(new Probe("sigmoidBackward" + s, () -> K.sigmoidBackward(out, 1, y, 0, x, 2, n)));
            p.add(new Probe("tanh" + s, () -> K.tanh(out, 1, x, 2, n)));
            p.add(new Probe("tanhBackward" + s, () -> K.tanhBackward(out, 1, y, 0, x, 2, n)));
            p.add(new Probe("softmaxRows 1×" + n, () -> K.softmaxRows(out, 1, n, x, 2, n, 1, n)));
            p.add(new Probe("logSoftmaxRows 1×" + n, () -> K.logSoftmaxRows(out, 1, n, x, 2, n, 1, n)));
            p.add(new Probe("addRowVector 1×" + n, () -> K.addRowVector(out, 1, n, y, 0, 1, n)));
            p.add(new Probe("addColumnSums 1×" + n, () -> K.addColumnSums(out, 1, y, 0, n, 1, n)));
            float[] pieces = filled(3 * n, 1f);
            float[] dx = new float[3 * n];
            p.add(new Probe("maxout units=" + n + " k=3", () -> K.maxout(out, 0, pieces, 0, 1, n, 3)));
            p.add(new Probe("maxoutBackward units=" + n + " k=3",
                    () -> K.maxoutBackward(dx, 0, y, 0, pieces, 0, 1, n, 3)));
        }
        // (m, n, k): 1×k rows, k = 1, n < 8, small unpacked, blocked (k·n > 8192); every transpose.
        int[][] shapes = {{1, 1, 1}, {1, 64, 64}, {1, 7, 300}, {2, 9, 13}, {16, 16, 1}, {5, 3, 17}, {13, 17, 9},
            {24, 100, 90}};
        for (int[] mnk : shapes) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            int big = Math.max(m, k) * Math.max(n, k);
            float[] a = filled(big, 1f);
            float[] b = filled(big, 0.5f);
            float[] c = new float[m * n];
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                int lda = ta ? m : k;
                int ldb = tb ? k : n;
                String name = "gemm " + m + "×" + n + "×" + k + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "");
                p.add(new Probe(name, () -> K.gemm(c, 0, n, a, 0, lda, ta, b, 0, ldb, tb, m, n, k, 1f, 0.5f)));
            }
            // An input gradient dx = dy·Wᵀ at a width below one vector, over batches of 1-30 rows as a training loop
            // feeds it (one call site sees the row path and the tiny-n path): 6-18 KB per call at n = 7-15
            // when its lane sums were calls taking vectors.
            for (int narrow : new int[] {2, 7, 8, 15, 16, 17, 32}) {
                float[] dy = filled(30 * 100, 0.5f);
                float[] w = filled(narrow * 100, 0.25f);
                float[] dx = new float[30 * narrow];
                if (mnk == shapes[0]) {
                    p.add(new Probe("multTransB (1..30)×" + narrow + "×100", () -> {
                        for (int rows : BATCHES) {
                            K.gemm(dx, 0, narrow, dy, 0, 100, false, w, 0, 100, true, rows, narrow, 100, 1f, 0f);
                        }
                    }));
                }
            }
            // The dense layer's fused product on weights packed once (packing allocates; the product must not).
            dev.lanes.kernels.PackedB packed = K.pack(b, 0, n, false, k, n);
            float[] bias = filled(n, 0.25f);
            p.add(new Probe("gemmPacked " + m + "×" + n + "×" + k + " relu",
                    () -> K.gemmPacked(c, 0, n, a, 0, k, packed, bias, 0, dev.lanes.kernels.Epilogue.RELU, m)));
        }
        int[] batches = {1, 2, 32};
        dev.lanes.kernels.PackedB layer = K.pack(filled(784 * 128, 0.01f), 0, 128, false, 784, 128);
        float[] x = filled(32 * 784, 1f);
        float[] y = new float[32 * 128];
        float[] bias = filled(128, 0.5f);
        for (int rows : batches) {
            p.add(new Probe("gemmPacked " + rows + "×128×784 relu",
                    () -> K.gemmPacked(y, 0, 128, x, 0, 784, layer, bias, 0, dev.lanes.kernels.Epilogue.RELU, rows)));
        }
        return p;
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Probe probe : probes()) {
            Call call = probe.call();
            for (int i = 0; i < WARM_UP; i++) {
                call.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                call.run();
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println(bytes + " " + probe.name()); // outside the measured window
        }
    }
}
