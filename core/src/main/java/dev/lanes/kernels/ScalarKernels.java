package dev.lanes.kernels;

/**
 * The scalar implementation: plain loops that run on any JVM. C2 may still auto-vectorise some of them;
 * the numeric semantics are those documented on {@link KernelSupport}. GEMM lives in {@link ScalarGemm}.
 */
public final class ScalarKernels implements KernelSupport {

    /** A stateless instance; {@link Kernels#get()} returns the one in use. */
    public ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int vectorBitSize() {
        return Float.SIZE;
    }

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void scale(float[] out, int outOff, float a, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a * x[xOff + i];
        }
    }

    @Override
    public void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void sub(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    @Override
    public void mul(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public float sum(float[] x, int xOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    @Override
    public float sumOfSquares(float[] x, int xOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            s += v * v;
        }
        return s;
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[xOff + i]);
        }
        return m;
    }

    @Override
    public void argmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        for (int i = 0; i < m; i++) {
            out[outOff + i] = firstMax(x, xOff + i * ldx, 1, n);
        }
    }

    /**
     * The argmax rule of {@link KernelSupport}: the first index {@code j < n} whose value
     * {@code x[off + j·stride]} is the maximum, a NaN counting as larger than everything (the first NaN wins)
     * and {@code -0.0 == +0.0} (the first wins). n ≥ 1. Shared by both implementations' argmax and maxout
     * backward, so they pick the same element bit for bit.
     *
     * @param x      the values; read only
     * @param off    the index of the first value in x
     * @param stride the distance between two consecutive values in x (1 for a row, the row width for a column)
     * @param n      the number of values, ≥ 1
     * @return the index j of the winner, 0 ≤ j &lt; n (not an index into x)
     */
    public static int firstMax(float[] x, int off, int stride, int n) {
        int best = 0;
        float bestValue = x[off];
        for (int j = 1; j < n && !Float.isNaN(bestValue); j++) { // once a NaN is found nothing replaces it
            float v = x[off + j * stride];
            if (v > bestValue || Float.isNaN(v)) {
                best = j;
                bestValue = v;
            }
        }
        return best;
    }

    @Override
    public void relu(float[] out, int outOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    public void leakyRelu(float[] out, int outOff, float[] x, int xOff, float alpha, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            out[outOff + i] = v > 0f ? v : alpha * v;
        }
    }

    @Override
    public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha,
                                  int n) {
        for (int i = 0; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? g : alpha * g;
        }
    }

    @Override
    public void maximum(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(a[aOff + i], b[bOff + i]);
        }
    }

    @Override
    public void maxout(float[] out, int outOff, float[] x, int xOff, int m, int units, int k) {
        int width = units * k;
        for (int i = 0; i < m; i++) {
            int row = xOff + i * width;
            for (int j = 0; j < units; j++) {
                float best = x[row + j];
                for (int p = 1; p < k; p++) {
                    best = Math.max(best, x[row + p * units + j]);
                }
                out[outOff + i * units + j] = best;
            }
        }
    }

    @Override
    public void maxoutBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int m, int units,
                               int k) {
        int width = units * k;
        for (int i = 0; i < m; i++) {
            int row = i * width;
            for (int j = 0; j < units; j++) {
                int best = firstMax(x, xOff + row + j, units, k);
                float g = dy[dyOff + i * units + j];
                for (int p = 0; p < k; p++) {
                    dx[dxOff + row + p * units + j] = p == best ? g : 0f;
                }
            }
        }
    }

    @Override
    public void exp(float[] out, int outOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.exp(x[xOff + i]);
        }
    }

    @Override
    public void sigmoid(float[] out, int outOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = sigmoid(x[xOff + i]);
        }
    }

    /** σ(v) = 1 / (1 + e^−v): e^−v overflows to +∞ for v &lt; −88.7 and the result is then exactly 0. */
    static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    @Override
    public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            float s = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * s * (1f - s);
        }
    }

    @Override
    public void tanh(float[] out, int outOff, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            float t = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - t * t);
        }
    }

    @Override
    public void softmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        for (int i = 0; i < m; i++) {
            int in = xOff + i * ldx;
            int o = outOff + i * ldo;
            float rowMax = max(x, in, n);
            float total = 0f;
            for (int j = 0; j < n; j++) {
                float e = (float) Math.exp(x[in + j] - rowMax);
                out[o + j] = e;
                total += e;
            }
            float inv = 1f / total;
            for (int j = 0; j < n; j++) {
                out[o + j] *= inv;
            }
        }
    }

    @Override
    public void logSoftmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        for (int i = 0; i < m; i++) {
            int in = xOff + i * ldx;
            int o = outOff + i * ldo;
            float rowMax = max(x, in, n);
            float total = 0f;
            for (int j = 0; j < n; j++) {
                total += (float) Math.exp(x[in + j] - rowMax);
            }
            // A row whose maximum is not finite makes total NaN, hence NaN everywhere (KernelSupport).
            float shift = rowMax + (float) Math.log(total);
            for (int j = 0; j < n; j++) {
                out[o + j] = x[in + j] - shift;
            }
        }
    }

    @Override
    public void addRowVector(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n) {
        for (int i = 0; i < m; i++) {
            add(c, cOff + i * ldc, c, cOff + i * ldc, bias, biasOff, n);
        }
    }

    @Override
    public void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        for (int i = 0; i < m; i++) {
            add(out, outOff, out, outOff, x, xOff + i * ldx, n);
        }
    }

    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                     float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        ScalarGemm.gemm(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
    }

    /** The layout of {@link #pack}: a dense row-major (k, n) copy of op(B). */
    static final String PACKED_LAYOUT = "scalar/row-major";

    @Override
    public PackedB pack(float[] b, int bOff, int ldb, boolean transB, int k, int n) {
        float[] data = new float[Math.multiplyExact(k, n)];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                data[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
        return PackedB.of(data, k, n, PACKED_LAYOUT);
    }

    /**
     * The unfused sequence itself, GEMM then bias then ReLU, so a fused scalar layer gives exactly the bits
     * of the three kernels one after another (the oracle the SIMD fusion is held against).
     */
    @Override
    public void gemmPacked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, PackedB b,
                           float[] bias, int biasOff, Epilogue epilogue, int m) {
        int n = b.columns();
        gemm(c, cOff, ldc, a, aOff, lda, false, b.data(), 0, n, false, m, n, b.rows(), 1f, 0f);
        if (bias != null) {
            addRowVector(c, cOff, ldc, bias, biasOff, m, n);
        }
        if (epilogue == Epilogue.RELU) {
            for (int i = 0; i < m; i++) {
                relu(c, cOff + i * ldc, c, cOff + i * ldc, n);
            }
        }
    }
}
