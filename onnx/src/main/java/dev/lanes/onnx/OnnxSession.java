package dev.lanes.onnx;

import dev.lanes.args.Args;
import dev.lanes.parallel.Owner;
import java.util.Arrays;

/**
 * Runs an {@link OnnxModel} on one thread. Buffers are planned for the input shapes of a run and kept: repeated
 * runs with the same shapes allocate nothing (the session keeps the last plan, so alternating shapes re-plan).
 * A plan's buffers are summed and checked against the session's memory limit before any is allocated.
 *
 * <p><b>Not thread-safe</b>: give each thread its own session ({@link OnnxModel#newSession}). A session used
 * by two threads at once is detected (one compare-and-set per call): the second call throws {@link
 * java.util.ConcurrentModificationException} naming both threads.
 */
public final class OnnxSession {
    private final OnnxModel model;
    private final long maxBytes;
    private Plan plan;
    private float[][] slots; // the plan's program slots: constants shared, computed buffers owned, inputs per run
    private final int[][] rowShape; // reused by predict for single 2-D input models
    private final float[][] inputsHolder = new float[1][], outputsHolder = new float[1][];
    final Owner owner = new Owner("this OnnxSession", "give each thread its own (OnnxModel.newSession)");

    OnnxSession(OnnxModel model, long maxBytes) {
        this.model = model;
        this.maxBytes = maxBytes;
        this.rowShape = model.inputSlots.length == 1 && model.inputShapes[0].length == 2
                ? new int[][] {model.inputShapes[0].clone()} : null;
    }

    /** {@return the model this session runs} */
    public OnnxModel model() {
        return model;
    }

    /**
     * The most bytes this session's buffers may take (for one plan).
     *
     * @return the limit in bytes, fixed when the session was made
     */
    public long maxBytes() {
        return maxBytes;
    }

    private Plan planFor(int[][] shapes) throws OnnxFormatException {
        if (plan == null || !plan.matches(shapes)) {
            Plan p = new Plan(model, shapes);
            p.checkMemory(model, maxBytes);
            plan = null; // a failed allocation below leaves no plan without slots
            slots = null;
            slots = p.program.newSlots(1);
            plan = p;
        }
        return plan;
    }

    /**
     * Runs the graph: inputs[i] holds input i row-major with shape inputShapes[i]; outputs[j] receives output j
     * (at least {@link #outputShape(int)}'s size). Allocation-free when the shapes are those of the previous run.
     *
     * @param inputs      one array per graph input, in {@link OnnxModel#inputName(int)} order, each holding at
     *                    least its shape's element count; read only, and not kept after the call
     * @param inputShapes one shape per graph input, matching the declared shapes where they are fixed
     * @param outputs     one array per graph output, in {@link OnnxModel#outputName(int)} order; the first
     *                    elements of each are overwritten
     * @throws OnnxFormatException                  when the shapes do not fit the graph
     * @throws NullPointerException                 for a null array or shape
     * @throws IllegalArgumentException             for a wrong number of arrays, a negative dimension or an
     *                                              array too small for its shape
     * @throws dev.lanes.infer.MemoryLimitException when the shapes' buffers exceed the session memory limit
     */
    public void run(float[][] inputs, int[][] inputShapes, float[][] outputs) throws OnnxFormatException {
        Args.noNulls("inputs", inputs);
        Plan.checkShapesArgument(inputShapes);
        Args.noNulls("outputs", outputs);
        owner.acquire();
        try {
            runOwned(inputs, inputShapes, outputs);
        } finally {
            owner.release();
        }
    }

    private void runOwned(float[][] inputs, int[][] inputShapes, float[][] outputs) throws OnnxFormatException {
        if (inputs.length != model.inputSlots.length) throw new IllegalArgumentException(inputs.length
                + " inputs given, the model has " + model.inputSlots.length);
        if (outputs.length != model.outputSlots.length) throw new IllegalArgumentException(outputs.length
                + " outputs given, the model has " + model.outputSlots.length);
        Plan p = planFor(inputShapes);
        for (int i = 0; i < inputs.length; i++) {
            int n = Shapes.product(p.inputShapes[i], 0, p.inputShapes[i].length);
            if (inputs[i].length < n) throw new IllegalArgumentException("input " + i + " has " + inputs[i].length
                    + " values, shape " + Arrays.toString(p.inputShapes[i]) + " needs " + n);
        }
        for (int j = 0; j < outputs.length; j++) {
            int[] shape = p.shapes[model.outputSlots[j]];
            int n = Shapes.product(shape, 0, shape.length);
            if (outputs[j].length < n) throw new IllegalArgumentException("output " + j + " has room for "
                    + outputs[j].length + " values, shape " + Arrays.toString(shape) + " needs " + n);
        }
        try {
            for (int i = 0; i < inputs.length; i++) slots[model.inputSlots[i]] = inputs[i];
            p.program.run(slots, 1);
            for (int j = 0; j < outputs.length; j++) {
                int[] shape = p.shapes[model.outputSlots[j]];
                System.arraycopy(slots[model.outputSlots[j]], 0, outputs[j], 0, Shapes.product(shape, 0, shape.length));
            }
        } finally {
            for (int i = 0; i < inputs.length; i++) slots[model.inputSlots[i]] = null; // keep no caller arrays
        }
    }

    /**
     * Runs the graph and returns fresh output arrays.
     *
     * @param inputs      one array per graph input, in {@link OnnxModel#inputName(int)} order; read only, not kept
     * @param inputShapes one shape per graph input, matching the declared shapes where they are fixed
     * @return one new array per graph output, row-major, in {@link OnnxModel#outputName(int)} order
     * @throws OnnxFormatException                  when the shapes do not fit the graph
     * @throws NullPointerException                 for a null array or shape
     * @throws IllegalArgumentException             for a wrong number of inputs or a negative dimension
     * @throws dev.lanes.infer.MemoryLimitException when the shapes' buffers exceed the session memory limit
     */
    public float[][] run(float[][] inputs, int[][] inputShapes) throws OnnxFormatException {
        Args.noNulls("inputs", inputs);
        Plan.checkShapesArgument(inputShapes);
        owner.acquire();
        try {
            Plan p = planFor(inputShapes);
            float[][] outputs = new float[model.outputSlots.length][];
            for (int j = 0; j < outputs.length; j++) {
                int[] shape = p.shapes[model.outputSlots[j]];
                outputs[j] = new float[Shapes.product(shape, 0, shape.length)];
            }
            runOwned(inputs, inputShapes, outputs);
            return outputs;
        } finally {
            owner.release();
        }
    }

    /**
     * The shape of output j in the last run.
     *
     * @param j the output's index, 0 ≤ j &lt; {@link OnnxModel#outputCount()}
     * @return a copy of its dimensions
     * @throws IllegalStateException    before the first run
     * @throws IllegalArgumentException for an output that does not exist
     */
    public int[] outputShape(int j) {
        if (plan == null) throw new IllegalStateException("no run yet");
        if (j < 0 || j >= model.outputSlots.length) throw new IllegalArgumentException("output " + j
                + " does not exist: the model has " + model.outputSlots.length);
        return plan.shapes[model.outputSlots[j]].clone();
    }

    /**
     * For a model with one 2-D input (rows, width) and one output: out ← model(x) for {@code rows} rows
     * ({@code rows} ≥ 0; the model's batch when it is fixed). Allocation-free when rows is that of the previous
     * call.
     *
     * @param x    the input rows: (rows, width) row-major, width the model's declared input width
     * @param rows the number of rows, ≥ 0
     * @param out  receives the output rows: (rows, output width) row-major, overwritten in its first elements
     * @throws OnnxFormatException   when {@code rows} does not fit the graph (a fixed batch differs)
     * @throws IllegalStateException when the model does not have one 2-D input of fixed width and one output
     */
    public void predict(float[] x, int rows, float[] out) throws OnnxFormatException {
        Args.notNull("x", x);
        Args.notNull("out", out);
        if (rowShape == null || model.outputSlots.length != 1) {
            throw new IllegalStateException("predict needs one 2-D input and one output; use run");
        }
        if (rows < 0) throw new IllegalArgumentException("rows = " + rows + " is negative");
        if (model.inputShapes[0][1] < 0) throw new IllegalStateException("the input width is symbolic; use run");
        owner.acquire();
        try {
            rowShape[0][0] = rows;
            inputsHolder[0] = x;
            outputsHolder[0] = out;
            runOwned(inputsHolder, rowShape, outputsHolder);
        } finally {
            inputsHolder[0] = null;
            outputsHolder[0] = null;
            owner.release();
        }
    }

    @Override
    public String toString() {
        return "OnnxSession[" + model + (plan == null ? "" : ", planned for " + Arrays.deepToString(plan.inputShapes))
                + "]";
    }
}
