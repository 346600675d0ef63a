package dev.lanes.nn;

import dev.lanes.args.Args;

import dev.lanes.kernels.Kernels;
import dev.lanes.random.Rng;

/**
 * Inverted dropout (Srivastava et al. 2014, in the CS231n form): in training each value is kept with
 * probability 1 − p and scaled by 1 / (1 − p), otherwise zeroed, so the expected activation is unchanged
 * and inference is simply {@code y = x}.
 * <pre>
 *   x, y, dy, dx: (batch, width)     mask: (maxBatch, width), each entry 0 or scale = 1 / (1 − p)
 *   training:  y = x·mask,  dx = dy·mask      inference: y = x
 * </pre>
 * The mask lives in a buffer sized by {@link #allocate} and is drawn from a generator seeded from the
 * model's {@link Rng} in {@link #initialize}, so a seed reproduces every mask. A dropped NaN or ±∞ gives NaN
 * (0·x), keeping a diverged value visible. {@link #backward} uses the mask of the last <em>training</em>
 * forward pass; through {@link Sequential#backward}, a backward after an inference pass is that pass's
 * gradient, dx = dy (an input gradient of the trained network, say). Inference writes only y (thread-safe).
 */
public final class Dropout extends ElementwiseLayer {

    private final double p;
    private final float scale;
    private Rng rng;
    private float[] mask;
    // The values the last training pass drew a mask for (-1: none yet): backward takes that many.
    private int masked = -1;

    /**
     * Dropout over rows of {@code width}, dropping each value with probability p in training.
     *
     * @param width the width of the input and output rows, ≥ 1
     * @param p     the probability of dropping a value, 0 ≤ p &lt; 1 (the course's {@code p} is the keep rate)
     */
    public Dropout(int width, double p) {
        super(width);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.scale = (float) (1.0 / (1.0 - p));
    }

    /** {@return the drop probability p} */
    public double p() {
        return p;
    }

    /** {@return the factor kept values are multiplied by: 1 / (1 − p), rounded to float} */
    public float scale() {
        return scale;
    }

    /**
     * The generator its masks are drawn from (null before {@link #initialize}). A checkpoint records its
     * {@link Rng#position() position} and moves it back there, so a resumed run draws the masks the
     * uninterrupted one would have drawn.
     *
     * @return the mask generator
     */
    public Rng generator() {
        return rng;
    }

    @Override
    public void initialize(Rng modelRng) {
        this.rng = new Rng(modelRng.nextLong());
    }

    @Override
    public void allocate(int maxBatch) {
        this.mask = new float[Args.product("maxBatch", maxBatch, "Dropout width", width)];
    }

    @Override
    public void forward(float[] y, float[] x, int batch, boolean training) {
        int n = count(batch);
        if (!training) {
            Linear.copy(y, x, n);
            return;
        }
        if (rng == null || mask == null || mask.length < n) {
            throw new IllegalStateException(this + ": a training pass of " + batch + " rows needs initialize and "
                    + "allocate(≥ " + batch + ") first (Sequential does both)");
        }
        rng.mask(mask, n, p, scale); // the draws of n nextDouble() calls, in order
        masked = n;
        Kernels.mul(y, 0, x, 0, mask, 0, n);
    }

    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (dx != null) {
            if (masked < 0) {
                throw new IllegalStateException(this + ": backward needs a training forward pass first");
            }
            int n = count(batch);
            if (n != masked) { // other rows than the mask's would be multiplied by another batch's draws
                throw new IllegalArgumentException(this + ": backward of " + batch + " rows, but the last training"
                        + " pass drew a mask for " + masked / width);
            }
            Kernels.mul(dx, 0, dy, 0, mask, 0, n);
        }
    }

    @Override
    void backwardAfter(boolean trainingPass, float[] dx, float[] dy, float[] x, float[] y, int batch) {
        if (trainingPass) {
            backward(dx, dy, x, y, batch);
        } else if (dx != null) {
            Linear.copy(dx, dy, count(batch)); // inference is y = x
        }
    }

    @Override
    public String toString() {
        return "Dropout(" + width + ", p = " + p + ")";
    }
}
