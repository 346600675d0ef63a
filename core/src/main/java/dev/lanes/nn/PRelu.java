package dev.lanes.nn;

import dev.lanes.random.Rng;
import java.util.Arrays;

/**
 * Parametric ReLU (He et al. 2015): a leaky ReLU whose slope is learned, one per unit.
 * <pre>
 *   x, y, dy, dx: (batch, width)     a: (width), starts at 0.25, no weight decay
 *   y[r, j]  = x > 0 ? x : a_j·x
 *   dx[r, j] = x > 0 ? dy : a_j·dy
 *   da_j    += Σ_r (x ≤ 0 ? x·dy : 0)
 * </pre>
 * NaN x gives NaN y, and contributes nothing to da (as relu's backward, docs/kernels.md).
 * Inference reads only a and writes only y (thread-safe).
 */
public final class PRelu extends ElementwiseLayer {

    /** The slope every unit starts with, as in the paper. */
    public static final float INITIAL_SLOPE = 0.25f;

    private int aOff = -1;
    private float[] values;
    private float[] grads;

    /**
     * A PReLU over rows of {@code width}, one learned slope per unit, each starting at {@link #INITIAL_SLOPE}.
     *
     * @param width the width of the input and output rows, ≥ 1
     */
    public PRelu(int width) {
        super(width);
    }

    /** {@return the offset of the slopes a: (width) in the flat parameter (and gradient) arrays} */
    public int slopeOffset() {
        if (aOff < 0) {
            throw new IllegalStateException(this + " has not declared its parameters yet");
        }
        return aOff;
    }

    @Override
    public void declareParameters(Parameters.Builder builder) {
        aOff = builder.add("a", 1, width, false);
    }

    @Override
    public void bind(Parameters parameters) {
        if (aOff < 0 || aOff + width > parameters.size()) {
            throw new IllegalStateException(this + ": declareParameters must run on the builder of these parameters");
        }
        values = parameters.values();
        grads = parameters.gradients();
    }

    @Override
    public void initialize(Rng rng) {
        requireBound();
        Arrays.fill(values, aOff, aOff + width, INITIAL_SLOPE);
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        requireBound();
        float[] v = values;
        int n = count(batch);
        for (int r = 0; r < n; r += width) {
            for (int j = 0; j < width; j++) {
                float xi = x[r + j];
                y[r + j] = xi > 0 ? xi : v[aOff + j] * xi;
            }
        }
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        requireBound();
        float[] v = values;
        float[] g = grads;
        int n = count(batch);
        for (int r = 0; r < n; r += width) {
            for (int j = 0; j < width; j++) {
                float xi = x[r + j];
                if (xi <= 0) {
                    g[aOff + j] += xi * dy[r + j];
                }
            }
        }
        if (dx != null) {
            for (int r = 0; r < n; r += width) {
                for (int j = 0; j < width; j++) {
                    float d = dy[r + j];
                    dx[r + j] = x[r + j] > 0 ? d : v[aOff + j] * d;
                }
            }
        }
    }

    private void requireBound() {
        if (values == null) {
            throw new IllegalStateException(this + " has no parameters yet: put it in a Sequential (or call "
                    + "declareParameters, bind and initialize)");
        }
    }
}
