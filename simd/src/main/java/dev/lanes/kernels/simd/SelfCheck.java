package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.L;

import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.ScalarKernels;

/**
 * A start-up check, run once before {@link VectorKernels} is offered, for what no VM flag tells: that the
 * vector code computes what the scalar code computes on this JVM and CPU, at this width. Every input is a
 * small integer and every result an exact sum of small products (|value| &lt; 2²⁴), so any summation order
 * gives the same float and the comparison is bit for bit: a lane lost or counted twice (as a lane reduction
 * written for ≥ 4 lanes did at 2), a wrong tail or a mis-packed tile shows as a different number.
 * The lengths reach each kernel's unrolled body, single-vector loop and scalar tail, and the GEMM its packed
 * path with a transpose and edge tiles. It runs mostly interpreted: 1.7 ms at 4 lanes to 4–6 ms at 16 once
 * the classes are loaded, beside the ~115 ms that loading the Vector API and these kernels costs at first use
 * anyway (AMD EPYC Zen 5, JDK 25).
 */
final class SelfCheck {

    private SelfCheck() {}

    /** Null when the vector kernels agree with the scalar ones, else the first disagreement. */
    static String run(KernelSupport vector) {
        KernelSupport scalar = new ScalarKernels();
        int n = 5 * L + 3; // four-vector body, one single vector, three scalar elements
        float[] x = integers(n, 7, 3);
        float[] y = integers(n, 5, 2);
        String m = same("dot", scalar.dot(x, 0, y, 0, n), vector.dot(x, 0, y, 0, n));
        if (m == null) {
            m = same("sum", scalar.sum(x, 0, n), vector.sum(x, 0, n));
        }
        if (m == null) {
            m = same("max", scalar.max(y, 0, n), vector.max(y, 0, n));
        }
        if (m == null) {
            float[] e = new float[L + 1];
            float[] v = new float[L + 1];
            java.util.Arrays.fill(v, 0.5f);
            vector.exp(e, 0, v, 0, L + 1); // lane 0 from the vector body, lane L from the scalar tail
            m = same("exp by position", e[0], e[L]);
        }
        if (m == null) {
            m = gemm(scalar, vector);
        }
        return m;
    }

    /** C (5 × (2L + 3)) = A (5 × (L + 1)) · Bᵀ, B (2L + 3) × (L + 1): packed, transposed B, edge tiles. */
    private static String gemm(KernelSupport scalar, KernelSupport vector) {
        int m = 5;
        int n = 2 * L + 3;
        int k = L + 1;
        float[] a = integers(m * k, 5, 2);
        float[] b = integers(n * k, 3, 1);
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        scalar.gemm(expected, 0, n, a, 0, k, false, b, 0, k, true, m, n, k, 1f, 0f);
        vector.gemm(actual, 0, n, a, 0, k, false, b, 0, k, true, m, n, k, 1f, 0f);
        for (int i = 0; i < expected.length; i++) {
            String d = same("gemm C[" + i / n + ", " + i % n + "]", expected[i], actual[i]);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** (i mod period) − shift: small integers, all products and sums exact in float. */
    private static float[] integers(int n, int period, int shift) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % period - shift;
        }
        return v;
    }

    private static String same(String what, float expected, float actual) {
        return Float.floatToIntBits(expected) == Float.floatToIntBits(actual) ? null
                : what + ": " + actual + " where the scalar kernels give " + expected;
    }
}
