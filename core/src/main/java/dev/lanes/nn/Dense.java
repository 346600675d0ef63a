package dev.lanes.nn;

import dev.lanes.kernels.Kernels;
import dev.lanes.parallel.Workers;
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
    // W's slices (Parameters.slices): blocks of its input rows, each owned by one thread while training.
    private int slices = 1;
    // Training's forward over a sliced W: slice c's share of y, x[:, rows of c]·W[rows of c, :], for c ≥ 1
    // (slice 0 writes y itself), batch·out floats each; grown on demand.
    private float[] shares = new float[0];

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
        slices = Parameters.slices(in, out);
    }

    @Override
    int overwrittenGradient() {
        requireDeclared();
        return wOff;
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
        if (training && slices > 1) {
            forwardSliced(y, x, batch);
        } else if (split(batch, batch)) {
            ty = y;
            tx = x;
            tBatch = batch;
            workers.run(forwardTask);
            ty = tx = null;
        } else {
            forwardRows(y, x, 0, batch);
        }
    }

    // The same rows as forward(y, x, batch, false) on one thread: the bits of a row do not depend on the split.
    @Override
    void forwardConcurrent(float[] y, float[] x, int batch) {
        requireBound();
        forwardRows(y, x, 0, batch);
    }

    // dW += xᵀ·dy: (in, batch)·(batch, out);  db += Σ_rows dy;  dx = dy·Wᵀ: (batch, out)·(out, in)
    @Override
    public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {
        requireBound();
        // dW is written, not added to, when Sequential.zeroGradientsAndBackward left it out of the zeroing:
        // the same bits as adding to zeros (a product's sum starts at +0, so it is never −0).
        tBeta = overwriteGradient ? 0f : 1f;
        overwriteGradient = false;
        if (slices > 1) { // db in part 0, on the caller: the helpers start their slices without waiting for it
            tdx = dx;
            tdy = dy;
            tx = x;
            tBatch = batch;
            if (parallel(batch)) {
                workers.run(backwardSlicesTask);
            } else {
                backwardSlicesPart(0, 1);
            }
            tdx = tdy = tx = null;
            return;
        }
        Kernels.addColumnSums(grads, bOff, dy, 0, out, batch, out); // a sum over rows: one thread, one order
        if (split(Math.max(in, batch), batch)) {
            tdx = dx;
            tdy = dy;
            tx = x;
            tBatch = batch;
            workers.run(backwardTask);
            tdx = tdy = tx = null;
        } else {
            weightGradientRows(x, dy, batch, 0, in);
            if (dx != null) {
                inputGradientRows(dx, dy, 0, batch);
            }
        }
    }

    // Unsliced layers, and inference, split products by rows of their output, at multiples of ROWS: a row's
    // bits do not depend on which rows are computed with it (no kernel path changes with m once m > 2;
    // docs/kernels.md), so the results are the same for any number of threads. Work below Workers.MIN_WORK
    // multiply-adds per thread stays on one thread, where the hand-over would cost more than it saves.
    private static final int ROWS = 8;

    // The operands of the run in progress, read by the tasks; tBeta: 0 to write dW, 1 to add to it.
    private float[] ty, tx, tdx, tdy;
    private int tBatch;
    private float tBeta = 1f;

    private final Workers.Task forwardTask = this::forwardPart;
    private final Workers.Task backwardTask = this::backwardPart;

    private void forwardPart(int part, int parts) {
        int r0 = Workers.start(tBatch, parts, part, ROWS), r1 = Workers.start(tBatch, parts, part + 1, ROWS);
        if (r0 < r1) {
            forwardRows(ty, tx, r0, r1);
        }
    }

    private void backwardPart(int part, int parts) {
        int i0 = Workers.start(in, parts, part, ROWS), i1 = Workers.start(in, parts, part + 1, ROWS);
        if (i0 < i1) {
            weightGradientRows(tx, tdy, tBatch, i0, i1);
        }
        if (tdx != null) {
            int r0 = Workers.start(tBatch, parts, part, ROWS), r1 = Workers.start(tBatch, parts, part + 1, ROWS);
            if (r0 < r1) {
                inputGradientRows(tdx, tdy, r0, r1);
            }
        }
    }

    private boolean split(int rows, int batch) {
        return rows >= 2 * ROWS && parallel(batch);
    }

    private boolean parallel(int batch) {
        return workers != null && (long) batch * in * out >= Workers.MIN_WORK * workers.threads();
    }

    // Training over a sliced W: each thread computes the products over the input rows of the slices it owns
    // (Parameters.firstSlice), the same slices whose gradients, moments and L2 it updates, so between steps W
    // stays in the cache of the core that wrote it. Forward: slice c's share of y is the product over its rows
    // alone, and the shares are added in a fixed binary tree (a node's sum replaces its left child's share):
    // each thread adds the nodes within its own slices, the caller the rest, then b. The bits depend on the
    // slices (fixed by W's shape), not on the thread count: 1 thread computes the same shares and the same
    // tree. Backward: dW's rows and dx's columns of slice c depend on slice c's rows of W only.
    private final Workers.Task forwardSlicesTask = this::forwardSlicesPart;
    private final Workers.Task backwardSlicesTask = this::backwardSlicesPart;

    private void forwardSliced(float[] y, float[] x, int batch) {
        int share = batch * out;
        if (shares.length < (slices - 1) * share) {
            shares = new float[(slices - 1) * share];
        }
        ty = y;
        tx = x;
        tBatch = batch;
        int parts = parallel(batch) ? workers.threads() : 1;
        if (parts > 1) {
            workers.run(forwardSlicesTask);
        } else {
            forwardSlicesPart(0, 1);
        }
        for (int width = 2; width <= slices; width *= 2) { // the nodes that span several threads' slices
            for (int first = 0; first < slices; first += width) {
                if (ownerOf(first, parts) != ownerOf(first + width - 1, parts)) {
                    addShare(first, first + width / 2);
                }
            }
        }
        Kernels.addRowVector(y, 0, out, values, bOff, batch, out);
        ty = tx = null;
    }

    private void forwardSlicesPart(int part, int parts) {
        int lo = Parameters.firstSlice(slices, parts, part), hi = Parameters.firstSlice(slices, parts, part + 1);
        for (int c = lo; c < hi; c++) {
            int i0 = Parameters.sliceRow(in, slices, c), i1 = Parameters.sliceRow(in, slices, c + 1);
            Kernels.gemm(shareArray(c), shareOffset(c), out, tx, i0, in, false, values, wOff + i0 * out, out, false,
                    tBatch, out, i1 - i0, 1f, 0f);
        }
        for (int width = 2; width <= slices; width *= 2) { // the tree's nodes within this thread's slices
            for (int first = (lo + width - 1) / width * width; first + width <= hi; first += width) {
                addShare(first, first + width / 2);
            }
        }
    }

    // share(left) += share(right): a node of the tree of shares
    private void addShare(int left, int right) {
        Kernels.axpy(shareArray(left), shareOffset(left), 1f, shareArray(right), shareOffset(right), tBatch * out);
    }

    private float[] shareArray(int slice) {
        return slice == 0 ? ty : shares;
    }

    private int shareOffset(int slice) {
        return slice == 0 ? 0 : (slice - 1) * tBatch * out;
    }

    @Override
    int inputColumn(int part, int parts) {
        return Parameters.sliceRow(in, slices, Parameters.firstSlice(slices, parts, part));
    }

    private int ownerOf(int slice, int parts) {
        int part = 0;
        while (Parameters.firstSlice(slices, parts, part + 1) <= slice) {
            part++;
        }
        return part;
    }

    private void backwardSlicesPart(int part, int parts) {
        if (part == 0) { // db += Σ_rows dy: a sum over rows, on one thread in one order (part 0 is the caller's)
            Kernels.addColumnSums(grads, bOff, tdy, 0, out, tBatch, out);
        }
        int last = Parameters.firstSlice(slices, parts, part + 1);
        for (int c = Parameters.firstSlice(slices, parts, part); c < last; c++) {
            int i0 = Parameters.sliceRow(in, slices, c), i1 = Parameters.sliceRow(in, slices, c + 1);
            weightGradientRows(tx, tdy, tBatch, i0, i1);
            if (tdx != null) { // dx[:, i0..i1) = dy·(W[i0..i1, :])ᵀ
                Kernels.gemm(tdx, i0, in, tdy, 0, out, false, values, wOff + i0 * out, out, true,
                        tBatch, i1 - i0, out, 1f, 0f);
            }
        }
    }

    // y[r0, r1) = x[r0, r1)·W + b
    private void forwardRows(float[] y, float[] x, int r0, int r1) {
        Kernels.gemm(y, r0 * out, out, x, r0 * in, in, false, values, wOff, out, false, r1 - r0, out, in, 1f, 0f);
        Kernels.addRowVector(y, r0 * out, out, values, bOff, r1 - r0, out);
    }

    // dW[i0, i1) = tBeta·dW[i0, i1) + (x[:, i0..i1))ᵀ·dy
    private void weightGradientRows(float[] x, float[] dy, int batch, int i0, int i1) {
        Kernels.gemm(grads, wOff + i0 * out, out, x, i0, in, true, dy, 0, out, false, i1 - i0, out, batch, 1f, tBeta);
    }

    // dx[r0, r1) = dy[r0, r1)·Wᵀ
    private void inputGradientRows(float[] dx, float[] dy, int r0, int r1) {
        Kernels.gemm(dx, r0 * in, in, dy, r0 * out, out, false, values, wOff, out, true, r1 - r0, in, out, 1f, 0f);
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
