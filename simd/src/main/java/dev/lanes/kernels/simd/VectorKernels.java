package dev.lanes.kernels.simd;

import dev.lanes.kernels.Epilogue;
import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.PackedB;
import dev.lanes.kernels.ScalarKernels;

/**
 * The Vector-API implementation of {@link KernelSupport}; loaded only by {@link SimdKernelsProvider}. A thin
 * table of contents: each kernel lives in the family class named in its body (reductions, element-wise,
 * piecewise-linear activations, transcendentals, row-wise, GEMM). Inputs shorter than a kernel's
 * {@link Crossovers crossover} run the scalar kernel instead, which is faster there. Accuracy:
 * docs/kernels-accuracy.md.
 */
public final class VectorKernels implements KernelSupport {

    /** Short inputs go here; see {@link Crossovers}. */
    private static final ScalarKernels SCALAR = new ScalarKernels();

    /**
     * The float lane counts these kernels are tested at (CI runs every suite at each one the CPU offers).
     * Other widths are refused rather than trusted: at 2 lanes, for one, a lane reduction written for ≥ 4
     * lanes once doubled every sum; and 32 or 64 lanes (SVE) have never run here.
     */
    static final int MIN_LANES = 4;
    static final int MAX_LANES = 16;

    /**
     * Refuses an untested width, then runs {@link SelfCheck}.
     *
     * @throws UnsupportedOperationException saying why the kernels must not run here
     */
    public VectorKernels() {
        int lanes = VectorShapes.L;
        if (lanes < MIN_LANES || lanes > MAX_LANES) {
            throw new UnsupportedOperationException("the preferred vector species has " + lanes + " float lanes ("
                    + VectorShapes.F.vectorBitSize() + " bits); Lanes' vector kernels are tested at " + MIN_LANES
                    + " to " + MAX_LANES + " lanes (128 to 512 bits)");
        }
        String wrong = SelfCheck.run(this);
        if (wrong != null) {
            throw new UnsupportedOperationException("the vector kernels' start-up self-check failed at "
                    + lanes + " lanes: " + wrong);
        }
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int vectorBitSize() {
        return VectorShapes.F.vectorBitSize();
    }

    @Override
    public float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        return n < Crossovers.REDUCTION
                ? SCALAR.dot(x, xOff, y, yOff, n)
                : VectorReductions.dot(x, xOff, y, yOff, n);
    }

    @Override
    public void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.axpy(y, yOff, a, x, xOff, n);
        } else {
            VectorElementwise.axpy(y, yOff, a, x, xOff, n);
        }
    }

    @Override
    public void scale(float[] out, int outOff, float a, float[] x, int xOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.scale(out, outOff, a, x, xOff, n);
        } else {
            VectorElementwise.scale(out, outOff, a, x, xOff, n);
        }
    }

    @Override
    public void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.add(out, outOff, a, aOff, b, bOff, n);
        } else {
            VectorElementwise.add(out, outOff, a, aOff, b, bOff, n);
        }
    }

    @Override
    public void sub(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.sub(out, outOff, a, aOff, b, bOff, n);
        } else {
            VectorElementwise.sub(out, outOff, a, aOff, b, bOff, n);
        }
    }

    @Override
    public void mul(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.mul(out, outOff, a, aOff, b, bOff, n);
        } else {
            VectorElementwise.mul(out, outOff, a, aOff, b, bOff, n);
        }
    }

    @Override
    public float sum(float[] x, int xOff, int n) {
        return n < Crossovers.REDUCTION
                ? SCALAR.sum(x, xOff, n)
                : VectorReductions.sum(x, xOff, n);
    }

    @Override
    public float sumOfSquares(float[] x, int xOff, int n) {
        return n < Crossovers.REDUCTION
                ? SCALAR.sumOfSquares(x, xOff, n)
                : VectorReductions.sumOfSquares(x, xOff, n);
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        return n < Crossovers.REDUCTION
                ? SCALAR.max(x, xOff, n)
                : VectorReductions.max(x, xOff, n);
    }

    @Override
    public void argmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        VectorReductions.argmaxRows(out, outOff, x, xOff, ldx, m, n);
    }

    @Override
    public void relu(float[] out, int outOff, float[] x, int xOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.relu(out, outOff, x, xOff, n);
        } else {
            VectorActivations.relu(out, outOff, x, xOff, n);
        }
    }

    @Override
    public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.reluBackward(dx, dxOff, dy, dyOff, x, xOff, n);
        } else {
            VectorActivations.reluBackward(dx, dxOff, dy, dyOff, x, xOff, n);
        }
    }

    @Override
    public void leakyRelu(float[] out, int outOff, float[] x, int xOff, float alpha, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.leakyRelu(out, outOff, x, xOff, alpha, n);
        } else {
            VectorActivations.leakyRelu(out, outOff, x, xOff, alpha, n);
        }
    }

    @Override
    public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha,
                                  int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.leakyReluBackward(dx, dxOff, dy, dyOff, x, xOff, alpha, n);
        } else {
            VectorActivations.leakyReluBackward(dx, dxOff, dy, dyOff, x, xOff, alpha, n);
        }
    }

    @Override
    public void maximum(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        if (n < Crossovers.ELEMENTWISE) {
            SCALAR.maximum(out, outOff, a, aOff, b, bOff, n);
        } else {
            VectorElementwise.maximum(out, outOff, a, aOff, b, bOff, n);
        }
    }

    @Override
    public void maxout(float[] out, int outOff, float[] x, int xOff, int m, int units, int k) {
        VectorActivations.maxout(out, outOff, x, xOff, m, units, k);
    }

    @Override
    public void maxoutBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int m, int units,
                               int k) {
        VectorActivations.maxoutBackward(dx, dxOff, dy, dyOff, x, xOff, m, units, k);
    }

    @Override
    public void exp(float[] out, int outOff, float[] x, int xOff, int n) {
        VectorTranscendentals.exp(out, outOff, x, xOff, n);
    }

    @Override
    public void sigmoid(float[] out, int outOff, float[] x, int xOff, int n) {
        VectorTranscendentals.sigmoid(out, outOff, x, xOff, n);
    }

    @Override
    public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        VectorTranscendentals.sigmoidBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    @Override
    public void tanh(float[] out, int outOff, float[] x, int xOff, int n) {
        VectorTranscendentals.tanh(out, outOff, x, xOff, n);
    }

    @Override
    public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        VectorTranscendentals.tanhBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    @Override
    public void softmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        VectorRows.softmaxRows(out, outOff, ldo, x, xOff, ldx, m, n);
    }

    @Override
    public void logSoftmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        VectorRows.logSoftmaxRows(out, outOff, ldo, x, xOff, ldx, m, n);
    }

    @Override
    public void addRowVector(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n) {
        VectorRows.addRowVector(c, cOff, ldc, bias, biasOff, m, n);
    }

    @Override
    public void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        VectorRows.addColumnSums(out, outOff, x, xOff, ldx, m, n);
    }

    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA,
                     float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        VectorGemm.gemm(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
    }

    @Override
    public PackedB pack(float[] b, int bOff, int ldb, boolean transB, int k, int n) {
        return VectorGemmPacked.pack(b, bOff, ldb, transB, k, n);
    }

    @Override
    public void gemmPacked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, PackedB b,
                           float[] bias, int biasOff, Epilogue epilogue, int m) {
        VectorGemmPacked.gemm(c, cOff, ldc, a, aOff, lda, b, bias, biasOff, epilogue == Epilogue.RELU, m);
    }
}
