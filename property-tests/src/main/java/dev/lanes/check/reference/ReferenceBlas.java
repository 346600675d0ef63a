package dev.lanes.check.reference;

/**
 * Level-1 and GEMM references in double precision, written for clarity over speed. Products of two floats
 * are exact in double; sums go through {@link ExactSum}. Arrays are read at offsets exactly as the kernel
 * contract describes, so these define what the kernels should compute.
 */
public final class ReferenceBlas {

    private ReferenceBlas() {}

    /** Σ x[xOff+i]·y[yOff+i]. */
    public static ExactSum dot(float[] x, int xOff, float[] y, int yOff, int n) {
        ExactSum s = new ExactSum();
        for (int i = 0; i < n; i++) {
            s.add((double) x[xOff + i] * (double) y[yOff + i]);
        }
        return s;
    }

    /** Σ x[xOff+i]. */
    public static ExactSum sum(float[] x, int xOff, int n) {
        ExactSum s = new ExactSum();
        for (int i = 0; i < n; i++) {
            s.add(x[xOff + i]);
        }
        return s;
    }

    /** Σ x[xOff+i]². */
    public static ExactSum sumOfSquares(float[] x, int xOff, int n) {
        ExactSum s = new ExactSum();
        for (int i = 0; i < n; i++) {
            double v = x[xOff + i];
            s.add(v * v);
        }
        return s;
    }

    /**
     * One element of C = α·op(A)·op(B) + β·C: returns the exact value (as far as double goes) and, through
     * the sum's magnitude, |α|·Σ_p|a_ip·b_pj| + |β·c_ij|. β = 0 ignores c (even NaN); α = 0 ignores A and B.
     */
    public static ExactSum gemmElement(float[] a, int aOff, int lda, boolean transA,
                                       float[] b, int bOff, int ldb, boolean transB,
                                       int i, int j, int k, float alpha, float beta, float c) {
        ExactSum s = new ExactSum();
        if (alpha != 0) {
            for (int p = 0; p < k; p++) {
                double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                double bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                s.add((double) alpha * (aip * bpj)); // aip·bpj is exact; α· it rounds only in double
            }
        }
        if (beta != 0) {
            s.add((double) beta * c);
        }
        return s;
    }
}
