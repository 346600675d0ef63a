package dev.lanes.infer;

import dev.lanes.infer.engine.Program;
import dev.lanes.kernels.Kernels;

/**
 * Predictions from one {@link Model} on one thread: owns every scratch buffer, sized once for batches of up to
 * {@link #maxBatch()} rows, so after warm-up no method here allocates (except {@link #predict(float[])},
 * which returns a new array by design).
 *
 * <p><b>Not thread-safe</b>: a session's buffers are reused by every call. Give each thread its own session
 * ({@link Model#newSession}); sessions of the same model share its parameters read-only and need no locks.
 * Results are deterministic: the same input gives bit-identical output in any session of the model, on any
 * thread, with the same kernel implementation.
 *
 * <p>Shapes are row-major: one row is {@code inputWidth()} floats in, {@code outputWidth()} out. Wrong lengths
 * throw {@link IllegalArgumentException} naming the argument and the numbers.
 */
public final class Session {

    private final Model model;
    private final Program program;
    private final int maxBatch;
    private final int in;
    private final int out;
    // The program's slots for batches of up to maxBatch rows; slot 0 is the input (the caller's array during
    // a run), the last the model's output.
    private final float[][] slots;
    private final float[] result;
    // For predictBatch beyond maxBatch rows: the chunk's rows copied to offset 0, which the steps read from.
    private final float[] chunk;

    Session(Model model, Program program, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.model = model;
        this.program = program;
        this.maxBatch = maxBatch;
        this.in = model.inputWidth();
        this.out = model.outputWidth();
        this.slots = program.newSlots(maxBatch);
        this.result = slots[slots.length - 1];
        this.chunk = new float[Math.multiplyExact(maxBatch, in)];
    }

    /** The model this session runs. */
    public Model model() {
        return model;
    }

    /** The largest batch run in one pass; {@link #predictBatch} splits larger ones. */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * One row: {@code output = model(input)}.
     *
     * @param input  {@code inputWidth()} floats, not modified
     * @param output {@code outputWidth()} floats, overwritten
     */
    public void predict(float[] input, float[] output) {
        checkRow("output", output, out);
        forwardRow(input);
        System.arraycopy(result, 0, output, 0, out);
    }

    /** One row, into a new array of {@code outputWidth()} floats. */
    public float[] predict(float[] input) {
        float[] output = new float[out];
        predict(input, output);
        return output;
    }

    /**
     * {@code rows} rows at once: inputs (rows, inputWidth) → outputs (rows, outputWidth), row-major. Any number
     * of rows: more than {@link #maxBatch()} are run in chunks of maxBatch rows (the batch a GEMM sees can
     * change the rounding of a row, so compare batch and single-row results with a tolerance, not bitwise).
     *
     * @param inputs  at least rows · inputWidth floats, not modified
     * @param outputs at least rows · outputWidth floats; the first rows · outputWidth are overwritten
     */
    public void predictBatch(float[] inputs, int rows, float[] outputs) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1, got " + rows);
        }
        checkAtLeast("inputs", inputs, rows, in);
        checkAtLeast("outputs", outputs, rows, out);
        if (rows <= maxBatch) {
            run(inputs, rows);
            System.arraycopy(result, 0, outputs, 0, rows * out);
            return;
        }
        for (int r = 0; r < rows; r += maxBatch) {
            int n = Math.min(maxBatch, rows - r);
            System.arraycopy(inputs, r * in, chunk, 0, n * in);
            run(chunk, n);
            System.arraycopy(result, 0, outputs, r * out, n * out);
        }
    }

    /** The program over rows (rows ≤ maxBatch) of x; the output lands in {@code result}. */
    private void run(float[] x, int rows) {
        slots[0] = x;
        try {
            program.run(slots, rows);
        } finally {
            slots[0] = null; // keep no caller array
        }
    }

    /**
     * The index of the largest output for one row: the predicted class. Ties go to the lowest index; NaN
     * outputs never win unless all are NaN (then 0).
     */
    public int argmax(float[] input) {
        forwardRow(input);
        return argmax(result, out);
    }

    /**
     * The k largest outputs of one row, largest first: {@code classes[0..k)} their indices, {@code
     * scores[0..k)} the outputs themselves (probabilities if the model ends with Softmax, else raw scores; see
     * {@link #probabilities}). Ties go to the lower index; NaN outputs rank last.
     *
     * @param k between 1 and outputWidth
     */
    public void topK(float[] input, int k, int[] classes, float[] scores) {
        if (k < 1 || k > out) {
            throw new IllegalArgumentException("k must be in [1, " + out + "] (the output width), got " + k);
        }
        if (classes.length < k || scores.length < k) {
            throw new IllegalArgumentException("classes and scores need room for k = " + k + " entries, got "
                    + classes.length + " and " + scores.length);
        }
        forwardRow(input);
        // k passes of selection: O(k · outputWidth), no allocation; each pass takes the best index not yet taken,
        // ranking by (value desc, index asc) with NaN below everything.
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < out; i++) {
                if (!taken(classes, j, i) && (best < 0 || ranksAbove(result[i], result[best]))) {
                    best = i;
                }
            }
            classes[j] = best;
            scores[j] = result[best];
        }
    }

    /**
     * Class probabilities for one row: the output itself if the model ends with {@link
     * dev.lanes.nn.Softmax}, else the softmax of the output (the model's outputs taken as logits).
     *
     * @param probs outputWidth floats, overwritten
     */
    public void probabilities(float[] input, float[] probs) {
        checkRow("probs", probs, out);
        forwardRow(input);
        if (model.endsWithSoftmax()) {
            System.arraycopy(result, 0, probs, 0, out);
        } else {
            Kernels.softmaxRows(probs, 0, out, result, 0, out, 1, out);
        }
    }

    private void forwardRow(float[] input) {
        checkRow("input", input, in);
        run(input, 1);
    }

    static int argmax(float[] y, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (ranksAbove(y[i], y[best])) {
                best = i;
            }
        }
        return best;
    }

    // a strictly above b: larger, or a number against NaN. Equal values keep the earlier (lower) index.
    private static boolean ranksAbove(float a, float b) {
        return a > b || (b != b && a == a);
    }

    private static boolean taken(int[] classes, int count, int i) {
        for (int j = 0; j < count; j++) {
            if (classes[j] == i) {
                return true;
            }
        }
        return false;
    }

    private static void checkRow(String name, float[] a, int width) {
        if (a.length != width) {
            throw new IllegalArgumentException(name + " holds " + a.length + " floats, but a row of this model is "
                    + width + " wide");
        }
    }

    private static void checkAtLeast(String name, float[] a, int rows, int width) {
        long need = (long) rows * width;
        if (a.length < need) {
            throw new IllegalArgumentException(name + " holds " + a.length + " floats, but " + rows + " rows of "
                    + width + " need " + need);
        }
    }
}
