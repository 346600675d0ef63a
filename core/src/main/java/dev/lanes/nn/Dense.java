package dev.lanes.nn;

import dev.lanes.kernels.Kernels;
import dev.lanes.random.Rng;
import java.util.Arrays;

/**
 * Fully connected layer: {@code y = x·W + b}.
 * <pre>
 *   x: (batch, in)   W: (in, out) row-major   b: (out)   y: (batch, out)
 * </pre>
 * W decays (weight decay / L2 applies), b does not. W starts from the {@link Init} given (default
 * {@link Init#heNormal()}, suited to ReLU nets), b from zeros.
 *
 * <p>Inference ({@code training = false}) reads only the parameters and writes only y, so concurrent
 * inference through {@link Sequential#forward(float[][], float[], int)} is thread-safe.
 */
public final class Dense extends Layer {

    private final int in;
    private final int out;
    private final Init init;
    private int wOff = -1;
    private int bOff = -1;
    private float[] values;
    private float[] grads;

    /**
     * A dense layer with He-normal weights.
     *
     * @param in  the input width, ≥ 1
     * @param out the output width, ≥ 1
     */
    public Dense(int in, int out) {
        this(in, out, Init.heNormal());
    }

    /**
     * A dense layer whose weights start from {@code init}.
     *
     * @param in   the input width, ≥ 1
     * @param out  the output width, ≥ 1
     * @param init draws the initial W; b starts from zeros
     */
    public Dense(int in, int out, Init init) {
        this.in = ElementwiseLayer.requirePositive("in", in);
        this.out = ElementwiseLayer.requirePositive("out", out);
        if (init == null) {
            throw new NullPointerException("init");
        }
        this.init = init;
    }

    @Override
    public int inputWidth() {
        return in;
    }

    @Override
    public int outputWidth() {
        return out;
    }

    /** {@return the offset of W: (in, out) in the flat parameter (and gradient) arrays} */
    public int weightOffset() {
        requireDeclared();
        return wOff;
    }

    /** {@return the offset of b: (out) in the flat parameter (and gradient) arrays} */
    public int biasOffset() {
        requireDeclared();
        return bOff;
    }

    /**
     * A copy of W as {@code (in, out)}: {@code weights()[i][j]} is the weight from input i to output j, so
     * {@code y_j = Σ_i x_i·W[i][j] + b_j}.
     *
     * @return a new (in, out) array
     */
    public float[][] weights() {
        requireBound();
        float[][] w = new float[in][];
        for (int i = 0; i < in; i++) {
            w[i] = Arrays.copyOfRange(values, wOff + i * out, wOff + (i + 1) * out);
        }
        return w;
    }

    /**
     * Sets W from {@code (in, out)} rows: {@code w[i][j]} is the weight from input i to output j (the transpose
     * of PyTorch's {@code Linear.weight}, which is (out, in)).
     *
     * @param w the new W: {@code in} rows of {@code out} values; copied
     * @throws IllegalArgumentException unless w has {@code in} rows of {@code out} values; the message gives the shape
     *                                  expected and the one given
     */
    public void setWeights(float[][] w) {
        requireBound();
        if (w.length != in) {
            throw new IllegalArgumentException(this + ": W is (in, out) = (" + in + ", " + out + "), " + in
                    + " rows of " + out + "; got " + w.length + " rows");
        }
        for (int i = 0; i < in; i++) {
            if (w[i].length != out) {
                throw new IllegalArgumentException(this + ": W is (in, out) = (" + in + ", " + out + "); row " + i
                        + " holds " + w[i].length + " values, not " + out);
            }
        }
        for (int i = 0; i < in; i++) {
            System.arraycopy(w[i], 0, values, wOff + i * out, out);
        }
    }

    /**
     * Sets W from {@code in·out} values, row-major (in, out): {@code w[i·out + j]} is the weight from input i to
     * output j.
     *
     * @param w the new W: (in, out) row-major; copied
     * @throws IllegalArgumentException unless w holds exactly in·out values
     */
    public void setWeights(float[] w) {
        requireBound();
        if (w.length != in * out) {
            throw new IllegalArgumentException(this + ": W is (in, out) = (" + in + ", " + out + "), " + in * out
                    + " values row-major; got " + w.length);
        }
        System.arraycopy(w, 0, values, wOff, w.length);
    }

    /** {@return a copy of b: (out)} */
    public float[] bias() {
        requireBound();
        return Arrays.copyOfRange(values, bOff, bOff + out);
    }

    /**
     * Sets b: (out).
     *
     * @param b the new b: (out); copied
     * @throws IllegalArgumentException unless b holds exactly out values
     */
    public void setBias(float[] b) {
        requireBound();
        if (b.length != out) {
            throw new IllegalArgumentException(this + ": b is (out) = (" + out + "); got " + b.length + " values");
        }
        System.arraycopy(b, 0, values, bOff, out);
    }

    @Override
    public void declareParameters(Parameters.Builder builder) {
        wOff = builder.add("W", in, out, true);
        bOff = builder.add("b", 1, out, false);
    }

    @Override
    public void bind(Parameters parameters) {
        if (wOff < 0 || bOff + out > parameters.size()) {
            throw new IllegalStateException(this + ": declareParameters must run on the builder of these parameters");
        }
        values = parameters.values();
        grads = parameters.gradients();
    }

    @Override
    public void initialize(Rng rng) {
        requireBound();
        init.fill(values, wOff, in, out, rng);
        Arrays.fill(values, bOff, bOff + out, 0f);
    }

    // y = x·W + b
    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        requireBound();
        Kernels.mult(y, 0, x, 0, values, wOff, batch, out, in);
        Kernels.addRowVector(y, 0, out, values, bOff, batch, out);
    }

    // dW += xᵀ·dy: (in, batch)·(batch, out);  db += Σ_rows dy;  dx = dy·Wᵀ: (batch, out)·(out, in)
    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        requireBound();
        Kernels.multAddTransA(grads, wOff, x, 0, dy, 0, in, out, batch);
        Kernels.addColumnSums(grads, bOff, dy, 0, out, batch, out);
        if (dx != null) {
            Kernels.multTransB(dx, 0, dy, 0, values, wOff, batch, in, out);
        }
    }

    private void requireDeclared() {
        if (wOff < 0) {
            throw new IllegalStateException(this + " has not declared its parameters yet");
        }
    }

    private void requireBound() {
        if (values == null) {
            throw new IllegalStateException(this + " has no parameters yet: put it in a Sequential (or call "
                    + "declareParameters, bind and initialize)");
        }
    }
}
