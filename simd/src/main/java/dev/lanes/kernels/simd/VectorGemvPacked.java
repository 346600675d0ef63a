package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import jdk.incubator.vector.FloatVector;

/**
 * One row of A times a packed B with the epilogue fused: the batch-1 (and 2) path of a dense layer. It reads
 * each panel's values once, as contiguous streams: four panels (eight vectors, 8L columns) at a time, eight
 * independent fma chains to cover the fma latency, as {@link VectorGemmSmall#rowTimesB} does on unpacked B;
 * then single panels; the last, partly padded panel through scratch. Each column's sum is its sequential fma
 * chain over p, as in {@link VectorGemmFused}, so a row gives the same bits whichever path computes it.
 */
final class VectorGemvPacked {

    private VectorGemvPacked() {}

    /** c[cIdx + j] = epilogue(Σ_p a[aIdx + p]·B[p, j] + bias[biasOff + j]) for j &lt; n. */
    static void row(float[] c, int cIdx, float[] a, int aIdx, float[] bp, int k, int n, float[] bias, int biasOff,
                    boolean relu) {
        int j = fourPanels(c, cIdx, a, aIdx, bp, k, n, bias, biasOff, relu);
        for (; j + NR <= n; j += NR) {
            onePanel(c, cIdx + j, a, aIdx, bp, j * k, k, bias, biasOff + j, relu);
        }
        lastPanel(c, cIdx, a, aIdx, bp, k, n, bias, biasOff, relu);
    }

    /** Only the columns of the last, partly padded panel (none when NR divides n), through scratch. */
    static void lastPanel(float[] c, int cIdx, float[] a, int aIdx, float[] bp, int k, int n, float[] bias,
                          int biasOff, boolean relu) {
        int j = n - n % NR;
        if (j < n) {
            float[] t = VectorGemmPacked.SCRATCH.get();
            onePanel(t, 0, a, aIdx, bp, j * k, k, null, 0, false);
            for (int q = j; q < n; q++) {
                c[cIdx + q] = VectorGemmPacked.finish(t[q - j], bias, biasOff + q, relu);
            }
        }
    }

    /** Columns [0, ·) in groups of four whole panels; returns the first column not done. */
    private static int fourPanels(float[] c, int cIdx, float[] a, int aIdx, float[] bp, int k, int n,
                                  float[] bias, int biasOff, boolean relu) {
        int j = 0;
        for (; j + 4 * NR <= n; j += 4 * NR) {
            int p0 = j * k;
            int p1 = p0 + NR * k;
            int p2 = p1 + NR * k;
            int p3 = p2 + NR * k;
            FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F);
            FloatVector s3 = FloatVector.zero(F), s4 = FloatVector.zero(F), s5 = FloatVector.zero(F);
            FloatVector s6 = FloatVector.zero(F), s7 = FloatVector.zero(F);
            for (int p = 0; p < k; p++) {
                FloatVector av = FloatVector.broadcast(F, a[aIdx + p]);
                int o = p * NR;
                s0 = av.fma(FloatVector.fromArray(F, bp, p0 + o), s0);
                s1 = av.fma(FloatVector.fromArray(F, bp, p0 + o + L), s1);
                s2 = av.fma(FloatVector.fromArray(F, bp, p1 + o), s2);
                s3 = av.fma(FloatVector.fromArray(F, bp, p1 + o + L), s3);
                s4 = av.fma(FloatVector.fromArray(F, bp, p2 + o), s4);
                s5 = av.fma(FloatVector.fromArray(F, bp, p2 + o + L), s5);
                s6 = av.fma(FloatVector.fromArray(F, bp, p3 + o), s6);
                s7 = av.fma(FloatVector.fromArray(F, bp, p3 + o + L), s7);
            }
            if (bias != null) {
                int bi = biasOff + j;
                s0 = s0.add(FloatVector.fromArray(F, bias, bi));
                s1 = s1.add(FloatVector.fromArray(F, bias, bi + L));
                s2 = s2.add(FloatVector.fromArray(F, bias, bi + 2 * L));
                s3 = s3.add(FloatVector.fromArray(F, bias, bi + 3 * L));
                s4 = s4.add(FloatVector.fromArray(F, bias, bi + 4 * L));
                s5 = s5.add(FloatVector.fromArray(F, bias, bi + 5 * L));
                s6 = s6.add(FloatVector.fromArray(F, bias, bi + 6 * L));
                s7 = s7.add(FloatVector.fromArray(F, bias, bi + 7 * L));
            }
            if (relu) {
                s0 = s0.max(0f);
                s1 = s1.max(0f);
                s2 = s2.max(0f);
                s3 = s3.max(0f);
                s4 = s4.max(0f);
                s5 = s5.max(0f);
                s6 = s6.max(0f);
                s7 = s7.max(0f);
            }
            int ci = cIdx + j;
            s0.intoArray(c, ci);
            s1.intoArray(c, ci + L);
            s2.intoArray(c, ci + 2 * L);
            s3.intoArray(c, ci + 3 * L);
            s4.intoArray(c, ci + 4 * L);
            s5.intoArray(c, ci + 5 * L);
            s6.intoArray(c, ci + 6 * L);
            s7.intoArray(c, ci + 7 * L);
        }
        return j;
    }

    /** One whole panel (NR columns) at panel offset po into d[dIdx ..], with the epilogue. */
    private static void onePanel(float[] d, int dIdx, float[] a, int aIdx, float[] bp, int po, int k,
                                 float[] bias, int biasIdx, boolean relu) {
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
        for (int p = 0; p < k; p++) {
            FloatVector av = FloatVector.broadcast(F, a[aIdx + p]);
            s0 = av.fma(FloatVector.fromArray(F, bp, po + p * NR), s0);
            s1 = av.fma(FloatVector.fromArray(F, bp, po + p * NR + L), s1);
        }
        if (bias != null) {
            s0 = s0.add(FloatVector.fromArray(F, bias, biasIdx));
            s1 = s1.add(FloatVector.fromArray(F, bias, biasIdx + L));
        }
        if (relu) {
            s0 = s0.max(0f);
            s1 = s1.max(0f);
        }
        s0.intoArray(d, dIdx);
        s1.intoArray(d, dIdx + L);
    }
}
