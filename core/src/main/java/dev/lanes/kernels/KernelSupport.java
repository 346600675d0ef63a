package dev.lanes.kernels;

/**
 * The kernel contract: every numeric loop Lanes runs, on flat row-major {@code float[]} data.
 *
 * <p>Two implementations exist, {@link ScalarKernels} (plain Java, runs anywhere) and the Vector-API one in
 * the {@code lanes-simd} module; {@link Kernels} picks one at start-up. Implementations <b>trust their
 * callers</b>: arguments are validated once, in the {@link Kernels} facade, and these methods may fail in
 * any way (or silently misbehave) on bad offsets or sizes. Call them directly only from code that has
 * already validated its shapes, such as a layer whose buffers were sized at construction.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Argument order: output first, then inputs, then sizes; every array is followed by its offset, and a
 *       matrix also by its leading dimension (the distance between the starts of two rows, ≥ its width).
 *   <li>Element-wise outputs may alias an input <em>exactly</em> (same array, same offset): that is the
 *       in-place form. Partial overlap is not allowed.
 *   <li>Shapes in comments: {@code x: (m, n)} means m rows of n columns, row-major.
 * </ul>
 *
 * <h2>Numeric semantics (both implementations follow them exactly; see docs/kernels.md)</h2>
 * <ul>
 *   <li><b>max, maximum, relu, maxout</b> follow {@link Math#max(float, float)}: NaN in, NaN out; {@code -0.0}
 *       is smaller than {@code +0.0}, so {@code relu(-0.0) = +0.0}. These kernels are bit-exact across
 *       implementations.
 *   <li><b>argmax</b> returns the first index holding the maximum; a NaN counts as larger than every number,
 *       so the first NaN wins; {@code -0.0} and {@code +0.0} compare equal (the first wins).
 *   <li><b>Backward of relu / leaky relu</b> selects by {@code x > 0}: at a kink ({@code x = ±0}) and for NaN
 *       x the relu gradient is 0 (a NaN forward output already made the loss NaN).
 *   <li><b>exp</b> overflows to +∞ above ≈ 88.72 and underflows to 0 below ≈ −103.97 (subnormals between);
 *       <b>sigmoid</b> is accurate into the subnormals, saturates to exactly 0 or 1 and is never NaN for non-NaN
 *       input; <b>tanh</b> saturates to exactly ±1 and keeps {@code tanh(-0.0) = -0.0}.
 *       Their error is a stated number of ULPs (docs/kernels-accuracy.md), not bit-exact across
 *       implementations.
 *   <li><b>softmax</b> subtracts the row maximum first, so it never overflows for finite input; an entry of
 *       −∞ gives exactly 0 (log-softmax: −∞). A row whose maximum is not finite (all −∞, any +∞ or NaN)
 *       gives NaN in every entry of that row.
 *   <li><b>Reductions</b> (dot, sum, sumOfSquares) may add in any order; their error bound is
 *       γ_n·Σ|terms|, γ_n = n·u/(1 − n·u), u = 2⁻²⁴. Empty inputs give 0 (max gives −∞).
 *   <li><b>gemm</b> follows BLAS: when β = 0, C is written without being read (NaN in C does not survive);
 *       when α = 0, A and B are not read.
 * </ul>
 */
public interface KernelSupport {

    /** A short name for logs and {@link Kernels#describe()}, e.g. {@code "scalar"} or {@code "simd"}. */
    String name();

    /** The width in bits of the vectors this implementation computes with; 32 for scalar. */
    int vectorBitSize();

    // ---------------------------------------------------------------- BLAS level 1 and element-wise

    /** Returns Σ_{i&lt;n} x[xOff+i]·y[yOff+i]. Reads x, y. */
    float dot(float[] x, int xOff, float[] y, int yOff, int n);

    /** y[i] += a·x[i] for i &lt; n. Modifies y; reads x. */
    void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n);

    /** out[i] = a·x[i] for i &lt; n. Modifies out; reads x; out may alias x exactly. */
    void scale(float[] out, int outOff, float a, float[] x, int xOff, int n);

    /** out[i] = a[i] + b[i]. Modifies out; out may alias a or b exactly. */
    void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /** out[i] = a[i] − b[i]. Modifies out; out may alias a or b exactly. */
    void sub(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /** out[i] = a[i]·b[i]. Modifies out; out may alias a or b exactly. */
    void mul(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /** Returns Σ_{i&lt;n} x[i]. Reads x. */
    float sum(float[] x, int xOff, int n);

    /** Returns Σ_{i&lt;n} x[i]². Reads x. */
    float sumOfSquares(float[] x, int xOff, int n);

    /** Returns max_{i&lt;n} x[i] by {@link Math#max(float, float)}; −∞ when n = 0. Reads x. */
    float max(float[] x, int xOff, int n);

    /**
     * out[outOff+i] = the first j &lt; n maximising x[i, j] (NaN counts as largest), for each of m rows.
     * x: (m, n) with leading dimension ldx, n ≥ 1. Modifies out; reads x.
     */
    void argmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n);

    // ---------------------------------------------------------------- activations

    /** out[i] = max(x[i], +0.0) ({@link Math#max} semantics). out may alias x exactly. */
    void relu(float[] out, int outOff, float[] x, int xOff, int n);

    /** dx[i] = x[i] &gt; 0 ? dy[i] : 0. Modifies dx; reads dy, x; dx may alias dy exactly. */
    void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /** out[i] = x[i] &gt; 0 ? x[i] : alpha·x[i]. out may alias x exactly. */
    void leakyRelu(float[] out, int outOff, float[] x, int xOff, float alpha, int n);

    /** dx[i] = x[i] &gt; 0 ? dy[i] : alpha·dy[i]. Modifies dx; dx may alias dy exactly. */
    void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n);

    /** out[i] = max(a[i], b[i]) ({@link Math#max} semantics). out may alias a or b exactly. */
    void maximum(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * Maxout over k pieces: out[i, j] = max_{p&lt;k} x[i, p·units + j].
     * x: (m, k·units) contiguous, the k pieces of a row stored one after another; out: (m, units)
     * contiguous. Modifies out; reads x; k ≥ 1.
     */
    void maxout(float[] out, int outOff, float[] x, int xOff, int m, int units, int k);

    /**
     * Maxout backward: dx[i, p·units + j] = dy[i, j] for the first piece p attaining the maximum of
     * x[i, ··units + j] (as {@link #argmaxRows} chooses), 0 for the other pieces. Shapes as in
     * {@link #maxout}. Writes all of dx; reads dy, x.
     */
    void maxoutBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int m, int units, int k);

    /** out[i] = e^x[i]. out may alias x exactly. */
    void exp(float[] out, int outOff, float[] x, int xOff, int n);

    /** out[i] = σ(x[i]) = 1 / (1 + e^−x[i]). out may alias x exactly. */
    void sigmoid(float[] out, int outOff, float[] x, int xOff, int n);

    /**
     * Sigmoid backward from its output: dx[i] = dy[i]·y[i]·(1 − y[i]) where y = σ(x).
     * Modifies dx; reads dy, y; dx may alias dy exactly.
     */
    void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    /** out[i] = tanh(x[i]). out may alias x exactly. */
    void tanh(float[] out, int outOff, float[] x, int xOff, int n);

    /**
     * Tanh backward from its output: dx[i] = dy[i]·(1 − y[i]²) where y = tanh(x).
     * Modifies dx; reads dy, y; dx may alias dy exactly.
     */
    void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    // ---------------------------------------------------------------- row-wise (m, n) blocks

    /**
     * Row-wise softmax: out[i, j] = e^(x[i,j] − M_i) / Σ_l e^(x[i,l] − M_i), M_i = max_l x[i, l].
     * x: (m, n) leading dimension ldx; out: (m, n) leading dimension ldo; out may alias x exactly.
     */
    void softmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n);

    /**
     * Row-wise log-softmax: out[i, j] = x[i,j] − M_i − log Σ_l e^(x[i,l] − M_i). Shapes and aliasing as in
     * {@link #softmaxRows}.
     */
    void logSoftmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n);

    /** Bias broadcast: c[i, j] += bias[j]. c: (m, n) leading dimension ldc; bias: (n). Modifies c. */
    void addRowVector(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n);

    /**
     * Column sums, accumulated (the bias gradient): out[j] += Σ_{i&lt;m} x[i, j]. x: (m, n) leading dimension
     * ldx; out: (n). Modifies out; reads x.
     */
    void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n);

    // ---------------------------------------------------------------- GEMM

    /**
     * General matrix multiply: C = α·op(A)·op(B) + β·C, where op(X) is X or Xᵀ.
     * C: (m, n), leading dimension ldc. op(A): (m, k), so A is (m, k) or, when transA, (k, m), leading
     * dimension lda. op(B): (k, n), so B is (k, n) or, when transB, (n, k), leading dimension ldb.
     * Modifies C; reads A and B, which must not overlap C. β = 0: C is not read. α = 0: A, B are not read.
     */
    void gemm(float[] c, int cOff, int ldc,
              float[] a, int aOff, int lda, boolean transA,
              float[] b, int bOff, int ldb, boolean transB,
              int m, int n, int k, float alpha, float beta);

    /**
     * Packs op(B) (k × n; B is (k, n), or (n, k) when transB, leading dimension ldb) into a new {@link PackedB}
     * in this implementation's layout, for {@link #gemmPacked}. Reads B; allocates the packed copy.
     */
    PackedB pack(float[] b, int bOff, int ldb, boolean transB, int k, int n);

    /**
     * The dense layer's product with its epilogue fused: c[i, j] = epilogue(Σ_{p&lt;k} a[i, p]·B[p, j] + bias[j])
     * for i &lt; m, j &lt; n, with k and n those of the packed B. C: (m, n), leading dimension ldc; A: (m, k),
     * leading dimension lda; bias: (n) at biasOff, or null for none. Modifies C (not read); reads A, B and
     * bias, which must not overlap C. Rounding: the sum as {@link #gemm} forms it (within γ_k), then one
     * rounding for + bias, then the epilogue (exact); B must come from this implementation's {@link #pack}.
     */
    void gemmPacked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, PackedB b,
                    float[] bias, int biasOff, Epilogue epilogue, int m);
}
