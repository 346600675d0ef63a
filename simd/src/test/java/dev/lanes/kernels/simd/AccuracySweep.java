package dev.lanes.kernels.simd;

import dev.lanes.kernels.KernelSupport;

/**
 * The sweep behind docs/kernels-accuracy.md, as a program (not run by the build: ~1 minute per function).
 * Every 7th float bit pattern in [−100, 100], both signs, in arrays of 4096 after a warm-up, against the
 * double reference rounded to float; prints the worst distance in float steps and where. Run from simd/:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:../core/target/classes
 * dev.lanes.kernels.simd.AccuracySweep}.
 */
public final class AccuracySweep {

    private AccuracySweep() {}

    private interface Unary {
        void run(float[] out, float[] x, int n);
    }

    private interface Reference {
        double at(double x);
    }

    public static void main(String[] args) {
        KernelSupport k = new VectorKernels();
        sweep("exp", (out, x, n) -> k.exp(out, 0, x, 0, n), Math::exp);
        sweep("sigmoid", (out, x, n) -> k.sigmoid(out, 0, x, 0, n), v -> 1 / (1 + Math.exp(-v)));
        sweep("tanh", (out, x, n) -> k.tanh(out, 0, x, 0, n), Math::tanh);
    }

    private static void sweep(String name, Unary kernel, Reference reference) {
        int size = 4096;
        float[] x = new float[size];
        float[] out = new float[size];
        for (int warm = 0; warm < 20_000; warm++) {
            kernel.run(out, x, 256);
        }
        long worst = 0;
        float worstAt = 0f;
        long count = 0;
        long[] histogram = new long[3];
        int limit = Float.floatToRawIntBits(100f);
        int filled = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int bits = 0; bits <= limit; bits += 7) {
                x[filled++] = Float.intBitsToFloat(bits | (sign << 31));
                if (filled == size || (sign == 1 && bits + 7 > limit)) {
                    kernel.run(out, x, filled);
                    for (int i = 0; i < filled; i++) {
                        long d = VectorAccuracyTest.ulps(out[i], (float) reference.at(x[i]));
                        histogram[(int) Math.min(d, 2)]++;
                        if (d > worst) {
                            worst = d;
                            worstAt = x[i];
                        }
                    }
                    count += filled;
                    filled = 0;
                }
            }
        }
        System.out.printf("%-8s %,d inputs: worst %d steps at x = %s; 0/1/≥2 steps: %d / %d / %d%n",
                name, count, worst, worstAt, histogram[0], histogram[1], histogram[2]);
    }
}
