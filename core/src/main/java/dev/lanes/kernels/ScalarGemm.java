package dev.lanes.kernels;

/**
 * Scalar GEMM, C = α·op(A)·op(B) + β·C, in the loop orders that keep the innermost loop contiguous:
 * i-p-j (a row of C updated from a row of B) when B is not transposed, i-j-p (dot products of rows) when it
 * is. No blocking: this is the portable baseline and the shape of the computation, not a fast kernel.
 */
final class ScalarGemm {

    private ScalarGemm() {}

    static void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                     float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        if (n == 0) {
            return; // an empty C need not exist past its first row (the facade accepts a short array)
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            scaleRow(c, cRow, n, beta);
            if (alpha == 0f) {
                continue; // BLAS: A and B are not read
            }
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    float aip = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bRow = bOff + j * ldb; // row j of B is column j of op(B)
                    float s = 0f;
                    if (!transA) {
                        int aRow = aOff + i * lda;
                        for (int p = 0; p < k; p++) {
                            s += a[aRow + p] * b[bRow + p];
                        }
                    } else {
                        for (int p = 0; p < k; p++) {
                            s += a[aOff + p * lda + i] * b[bRow + p];
                        }
                    }
                    c[cRow + j] += alpha * s;
                }
            }
        }
    }

    /** c[row .. row+n) ·= β, where β = 0 writes zeros without reading (BLAS semantics). */
    private static void scaleRow(float[] c, int row, int n, float beta) {
        if (beta == 0f) {
            java.util.Arrays.fill(c, row, row + n, 0f);
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) {
                c[row + j] *= beta;
            }
        }
    }
}
