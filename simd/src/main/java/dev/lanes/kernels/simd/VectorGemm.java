package dev.lanes.kernels.simd;

import dev.lanes.kernels.ScalarKernels;

/** GEMM on the Vector API. Placeholder that delegates to the scalar kernel until the blocked kernel lands. */
final class VectorGemm {

    private VectorGemm() {}

    private static final ScalarKernels SCALAR = new ScalarKernels();

    static void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                     float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        SCALAR.gemm(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
    }
}
