package dev.lanes.kernels.simd;

import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.ScalarKernels;

/** The Vector-API implementation of {@link KernelSupport}; loaded only by {@link SimdKernelsProvider}. */
public final class VectorKernels implements KernelSupport {

    private static final ScalarKernels TODO_SCALAR = new ScalarKernels();

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
        return TODO_SCALAR.dot(x, xOff, y, yOff, n);
    }

    @Override
    public void axpy(float[] y, int yOff, float a, float[] x, int xOff, int n) {
        TODO_SCALAR.axpy(y, yOff, a, x, xOff, n);
    }

    @Override
    public void scale(float[] out, int outOff, float a, float[] x, int xOff, int n) {
        TODO_SCALAR.scale(out, outOff, a, x, xOff, n);
    }

    @Override
    public void add(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        TODO_SCALAR.add(out, outOff, a, aOff, b, bOff, n);
    }

    @Override
    public void sub(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        TODO_SCALAR.sub(out, outOff, a, aOff, b, bOff, n);
    }

    @Override
    public void mul(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        TODO_SCALAR.mul(out, outOff, a, aOff, b, bOff, n);
    }

    @Override
    public float sum(float[] x, int xOff, int n) {
        return TODO_SCALAR.sum(x, xOff, n);
    }

    @Override
    public float sumOfSquares(float[] x, int xOff, int n) {
        return TODO_SCALAR.sumOfSquares(x, xOff, n);
    }

    @Override
    public float max(float[] x, int xOff, int n) {
        return TODO_SCALAR.max(x, xOff, n);
    }

    @Override
    public void argmaxRows(int[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        TODO_SCALAR.argmaxRows(out, outOff, x, xOff, ldx, m, n);
    }

    @Override
    public void relu(float[] out, int outOff, float[] x, int xOff, int n) {
        TODO_SCALAR.relu(out, outOff, x, xOff, n);
    }

    @Override
    public void reluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int n) {
        TODO_SCALAR.reluBackward(dx, dxOff, dy, dyOff, x, xOff, n);
    }

    @Override
    public void leakyRelu(float[] out, int outOff, float[] x, int xOff, float alpha, int n) {
        TODO_SCALAR.leakyRelu(out, outOff, x, xOff, alpha, n);
    }

    @Override
    public void leakyReluBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, float alpha, int n) {
        TODO_SCALAR.leakyReluBackward(dx, dxOff, dy, dyOff, x, xOff, alpha, n);
    }

    @Override
    public void maximum(float[] out, int outOff, float[] a, int aOff, float[] b, int bOff, int n) {
        TODO_SCALAR.maximum(out, outOff, a, aOff, b, bOff, n);
    }

    @Override
    public void maxout(float[] out, int outOff, float[] x, int xOff, int m, int units, int k) {
        TODO_SCALAR.maxout(out, outOff, x, xOff, m, units, k);
    }

    @Override
    public void maxoutBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] x, int xOff, int m, int units, int k) {
        TODO_SCALAR.maxoutBackward(dx, dxOff, dy, dyOff, x, xOff, m, units, k);
    }

    @Override
    public void exp(float[] out, int outOff, float[] x, int xOff, int n) {
        TODO_SCALAR.exp(out, outOff, x, xOff, n);
    }

    @Override
    public void sigmoid(float[] out, int outOff, float[] x, int xOff, int n) {
        TODO_SCALAR.sigmoid(out, outOff, x, xOff, n);
    }

    @Override
    public void sigmoidBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        TODO_SCALAR.sigmoidBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    @Override
    public void tanh(float[] out, int outOff, float[] x, int xOff, int n) {
        TODO_SCALAR.tanh(out, outOff, x, xOff, n);
    }

    @Override
    public void tanhBackward(float[] dx, int dxOff, float[] dy, int dyOff, float[] y, int yOff, int n) {
        TODO_SCALAR.tanhBackward(dx, dxOff, dy, dyOff, y, yOff, n);
    }

    @Override
    public void softmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        TODO_SCALAR.softmaxRows(out, outOff, ldo, x, xOff, ldx, m, n);
    }

    @Override
    public void logSoftmaxRows(float[] out, int outOff, int ldo, float[] x, int xOff, int ldx, int m, int n) {
        TODO_SCALAR.logSoftmaxRows(out, outOff, ldo, x, xOff, ldx, m, n);
    }

    @Override
    public void addRowVector(float[] c, int cOff, int ldc, float[] bias, int biasOff, int m, int n) {
        TODO_SCALAR.addRowVector(c, cOff, ldc, bias, biasOff, m, n);
    }

    @Override
    public void addColumnSums(float[] out, int outOff, float[] x, int xOff, int ldx, int m, int n) {
        TODO_SCALAR.addColumnSums(out, outOff, x, xOff, ldx, m, n);
    }

    @Override
    public void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff, int ldb, boolean transB, int m, int n, int k, float alpha, float beta) {
        VectorGemm.gemm(c, cOff, ldc, a, aOff, lda, transA, b, bOff, ldb, transB, m, n, k, alpha, beta);
    }

}
