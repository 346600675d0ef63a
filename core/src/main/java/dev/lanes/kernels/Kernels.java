package dev.lanes.kernels;

import dev.lanes.args.Args;

/**
 * The one access point to Lanes' kernels: validates arguments once, then delegates to the implementation
 * chosen at start-up (held in a {@code static final} field, so the JIT inlines through this class).
 *
 * <p>The Vector-API implementation is chosen when the {@code lanes-simd} module is present,
 * {@code jdk.incubator.vector} is readable ({@code --add-modules jdk.incubator.vector}), C2 compiles with FMA
 * and vector intrinsics, the vector width is one Lanes tests, and a start-up self-check passes; otherwise the
 * scalar one. One log line says which and why: a WARNING, with the fix, when {@code lanes-simd} is present
 * but cannot run, else INFO. {@code -Dlanes.kernels=scalar|simd} forces either; forcing {@code simd} where it
 * cannot run fails at first use with the reason.
 *
 * <p>Formulas, shapes and numeric semantics are documented on {@link KernelSupport}. Every method here
 * throws {@link IndexOutOfBoundsException} when a range does not fit its array,
 * {@link IllegalArgumentException} for negative sizes, leading dimensions smaller than a row, or outputs
 * that partly overlap their inputs, and {@link NullPointerException} for null arrays.
 */
public final class Kernels {

    private static final KernelSupport IMPL;
    private static final KernelInfo INFO;

    static {
        KernelSelection s = KernelSelection.select();
        IMPL = s.impl;
        INFO = new KernelInfo(s.impl.name(), s.impl.vectorBitSize(), KernelSelection.jdkDescription(), s.reason);
        System.Logger log = System.getLogger("dev.lanes.kernels");
        log.log(s.warn ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "Lanes uses " + INFO);
    }

    /** The layout {@link #pack} produces in this JVM, to reject a PackedB made elsewhere. */
    private static final String PACKED_LAYOUT = IMPL.pack(new float[0], 0, 1, false, 0, 0).layout();

    private Kernels() {}

    /** {@return the implementation in use; its methods skip validation (see {@link KernelSupport})} */
    public static KernelSupport get() {
        return IMPL;
    }

    /** {@return which implementation runs, its vector width, the JDK, and why it was chosen} */
    public static KernelInfo describe() {
        return INFO;
    }

    // ---------------------------------------------------------------- level 1, element-wise

    /**
     * Σ x[i]·y[i]; see {@link KernelSupport#dot}.
     *
     * @param x    the first vector: (n)
     * @param xOff index of the first element of x
     * @param y    the second vector: (n)
     * @param yOff index of the first element of y
     * @param n    the number of elements, ≥ 0
     * @return the dot product, 0 when n = 0
     */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        Checks.size("n", n);
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        return IMPL.dot(x, xOff, y, yOff, n);
    }

    /**
     * y += a·x; see {@link KernelSupport#axpy}.
     *
     * @param y    the vector added to: (n); modified
     * @param yOff index of the first element of y
     * @param a    the scalar multiplier of x
     * @param x    the vector added: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     */
    public static void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        unary("y", y, yOff, "x", x, xOff, n);
        IMPL.axpy(y, yOff, a, x, xOff, n);
    }

    /**
     * out = a·x; see {@link KernelSupport#scale}.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the scalar multiplier
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    public static void scale(float[] out, int outOff, float a, float[] x, int xOff, int n) {
        unary("out", out, outOff, "x", x, xOff, n);
        IMPL.scale(out, outOff, a, x, xOff, n);
    }

    /**
     * x *= a, in place.
     *
     * @param x    the vector scaled in place: (n); modified
     * @param xOff index of the first element of x
     * @param a    the scalar multiplier
     * @param n    the number of elements, ≥ 0
     */
    public static void scaleInPlace(float[] x, int xOff, float a, int n) {
        scale(x, xOff, a, x, xOff, n);
    }

    /**
     * out = a + b element-wise.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the first operand: (n)
     * @param aOff   index of the first element of a
     * @param b      the second operand: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    public static void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        binary(out, outOff, a, aOff, b, bOff, n);
        IMPL.add(out, outOff, a, aOff, b, bOff, n);
    }

    /**
     * y += x element-wise, in place.
     *
     * @param y    the vector added to: (n); modified
     * @param yOff index of the first element of y
     * @param x    the vector added: (n); may be y itself at the same offset
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     */
    public static void addInPlace(float[] y, int yOff, float[] x, int xOff, int n) {
        add(y, yOff, y, yOff, x, xOff, n);
    }

    /**
     * out = a − b element-wise.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the minuend: (n)
     * @param aOff   index of the first element of a
     * @param b      the subtrahend: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    public static void sub(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        binary(out, outOff, a, aOff, b, bOff, n);
        IMPL.sub(out, outOff, a, aOff, b, bOff, n);
    }

    /**
     * y −= x element-wise, in place.
     *
     * @param y    the vector subtracted from: (n); modified
     * @param yOff index of the first element of y
     * @param x    the vector subtracted: (n); may be y itself at the same offset
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     */
    public static void subInPlace(float[] y, int yOff, float[] x, int xOff, int n) {
        sub(y, yOff, y, yOff, x, xOff, n);
    }

    /**
     * out = a·b element-wise.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the first factor: (n)
     * @param aOff   index of the first element of a
     * @param b      the second factor: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    public static void mul(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        binary(out, outOff, a, aOff, b, bOff, n);
        IMPL.mul(out, outOff, a, aOff, b, bOff, n);
    }

    /**
     * y ·= x element-wise, in place.
     *
     * @param y    the vector multiplied in place: (n); modified
     * @param yOff index of the first element of y
     * @param x    the factor: (n); may be y itself at the same offset
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     */
    public static void mulInPlace(float[] y, int yOff, float[] x, int xOff, int n) {
        mul(y, yOff, y, yOff, x, xOff, n);
    }

    /**
     * Σ x[i].
     *
     * @param x    the input: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     * @return the sum, 0 when n = 0
     */
    public static float sum(float[] x, int xOff, int n) {
        Checks.size("n", n);
        Checks.range("x", x, xOff, n);
        return IMPL.sum(x, xOff, n);
    }

    /**
     * Σ x[i]².
     *
     * @param x    the input: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     * @return the sum of squares, 0 when n = 0
     */
    public static float sumOfSquares(float[] x, int xOff, int n) {
        Checks.size("n", n);
        Checks.range("x", x, xOff, n);
        return IMPL.sumOfSquares(x, xOff, n);
    }

    /**
     * max x[i] ({@link Math#max} semantics); −∞ when n = 0.
     *
     * @param x    the input: (n)
     * @param xOff index of the first element of x
     * @param n    the number of elements, ≥ 0
     * @return the maximum, NaN if any element is NaN
     */
    public static float max(float[] x, int xOff, int n) {
        Checks.size("n", n);
        Checks.range("x", x, xOff, n);
        return IMPL.max(x, xOff, n);
    }

    /**
     * out[i] = first index of the maximum of row i of x: (m, n), n ≥ 1; see {@link KernelSupport#argmaxRows}.
     *
     * @param out    the row indices: (m); overwritten
     * @param outOff index of the first element of out
     * @param x      the matrix: (m, n)
     * @param xOff   index of the first element of x
     * @param ldx    leading dimension of x, ≥ n
     * @param m      the number of rows, ≥ 0
     * @param n      the number of columns, ≥ 1
     */
    public static void argmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        Checks.size("m", m);
        if (n < 1) {
            throw new IllegalArgumentException("argmax needs n >= 1 columns, got " + n);
        }
        Checks.range("out", out, outOff, m);
        Checks.matrix("x", x, xOff, ldx, m, n);
        IMPL.argmaxRows(out, outOff, x, xOff, ldx, m, n);
    }

    // ---------------------------------------------------------------- activations

    /**
     * out = max(x, +0.0).
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    public static void relu(float[] out, int outOff, float[] x, int xOff, int n) {
        unary("out", out, outOff, "x", x, xOff, n);
        IMPL.relu(out, outOff, x, xOff, n);
    }

    /**
     * dx = x &gt; 0 ? dy : 0.
     *
     * @param dx    the input gradient: (n); overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (n)
     * @param dyOff index of the first element of dy
     * @param x     the forward input: (n)
     * @param xOff  index of the first element of x
     * @param n     the number of elements, ≥ 0
     */
    public static void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        backward(dx, dxOff, dy, dyOff, "x", x, xOff, n);
        IMPL.reluBackward(dx, dxOff, dy, dyOff, x, xOff, n);
    }

    /**
     * out = x &gt; 0 ? x : alpha·x.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param alpha  the slope for x ≤ 0
     * @param n      the number of elements, ≥ 0
     */
    public static void leakyRelu(float[] out, int outOff, float[] x, int xOff, float alpha, int n) {
        unary("out", out, outOff, "x", x, xOff, n);
        IMPL.leakyRelu(out, outOff, x, xOff, alpha, n);
    }

    /**
     * dx = x &gt; 0 ? dy : alpha·dy.
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
    public static void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                         float alpha, int n) {
        backward(dx, dxOff, dy, dyOff, "x", x, xOff, n);
        IMPL.leakyReluBackward(dx, dxOff, dy, dyOff, x, xOff, alpha, n);
    }

    /**
     * out = max(a, b) element-wise.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param a      the first operand: (n)
     * @param aOff   index of the first element of a
     * @param b      the second operand: (n)
     * @param bOff   index of the first element of b
     * @param n      the number of elements, ≥ 0
     */
    public static void maximum(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        binary(out, outOff, a, aOff, b, bOff, n);
        IMPL.maximum(out, outOff, a, aOff, b, bOff, n);
    }

    /**
     * Maxout over k pieces; see {@link KernelSupport#maxout}.
     *
     * @param out    the output: (m, units), contiguous; overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (m, k·units), contiguous
     * @param xOff   index of the first element of x
     * @param m      the number of rows, ≥ 0
     * @param units  the output width, ≥ 0
     * @param k      the pieces per unit, ≥ 1
     */
    public static void maxout(float[] out, int outOff, float[] x, int xOff, int m, int units, int k) {
        int width = maxoutShape(m, units, k);
        int xLength = Args.product("m", m, "units", units, "k", k); // sizes first, then the arrays
        Checks.range("out", out, outOff, m * units);
        Checks.range("x", x, xOff, xLength);
        Checks.noOverlap("out", out, outOff, outOff + (long) m * units, "x", x, xOff, xOff + (long) m * width);
        IMPL.maxout(out, outOff, x, xOff, m, units, k);
    }

    /**
     * Maxout backward; see {@link KernelSupport#maxoutBackward}.
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
    public static void maxoutBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff,
                                      int m, int units, int k) {
        int width = maxoutShape(m, units, k);
        long wide = (long) m * width;
        int xLength = Args.product("m", m, "units", units, "k", k); // sizes first, then the arrays
        Checks.range("dx", dx, dxOff, xLength);
        Checks.range("dy", dy, dyOff, m * units);
        Checks.range("x", x, xOff, xLength);
        Checks.noOverlap("dx", dx, dxOff, dxOff + wide, "dy", dy, dyOff, dyOff + (long) m * units);
        Checks.noOverlap("dx", dx, dxOff, dxOff + wide, "x", x, xOff, xOff + wide);
        IMPL.maxoutBackward(dx, dxOff, dy, dyOff, x, xOff, m, units, k);
    }

    /**
     * out = e^x.
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    public static void exp(float[] out, int outOff, float[] x, int xOff, int n) {
        unary("out", out, outOff, "x", x, xOff, n);
        IMPL.exp(out, outOff, x, xOff, n);
    }

    /**
     * out = 1 / (1 + e^−x).
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    public static void sigmoid(float[] out, int outOff, float[] x, int xOff, int n) {
        unary("out", out, outOff, "x", x, xOff, n);
        IMPL.sigmoid(out, outOff, x, xOff, n);
    }

    /**
     * dx = dy·y·(1 − y), y = σ(x).
     *
     * @param dx    the input gradient: (n); overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (n)
     * @param dyOff index of the first element of dy
     * @param y     the forward output σ(x): (n)
     * @param yOff  index of the first element of y
     * @param n     the number of elements, ≥ 0
     */
    public static void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        backward(dx, dxOff, dy, dyOff, "y", y, yOff, n);
        IMPL.sigmoidBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    /**
     * out = tanh(x).
     *
     * @param out    the output: (n); overwritten
     * @param outOff index of the first element of out
     * @param x      the input: (n)
     * @param xOff   index of the first element of x
     * @param n      the number of elements, ≥ 0
     */
    public static void tanh(float[] out, int outOff, float[] x, int xOff, int n) {
        unary("out", out, outOff, "x", x, xOff, n);
        IMPL.tanh(out, outOff, x, xOff, n);
    }

    /**
     * dx = dy·(1 − y²), y = tanh(x).
     *
     * @param dx    the input gradient: (n); overwritten
     * @param dxOff index of the first element of dx
     * @param dy    the output gradient: (n)
     * @param dyOff index of the first element of dy
     * @param y     the forward output tanh(x): (n)
     * @param yOff  index of the first element of y
     * @param n     the number of elements, ≥ 0
     */
    public static void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        backward(dx, dxOff, dy, dyOff, "y", y, yOff, n);
        IMPL.tanhBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    // ---------------------------------------------------------------- row-wise

    /**
     * Row-wise softmax of x: (m, n) into out: (m, n); see {@link KernelSupport#softmaxRows}.
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
    public static void softmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        rows(out, outOff, ldo, x, xOff, ldx, m, n);
        IMPL.softmaxRows(out, outOff, ldo, x, xOff, ldx, m, n);
    }

    /**
     * Row-wise log-softmax; see {@link KernelSupport#logSoftmaxRows}.
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
    public static void logSoftmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        rows(out, outOff, ldo, x, xOff, ldx, m, n);
        IMPL.logSoftmaxRows(out, outOff, ldo, x, xOff, ldx, m, n);
    }

    /**
     * c[i, j] += bias[j] for c: (m, n).
     *
     * @param c       the matrix added to: (m, n); modified
     * @param cOff    index of the first element of c
     * @param ldc     leading dimension of c, ≥ n
     * @param bias    the row added to every row of c: (n)
     * @param biasOff index of the first element of bias
     * @param m       the number of rows, ≥ 0
     * @param n       the number of columns, ≥ 0
     */
    public static void addRowVector(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n) {
        Checks.size("m", m);
        Checks.size("n", n);
        Checks.matrix("c", c, cOff, ldc, m, n);
        Checks.range("bias", bias, biasOff, n);
        Checks.noOverlap("c", c, cOff, Checks.end(cOff, ldc, m, n), "bias", bias, biasOff, biasOff + (long) n);
        IMPL.addRowVector(c, cOff, ldc, bias, biasOff, m, n);
    }

    /**
     * out[j] += Σ_i x[i, j] for x: (m, n).
     *
     * @param out    the column sums are added to it: (n); modified
     * @param outOff index of the first element of out
     * @param x      the matrix: (m, n)
     * @param xOff   index of the first element of x
     * @param ldx    leading dimension of x, ≥ n
     * @param m      the number of rows, ≥ 0
     * @param n      the number of columns, ≥ 0
     */
    public static void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        Checks.size("m", m);
        Checks.size("n", n);
        Checks.matrix("x", x, xOff, ldx, m, n);
        Checks.range("out", out, outOff, n);
        Checks.noOverlap("out", out, outOff, outOff + (long) n, "x", x, xOff, Checks.end(xOff, ldx, m, n));
        IMPL.addColumnSums(out, outOff, x, xOff, ldx, m, n);
    }

    // ---------------------------------------------------------------- GEMM

    /**
     * C = α·op(A)·op(B) + β·C; see {@link KernelSupport#gemm}.
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
    public static void gemm(float[] c, int cOff, int ldc,
                            float[] a, int aOff, int lda, boolean transA,
                            float[] b, int bOff, int ldb, boolean transB,
                            int m, int n, int k, float alpha, float beta) {
        Checks.size("m", m);
        Checks.size("n", n);
        Checks.size("k", k);
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        Checks.matrix("C", c, cOff, ldc, m, n);
        Checks.matrix(transA ? "A (transposed)" : "A", a, aOff, lda, aRows, aCols);
        Checks.matrix(transB ? "B (transposed)" : "B", b, bOff, ldb, bRows, bCols);
        long cEnd = Checks.end(cOff, ldc, m, n);
        Checks.noOverlap("C", c, cOff, cEnd, "A", a, aOff, Checks.end(aOff, lda, aRows, aCols));
        Checks.noOverlap("C", c, cOff, cEnd, "B", b, bOff, Checks.end(bOff, ldb, bRows, bCols));
        IMPL.gemm(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
    }

    /**
     * C = A·B for dense A: (m, k), B: (k, n), C: (m, n) at the given offsets.
     *
     * @param c    the product C: (m, n), dense; overwritten
     * @param cOff index of the first element of c
     * @param a    the left factor A: (m, k), dense
     * @param aOff index of the first element of a
     * @param b    the right factor B: (k, n), dense
     * @param bOff index of the first element of b
     * @param m    the rows of C and A, ≥ 0
     * @param n    the columns of C and B, ≥ 0
     * @param k    the inner dimension, ≥ 0
     */
    public static void mult(float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
        gemm(c, cOff, n, a, aOff, k, false, b, bOff, n, false, m, n, k, 1f, 0f);
    }

    /**
     * C = Aᵀ·B for dense A: (k, m), B: (k, n), C: (m, n) — the weight gradient xᵀ·dy of a dense layer.
     *
     * @param c    the product C: (m, n), dense; overwritten
     * @param cOff index of the first element of c
     * @param a    A: (k, m), dense; its transpose is the left factor
     * @param aOff index of the first element of a
     * @param b    the right factor B: (k, n), dense
     * @param bOff index of the first element of b
     * @param m    the rows of C and columns of A, ≥ 0
     * @param n    the columns of C and B, ≥ 0
     * @param k    the inner dimension (rows of A and B), ≥ 0
     */
    public static void multTransA(float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
        gemm(c, cOff, n, a, aOff, m, true, b, bOff, n, false, m, n, k, 1f, 0f);
    }

    /**
     * C = A·Bᵀ for dense A: (m, k), B: (n, k), C: (m, n) — the input gradient dy·Wᵀ of a dense layer.
     *
     * @param c    the product C: (m, n), dense; overwritten
     * @param cOff index of the first element of c
     * @param a    the left factor A: (m, k), dense
     * @param aOff index of the first element of a
     * @param b    B: (n, k), dense; its transpose is the right factor
     * @param bOff index of the first element of b
     * @param m    the rows of C and A, ≥ 0
     * @param n    the columns of C and rows of B, ≥ 0
     * @param k    the inner dimension, ≥ 0
     */
    public static void multTransB(float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
        gemm(c, cOff, n, a, aOff, k, false, b, bOff, k, true, m, n, k, 1f, 0f);
    }

    /**
     * C += A·B for dense A: (m, k), B: (k, n), C: (m, n).
     *
     * @param c    the sum C: (m, n), dense; modified
     * @param cOff index of the first element of c
     * @param a    the left factor A: (m, k), dense
     * @param aOff index of the first element of a
     * @param b    the right factor B: (k, n), dense
     * @param bOff index of the first element of b
     * @param m    the rows of C and A, ≥ 0
     * @param n    the columns of C and B, ≥ 0
     * @param k    the inner dimension, ≥ 0
     */
    public static void multAdd(float[] c, int cOff, float[] a, int aOff, float[] b, int bOff, int m, int n, int k) {
        gemm(c, cOff, n, a, aOff, k, false, b, bOff, n, false, m, n, k, 1f, 1f);
    }

    /**
     * C += Aᵀ·B for dense A: (k, m), B: (k, n), C: (m, n) — accumulating a weight gradient.
     *
     * @param c    the sum C: (m, n), dense; modified
     * @param cOff index of the first element of c
     * @param a    A: (k, m), dense; its transpose is the left factor
     * @param aOff index of the first element of a
     * @param b    the right factor B: (k, n), dense
     * @param bOff index of the first element of b
     * @param m    the rows of C and columns of A, ≥ 0
     * @param n    the columns of C and B, ≥ 0
     * @param k    the inner dimension (rows of A and B), ≥ 0
     */
    public static void multAddTransA(float[] c, int cOff, float[] a, int aOff, float[] b, int bOff,
                                     int m, int n, int k) {
        gemm(c, cOff, n, a, aOff, m, true, b, bOff, n, false, m, n, k, 1f, 1f);
    }

    /**
     * C += A·Bᵀ for dense A: (m, k), B: (n, k), C: (m, n).
     *
     * @param c    the sum C: (m, n), dense; modified
     * @param cOff index of the first element of c
     * @param a    the left factor A: (m, k), dense
     * @param aOff index of the first element of a
     * @param b    B: (n, k), dense; its transpose is the right factor
     * @param bOff index of the first element of b
     * @param m    the rows of C and A, ≥ 0
     * @param n    the columns of C and rows of B, ≥ 0
     * @param k    the inner dimension, ≥ 0
     */
    public static void multAddTransB(float[] c, int cOff, float[] a, int aOff, float[] b, int bOff,
                                     int m, int n, int k) {
        gemm(c, cOff, n, a, aOff, k, false, b, bOff, k, true, m, n, k, 1f, 1f);
    }

    // ---------------------------------------------------------------- packed weights, fused epilogue

    /**
     * Packs op(B) (k × n) once for {@link #gemmPacked}: B is (k, n), or (n, k) when transB, leading dimension
     * ldb; see {@link KernelSupport#pack}. Allocates k·n floats (rounded up to whole panels for SIMD).
     *
     * @param b      the matrix to pack: (k, n), or (n, k) when transB
     * @param bOff   index of the first element of b
     * @param ldb    leading dimension of b, ≥ its row width (n, or k when transB)
     * @param transB whether op(B) is Bᵀ
     * @param k      the rows of op(B), ≥ 0
     * @param n      the columns of op(B), ≥ 0
     * @return op(B) packed, a new object
     */
    public static PackedB pack(float[] b, int bOff, int ldb, boolean transB, int k, int n) {
        Checks.size("k", k);
        Checks.size("n", n);
        Checks.matrix(transB ? "B (transposed)" : "B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        return IMPL.pack(b, bOff, ldb, transB, k, n);
    }

    /**
     * C = epilogue(A·B + bias) for A: (m, k) and a packed B: (k, n); see {@link KernelSupport#gemmPacked}.
     * bias may be null. Throws {@link IllegalArgumentException} for a B packed by another implementation or
     * vector width, or a C that overlaps A or bias.
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
    public static void gemmPacked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, PackedB b,
                                  float[] bias, int biasOff, Epilogue epilogue, int m) {
        java.util.Objects.requireNonNull(b, "b");
        java.util.Objects.requireNonNull(epilogue, "epilogue");
        if (!b.layout().equals(PACKED_LAYOUT)) {
            throw new IllegalArgumentException("B was packed as " + b.layout() + ", but the kernels in use pack as "
                    + PACKED_LAYOUT + "; pack it with Kernels.pack in this JVM");
        }
        Checks.size("m", m);
        int k = b.rows();
        int n = b.columns();
        Checks.matrix("C", c, cOff, ldc, m, n);
        Checks.matrix("A", a, aOff, lda, m, k);
        long cEnd = Checks.end(cOff, ldc, m, n);
        Checks.noOverlap("C", c, cOff, cEnd, "A", a, aOff, Checks.end(aOff, lda, m, k));
        if (bias != null) {
            Checks.range("bias", bias, biasOff, n);
            Checks.noOverlap("C", c, cOff, cEnd, "bias", bias, biasOff, (long) biasOff + n);
        }
        IMPL.gemmPacked(c, cOff, ldc, a, aOff, lda, b, bias, biasOff, epilogue, m);
    }

    // ---------------------------------------------------------------- shared checks

    private static void unary(String outName, float[] out, int outOff, String inName, float[] x, int xOff, int n) {
        Checks.size("n", n);
        Checks.range(outName, out, outOff, n);
        Checks.range(inName, x, xOff, n);
        Checks.aliasExactOrNone(outName, out, outOff, inName, x, xOff, n);
    }

    private static void binary(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        unary("out", out, outOff, "a", a, aOff, n);
        Checks.range("b", b, bOff, n);
        Checks.aliasExactOrNone("out", out, outOff, "b", b, bOff, n);
    }

    private static void backward(float[] dx, int dxOff, float[] dy, int dyOff, String inName, float[] x, int xOff,
                                 int n) {
        unary("dx", dx, dxOff, "dy", dy, dyOff, n);
        Checks.range(inName, x, xOff, n);
        Checks.aliasExactOrNone("dx", dx, dxOff, inName, x, xOff, n);
    }

    private static void rows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        Checks.size("m", m);
        Checks.size("n", n);
        Checks.matrix("out", out, outOff, ldo, m, n);
        Checks.matrix("x", x, xOff, ldx, m, n);
        if (out == x && (outOff != xOff || ldo != ldx)) {
            Checks.noOverlap("out", out, outOff, Checks.end(outOff, ldo, m, n), "x", x, xOff,
                    Checks.end(xOff, ldx, m, n));
        }
    }

    private static int maxoutShape(int m, int units, int k) {
        Checks.size("m", m);
        Checks.size("units", units);
        if (k < 1) {
            throw new IllegalArgumentException("maxout needs k >= 1 pieces, got " + k);
        }
        return Args.product("units", units, "k", k);
    }
}
