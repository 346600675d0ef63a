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

    /**
     * A short name for logs and {@link Kernels#describe()}, e.g. {@code "scalar"} or {@code "simd"}.
     *
     * @return the name, lower case
     */
    String name();

    /** {@return the width in bits of the vectors this implementation computes with; 32 for scalar} */
    int vectorBitSize();

    // ---------------------------------------------------------------- BLAS level 1 and element-wise

    /**
     * Returns Σ_{i&lt;n} x[xOff+i]·y[yOff+i]. Reads x, y.
     *
     * @param x    the first vector: (n)
     * @param xOff index of the first element of x
     * @param y    the second vector: (n)
     * @param yOff index of the first element of y
     * @param n    the number of elements, ≥ 0
     * @return the dot product, 0 when n = 0
     */
    float dot(float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * y[i] += a·x[i] for i &lt; n. Modifies y; reads x.
     *
     * @param y    the vector added to: (n); modified
     * @param yOff index of the first element of y
     * @param a    the scalar multiplier of x
     * @param x    the vector added: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     */
    void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n);

    /**
     * out[i] = a·x[i] for i &lt; n. Modifies out; reads x; out may alias x exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the scalar multiplier
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    void scale(float[] out, int outOff, float a, float[] x, int xOff, int n);

    /**
     * out[i] = a[i] + b[i]. Modifies out; out may alias a or b exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the first operand: (n)
     * @param aOff   index of the first element of a
     * @param b      the second operand: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * out[i] = a[i] − b[i]. Modifies out; out may alias a or b exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the minuend: (n)
     * @param aOff   index of the first element of a
     * @param b      the subtrahend: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    void sub(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * out[i] = a[i]·b[i]. Modifies out; out may alias a or b exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the first factor: (n)
     * @param aOff   index of the first element of a
     * @param b      the second factor: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    void mul(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * Returns Σ_{i&lt;n} x[i]. Reads x.
     *
     * @param x    the input: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     * @return the sum, 0 when n = 0
     */
    float sum(float[] x, int xOff, int n);

    /**
     * Returns Σ_{i&lt;n} x[i]². Reads x.
     *
     * @param x    the input: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     * @return the sum of squares, 0 when n = 0
     */
    float sumOfSquares(float[] x, int xOff, int n);

    /**
     * Returns max_{i&lt;n} x[i] by {@link Math#max(float, float)}; −∞ when n = 0. Reads x.
     *
     * @param x    the input: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     * @return the maximum, NaN if any element is NaN
     */
    float max(float[] x, int xOff, int n);

    /**
     * out[outOff+i] = the first j &lt; n maximising x[i, j] (NaN counts as largest), for each of m rows.
     * x: (m, n) with leading dimension ldx, n ≥ 1. Modifies out; reads x.
     *
     * @param out    the row indices: (m); overwritten
     * @param outOff index of the first element of out
     * @param x      the matrix: (m, n)
     * @param xOff   index of the first element of x
     * @param ldx    leading dimension of x, ≥ n
     * @param m      the number of rows, ≥ 0
     * @param n      the number of columns, ≥ 1
     */
    void argmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n);

    // ---------------------------------------------------------------- activations

    /**
     * out[i] = max(x[i], +0.0) ({@link Math#max} semantics). out may alias x exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    void relu(float[] out, int outOff, float[] x, int xOff, int n);

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : 0. Modifies dx; reads dy, x; dx may alias dy exactly.
     *
     * @param dx    the input gradient: (n); overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (n)
     * @param dyOff index of the first element of dy
     * @param x     the forward input: (n)
     * @param xOff  index of the first element of x
     * @param n     the number of elements, ≥ 0
     */
    void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n);

    /**
     * out[i] = x[i] &gt; 0 ? x[i] : alpha·x[i]. out may alias x exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param alpha  the slope for x ≤ 0
     * @param n      the number of elements, ≥ 0
     */
    void leakyRelu(float[] out, int outOff, float[] x, int xOff, float alpha, int n);

    /**
     * dx[i] = x[i] &gt; 0 ? dy[i] : alpha·dy[i]. Modifies dx; dx may alias dy exactly.
     *
     * @param dx    the input gradient: (n); overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (n)
     * @param dyOff index of the first element of dy
     * @param x     the forward input: (n)
     * @param xOff  index of the first element of x
     * @param alpha the slope for x ≤ 0, as in the forward pass
     * @param n     the number of elements, ≥ 0
     */
    void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n);

    /**
     * out[i] = max(a[i], b[i]) ({@link Math#max} semantics). out may alias a or b exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the first operand: (n)
     * @param aOff   index of the first element of a
     * @param b      the second operand: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    void maximum(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * Maxout over k pieces: out[i, j] = max_{p&lt;k} x[i, p·units + j].
     * x: (m, k·units) contiguous, the k pieces of a row stored one after another; out: (m, units)
     * contiguous. Modifies out; reads x; k ≥ 1.
     *
     * @param out    the output: (m, units), contiguous; overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (m, k·units), contiguous
     * @param xOff   index of the first element of x
     * @param m      the number of rows, ≥ 0
     * @param units  the output width, ≥ 0
     * @param k      the pieces per unit, ≥ 1
     */
    void maxout(float[] out, int outOff, float[] x, int xOff, int m, int units, int k);

    /**
     * Maxout backward: dx[i, p·units + j] = dy[i, j] for the first piece p attaining the maximum of
     * x[i, ··units + j] (as {@link #argmaxRows} chooses), 0 for the other pieces. Shapes as in
     * {@link #maxout}. Writes all of dx; reads dy, x.
     *
     * @param dx    the input gradient: (m, k·units), contiguous; overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (m, units), contiguous
     * @param dyOff index of the first element of dy
     * @param x     the forward input: (m, k·units), contiguous
     * @param xOff  index of the first element of x
     * @param m     the number of rows, ≥ 0
     * @param units the output width, ≥ 0
     * @param k     the pieces per unit, ≥ 1
     */
    void maxoutBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int m, int units, int k);

    /**
     * out[i] = e^x[i]. out may alias x exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    void exp(float[] out, int outOff, float[] x, int xOff, int n);

    /**
     * out[i] = σ(x[i]) = 1 / (1 + e^−x[i]). out may alias x exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    void sigmoid(float[] out, int outOff, float[] x, int xOff, int n);

    /**
     * Sigmoid backward from its output: dx[i] = dy[i]·y[i]·(1 − y[i]) where y = σ(x).
     * Modifies dx; reads dy, y; dx may alias dy exactly.
     *
     * @param dx    the input gradient: (n); overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (n)
     * @param dyOff index of the first element of dy
     * @param y     the forward output σ(x): (n)
     * @param yOff  index of the first element of y
     * @param n     the number of elements, ≥ 0
     */
    void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    /**
     * out[i] = tanh(x[i]). out may alias x exactly.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    void tanh(float[] out, int outOff, float[] x, int xOff, int n);

    /**
     * Tanh backward from its output: dx[i] = dy[i]·(1 − y[i]²) where y = tanh(x).
     * Modifies dx; reads dy, y; dx may alias dy exactly.
     *
     * @param dx    the input gradient: (n); overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (n)
     * @param dyOff index of the first element of dy
     * @param y     the forward output tanh(x): (n)
     * @param yOff  index of the first element of y
     * @param n     the number of elements, ≥ 0
     */
    void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n);

    // ---------------------------------------------------------------- row-wise (m, n) blocks

    /**
     * Row-wise softmax: out[i, j] = e^(x[i,j] − M_i) / Σ_l e^(x[i,l] − M_i), M_i = max_l x[i, l].
     * x: (m, n) leading dimension ldx; out: (m, n) leading dimension ldo; out may alias x exactly.
     *
     * @param out    the probabilities: (m, n); overwritten
     * @param outOff index of the first element of out
     * @param ldo    leading dimension of out, ≥ n
     * @param x      the logits: (m, n)
     * @param xOff   index of the first element of x
     * @param ldx    leading dimension of x, ≥ n
     * @param m      the number of rows, ≥ 0
     * @param n      the number of columns, ≥ 0
     */
    void softmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n);

    /**
     * Row-wise log-softmax: out[i, j] = x[i,j] − M_i − log Σ_l e^(x[i,l] − M_i). Shapes and aliasing as in
     * {@link #softmaxRows}.
     *
     * @param out    the log-probabilities: (m, n); overwritten
     * @param outOff index of the first element of out
     * @param ldo    leading dimension of out, ≥ n
     * @param x      the logits: (m, n)
     * @param xOff   index of the first element of x
     * @param ldx    leading dimension of x, ≥ n
     * @param m      the number of rows, ≥ 0
     * @param n      the number of columns, ≥ 0
     */
    void logSoftmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n);

    /**
     * Bias broadcast: c[i, j] += bias[j]. c: (m, n) leading dimension ldc; bias: (n). Modifies c.
     *
     * @param c       the matrix added to: (m, n); modified
     * @param cOff    index of the first element of c
     * @param ldc     leading dimension of c, ≥ n
     * @param bias    the row added to every row of c: (n)
     * @param biasOff index of the first element of bias
     * @param m       the number of rows, ≥ 0
     * @param n       the number of columns, ≥ 0
     */
    void addRowVector(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n);

    /**
     * Column sums, accumulated (the bias gradient): out[j] += Σ_{i&lt;m} x[i, j]. x: (m, n) leading dimension
     * ldx; out: (n). Modifies out; reads x.
     *
     * @param out    the column sums are added to it: (n); modified
     * @param outOff index of the first element of out
     * @param x      the matrix: (m, n)
     * @param xOff   index of the first element of x
     * @param ldx    leading dimension of x, ≥ n
     * @param m      the number of rows, ≥ 0
     * @param n      the number of columns, ≥ 0
     */
    void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n);

    // ---------------------------------------------------------------- GEMM

    /**
     * General matrix multiply: C = α·op(A)·op(B) + β·C, where op(X) is X or Xᵀ.
     * C: (m, n), leading dimension ldc. op(A): (m, k), so A is (m, k) or, when transA, (k, m), leading
     * dimension lda. op(B): (k, n), so B is (k, n) or, when transB, (n, k), leading dimension ldb.
     * Modifies C; reads A and B, which must not overlap C. β = 0: C is not read. α = 0: A, B are not read.
     *
     * @param c      the product: (m, n); modified
     * @param cOff   index of the first element of c
     * @param ldc    leading dimension of c, ≥ n
     * @param a      the left factor: (m, k), or (k, m) when transA
     * @param aOff   index of the first element of a
     * @param lda    leading dimension of a, ≥ its row width (k, or m when transA)
     * @param transA whether op(A) is Aᵀ
     * @param b      the right factor: (k, n), or (n, k) when transB
     * @param bOff   index of the first element of b
     * @param ldb    leading dimension of b, ≥ its row width (n, or k when transB)
     * @param transB whether op(B) is Bᵀ
     * @param m      the rows of C and op(A), ≥ 0
     * @param n      the columns of C and op(B), ≥ 0
     * @param k      the inner dimension, ≥ 0
     * @param alpha  the scale of the product
     * @param beta   the scale of C's old value; 0 means C is written without being read
     */
    void gemm(float[] c, int cOff, int ldc,
              float[] a, int aOff, int lda, boolean transA,
              float[] b, int bOff, int ldb, boolean transB,
              int m, int n, int k, float alpha, float beta);

    /**
     * Packs op(B) (k × n; B is (k, n), or (n, k) when transB, leading dimension ldb) into a new {@link PackedB}
     * in this implementation's layout, for {@link #gemmPacked}. Reads B; allocates the packed copy.
     *
     * @param b      the matrix to pack: (k, n), or (n, k) when transB
     * @param bOff   index of the first element of b
     * @param ldb    leading dimension of b, ≥ its row width (n, or k when transB)
     * @param transB whether op(B) is Bᵀ
     * @param k      the rows of op(B), ≥ 0
     * @param n      the columns of op(B), ≥ 0
     * @return op(B) packed, a new object
     */
    PackedB pack(float[] b, int bOff, int ldb, boolean transB, int k, int n);

    /**
     * The dense layer's product with its epilogue fused: c[i, j] = epilogue(Σ_{p&lt;k} a[i, p]·B[p, j] + bias[j])
     * for i &lt; m, j &lt; n, with k and n those of the packed B. C: (m, n), leading dimension ldc; A: (m, k),
     * leading dimension lda; bias: (n) at biasOff, or null for none. Modifies C (not read); reads A, B and
     * bias, which must not overlap C. Rounding: the sum as {@link #gemm} forms it (within γ_k), then one
     * rounding for + bias, then the epilogue (exact); B must come from this implementation's {@link #pack}.
     *
     * @param c        the product: (m, n); overwritten
     * @param cOff     index of the first element of c
     * @param ldc      leading dimension of c, ≥ n
     * @param a        the left factor: (m, k)
     * @param aOff     index of the first element of a
     * @param lda      leading dimension of a, ≥ k
     * @param b        the right factor, from this implementation's {@link #pack}; gives k and n
     * @param bias     the bias: (n), or null for none
     * @param biasOff  index of the first element of bias
     * @param epilogue what to apply to each element before it is stored
     * @param m        the number of rows, ≥ 0
     */
    void gemmPacked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, PackedB b,
                    float[] bias, int biasOff, Epilogue epilogue, int m);
}
