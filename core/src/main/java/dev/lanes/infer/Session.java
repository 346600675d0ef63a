package dev.lanes.infer;

import dev.lanes.args.Args;
import dev.lanes.parallel.Owner;
import dev.lanes.infer.engine.Program;
import dev.lanes.kernels.Kernels;
import dev.lanes.parallel.Workers;

/**
 * Predictions from one {@link Model} on one thread: owns every scratch buffer, sized once for batches of up to
 * {@link #maxBatch()} rows, so after warm-up no method here allocates (except {@link #predict(float[])},
 * which returns a new array by design).
 *
 * <p><b>Not thread-safe</b>: a session's buffers are reused by every call. Give each thread its own session
 * ({@link Model#newSession}); sessions of the same model share its parameters read-only and need no locks.
 * A session used by two threads at once is detected (one compare-and-set per call) and the second call
 * throws {@link java.util.ConcurrentModificationException} naming both threads, rather than returning rows
 * mixed from both.
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
    private final Owner owner = new Owner("this Session", "give each thread its own (Model.newSession)");
    private final long maxBytes;
    // What this session's buffers take (the program's slots and the chunk), checked against maxBytes.
    private final long bytes;
    // threads(n): a team and n − 1 sessions of the same model for its helper threads; null for one thread.
    private Workers workers;
    private Session[] helpers;
    private float[] tInputs, tOutputs; // the predictBatch run in progress, read by batchPart
    private int tRows;
    private final Workers.Task batchTask = this::batchPart;

    Session(Model model, Program program, int maxBatch, long maxBytes) {
        Args.positive("maxBatch", maxBatch);
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        this.model = model;
        this.program = program;
        this.maxBatch = maxBatch;
        this.maxBytes = maxBytes;
        this.in = model.inputWidth();
        this.out = model.outputWidth();
        // Everything this session allocates, summed before any of it is: the program's buffers and the chunk.
        long chunkBytes = 4L * maxBatch * in;
        long programBytes = program.bytes(maxBatch);
        long needed = programBytes > Long.MAX_VALUE - chunkBytes ? Long.MAX_VALUE : programBytes + chunkBytes;
        this.bytes = needed;
        int largest = program.largestSlot();
        MemoryLimit.check(needed, maxBytes, "a session for batches of " + maxBatch + " rows of " + model,
                "buffers of " + program.slotCount() + " values, the widest " + (largest < 0 ? 0 : program.size(largest))
                        + " floats per row, and a chunk of " + maxBatch + " input rows");
        this.slots = program.newSlots(maxBatch);
        this.result = slots[slots.length - 1];
        this.chunk = new float[Args.product("maxBatch", maxBatch, "input width", in)];
    }

    /** {@return the model this session runs} */
    public Model model() {
        return model;
    }

    /** {@return the largest batch run in one pass; {@link #predictBatch} splits larger ones} */
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
        checkRow("input", input, in);
        checkRow("output", output, out);
        owner.acquire();
        try {
            run(input, 1);
            System.arraycopy(result, 0, output, 0, out);
        } finally {
            owner.release();
        }
    }

    /**
     * One row, into a new array of {@code outputWidth()} floats.
     *
     * @param input {@code inputWidth()} floats, not modified
     * @return a new array of the output row
     */
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
     * <p>{@code outputs} may be the same array as {@code inputs} (in place): every chunk is read before the
     * outputs that could overlap its rows are written (chunks run first to last when a row's output is no
     * wider than its input, last to first otherwise), so the result equals that of separate arrays.
     *
     * @param inputs  at least rows · inputWidth floats, not modified (unless it is also {@code outputs})
     * @param rows    the number of rows, ≥ 1
     * @param outputs at least rows · outputWidth floats; the first rows · outputWidth are overwritten
     */
    public void predictBatch(float[] inputs, int rows, float[] outputs) {
        Args.positive("rows", rows);
        checkAtLeast("inputs", inputs, rows, in);
        checkAtLeast("outputs", outputs, rows, out);
        owner.acquire();
        try {
            if (workers != null && inputs != outputs && rows >= 2 * ROWS
                    && worthSplitting(rows, model.workPerRow(), workers.threads())) {
                tInputs = inputs;
                tOutputs = outputs;
                tRows = rows;
                try {
                    workers.run(batchTask);
                } finally {
                    tInputs = tOutputs = null;
                }
                return;
            }
            int chunks = (rows - 1) / maxBatch + 1;
            // In place with wider outputs, chunk c's outputs [c·B·out, …) would overwrite rows of later chunks;
            // backwards, every chunk's inputs lie below the outputs written so far (c·B·in ≤ c·B·out).
            boolean backwards = inputs == outputs && out > in;
            for (int i = 0; i < chunks; i++) {
                int r = (backwards ? chunks - 1 - i : i) * maxBatch;
                runRows(inputs, r, Math.min(maxBatch, rows - r), outputs);
            }
        } finally {
            owner.release();
        }
    }

    /**
     * Runs {@link #predictBatch} on {@code threads} threads from now on: the rows are split into one contiguous
     * range per thread (at multiples of 8 rows), each run by its own session of the same model in chunks of
     * {@link #maxBatch()} rows. A row's output is the same bits whichever rows it is computed with (the
     * engine's products compute each output with one fused chain in a fixed order, for every batch; see
     * docs/inference.md), so the results equal one thread's. In place ({@code inputs == outputs}), batches
     * under 16 rows and batches too small to give each thread 2¹⁶ multiply-adds run on the calling thread, where
     * a hand-over would cost more than it saves (on two threads a 784-128-10 network splits from 16 rows, the
     * 2-100-3 spiral network from 219). The other methods are single-row and always do.
     *
     * <p>The {@code threads − 1} helper threads are daemons that park when idle and need {@code threads − 1}
     * more sessions' buffers: all {@code threads} sets together are checked against this session's memory limit
     * before any is allocated; {@code threads(1)} stops them and drops the buffers. Still one caller at a time,
     * as for any session.
     *
     * @param threads the number of threads, the caller's included: 1 to 256
     * @return this session
     * @throws IllegalArgumentException unless 1 ≤ threads ≤ 256
     * @throws MemoryLimitException     when {@code threads} sets of this session's buffers exceed its limit; the
     *                                  session keeps its previous thread count
     */
    public Session threads(int threads) {
        Args.inRange("threads", threads, 1, Workers.MAX_THREADS);
        owner.acquire();
        try {
            // Every thread gets a session's buffers: the limit is this session's, so it covers them all. Checked
            // before anything changes, so a refusal leaves the session as it was.
            long total = bytes > Long.MAX_VALUE / threads ? Long.MAX_VALUE : bytes * threads;
            MemoryLimit.check(total, maxBytes, "a session on " + threads + " threads for batches of " + maxBatch
                    + " rows of " + model, threads + " sets of buffers, one per thread, of "
                    + MemoryLimit.format(bytes) + " each; fewer threads need less");
            if (workers != null) {
                workers.close();
                workers = null;
                helpers = null;
            }
            if (threads > 1) {
                Session[] more = new Session[threads - 1];
                for (int i = 0; i < more.length; i++) {
                    more[i] = new Session(model, program, maxBatch, maxBytes);
                }
                helpers = more;
                workers = Workers.of(threads);
            }
            return this;
        } finally {
            owner.release();
        }
    }

    /** {@return the number of threads {@link #predictBatch} uses; 1 unless {@link #threads(int)} set more} */
    public int threads() {
        return workers == null ? 1 : workers.threads();
    }

    // Row ranges start at multiples of ROWS, so no part gets a sliver of one or two rows.
    private static final int ROWS = 8;

    /**
     * Whether {@code rows} rows of {@code workPerRow} give each of {@code threads} threads at least
     * {@link Workers#MIN_WORK}: rows · workPerRow ≥ MIN_WORK · threads, without overflow.
     */
    static boolean worthSplitting(int rows, long workPerRow, int threads) {
        long need = Workers.MIN_WORK * threads;
        return workPerRow >= need || rows >= (need + workPerRow - 1) / workPerRow;
    }

    private void batchPart(int part, int parts) {
        int r0 = Workers.start(tRows, parts, part, ROWS), r1 = Workers.start(tRows, parts, part + 1, ROWS);
        Session s = part == 0 ? this : helpers[part - 1];
        for (int r = r0; r < r1; r += maxBatch) {
            s.runRows(tInputs, r, Math.min(maxBatch, r1 - r), tOutputs);
        }
    }

    /** Rows [r, r + n) of inputs (n ≤ maxBatch) into the same rows of outputs, through this session's buffers. */
    private void runRows(float[] inputs, int r, int n, float[] outputs) {
        if (r == 0) {
            run(inputs, n);
        } else {
            System.arraycopy(inputs, r * in, chunk, 0, n * in);
            run(chunk, n);
        }
        System.arraycopy(result, 0, outputs, r * out, n * out);
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
     *
     * @param input {@code inputWidth()} floats, not modified
     * @return the index of the largest output
     */
    public int argmax(float[] input) {
        checkRow("input", input, in);
        owner.acquire();
        try {
            run(input, 1);
            return argmax(result, out);
        } finally {
            owner.release();
        }
    }

    /**
     * The k largest outputs of one row, largest first: {@code classes[0..k)} their indices, {@code
     * scores[0..k)} the outputs themselves (probabilities if the model ends with Softmax, else raw scores; see
     * {@link #probabilities}). Ties go to the lower index; NaN outputs rank last.
     *
     * @param input   {@code inputWidth()} floats, not modified
     * @param k       between 1 and outputWidth
     * @param classes receives the k indices, at least k long; its first k entries are overwritten
     * @param scores  receives the k outputs, at least k long; its first k entries are overwritten
     */
    public void topK(float[] input, int k, int[] classes, float[] scores) {
        checkRow("input", input, in);
        Args.notNull("classes", classes);
        Args.notNull("scores", scores);
        if (k < 1 || k > out) {
            throw new IllegalArgumentException("k must be in [1, " + out + "] (the output width), got " + k);
        }
        if (classes.length < k || scores.length < k) {
            throw new IllegalArgumentException("classes and scores need room for k = " + k + " entries, got "
                    + classes.length + " and " + scores.length);
        }
        owner.acquire();
        try {
            run(input, 1);
            topK(result, out, k, classes, scores);
        } finally {
            owner.release();
        }
    }

    /**
     * k passes of selection over a total order — value descending, NaN below every number, then index
     * ascending — each taking the best entry ranked after the previous pass's pick: O(k · n), no allocation.
     */
    static void topK(float[] y, int n, int k, int[] classes, float[] scores) {
        int prev = -1;
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if ((prev < 0 || precedes(y, prev, i)) && (best < 0 || precedes(y, i, best))) {
                    best = i;
                }
            }
            classes[j] = best;
            scores[j] = y[best];
            prev = best;
        }
    }

    // Entry a ranks before entry b: a larger value, or a number against NaN, or an equal rank and a lower index.
    private static boolean precedes(float[] y, int a, int b) {
        float va = y[a], vb = y[b];
        if (ranksAbove(va, vb)) {
            return true;
        }
        return !ranksAbove(vb, va) && a < b;
    }

    /**
     * Class probabilities for one row: the output itself if the model ends with {@link
     * dev.lanes.nn.Softmax}, else the softmax of the output (the model's outputs taken as logits).
     *
     * @param input {@code inputWidth()} floats, not modified
     * @param probs outputWidth floats, overwritten
     */
    public void probabilities(float[] input, float[] probs) {
        checkRow("input", input, in);
        checkRow("probs", probs, out);
        owner.acquire();
        try {
            run(input, 1);
            if (model.endsWithSoftmax()) {
                System.arraycopy(result, 0, probs, 0, out);
            } else {
                Kernels.softmaxRows(probs, 0, out, result, 0, out, 1, out);
            }
        } finally {
            owner.release();
        }
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

    private static void checkRow(String name, float[] a, int width) {
        if (Args.notNull(name, a).length != width) {
            throw new IllegalArgumentException(name + " holds " + a.length + " floats, but a row of this model is "
                    + width + " wide");
        }
    }

    private static void checkAtLeast(String name, float[] a, int rows, int width) {
        long need = (long) rows * width;
        if (Args.notNull(name, a).length < need) {
            throw new IllegalArgumentException(name + " holds " + a.length + " floats, but " + rows + " rows of "
                    + width + " need " + need);
        }
    }
}
