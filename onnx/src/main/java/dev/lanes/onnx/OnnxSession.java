package dev.lanes.onnx;

import java.util.Arrays;

/**
 * Runs an {@link OnnxModel} on one thread. Buffers are planned for the input shapes of a run and kept: repeated
 * runs with the same shapes allocate nothing (the session keeps the last plan, so alternating shapes re-plan).
 */
public final class OnnxSession {
    private final OnnxModel model;
    private Plan plan;
    private float[][] slots; // the plan's program slots: constants shared, computed buffers owned, inputs per run
    private final int[][] rowShape; // reused by predict for single 2-D input models

    OnnxSession(OnnxModel model) {
        this.model = model;
        this.rowShape = model.inputSlots.length == 1 && model.inputShapes[0].length == 2
                ? new int[][] {model.inputShapes[0].clone()} : null;
    }

    public OnnxModel model() {
        return model;
    }

    private Plan planFor(int[][] shapes) throws OnnxFormatException {
        if (plan == null || !plan.matches(shapes)) {
            Plan p = new Plan(model, shapes);
            slots = p.program.newSlots(1);
            plan = p;
        }
        return plan;
    }

    /**
     * Runs the graph: inputs[i] holds input i row-major with shape inputShapes[i]; outputs[j] receives output j
     * (at least {@link #outputShape(int)}'s size). Allocation-free when the shapes are those of the previous run.
     */
    public void run(float[][] inputs, int[][] inputShapes, float[][] outputs) throws OnnxFormatException {
        Plan p = planFor(inputShapes);
        if (inputs.length != model.inputSlots.length) throw new IllegalArgumentException(inputs.length
                + " inputs given, the model has " + model.inputSlots.length);
        for (int i = 0; i < inputs.length; i++) {
            int n = Shapes.product(p.inputShapes[i], 0, p.inputShapes[i].length);
            if (inputs[i].length < n) throw new IllegalArgumentException("input " + i + " has " + inputs[i].length
                    + " values, shape needs " + n);
            slots[model.inputSlots[i]] = inputs[i];
        }
        if (outputs.length != model.outputSlots.length) throw new IllegalArgumentException(outputs.length
                + " outputs given, the model has " + model.outputSlots.length);
        p.program.run(slots, 1);
        for (int j = 0; j < outputs.length; j++) {
            int[] shape = p.shapes[model.outputSlots[j]];
            int n = Shapes.product(shape, 0, shape.length);
            if (outputs[j].length < n) throw new IllegalArgumentException("output " + j + " has room for "
                    + outputs[j].length + " values, needs " + n);
            System.arraycopy(slots[model.outputSlots[j]], 0, outputs[j], 0, n);
        }
        for (int i = 0; i < inputs.length; i++) slots[model.inputSlots[i]] = null; // keep no caller arrays
    }

    /** Runs the graph and returns fresh output arrays. */
    public float[][] run(float[][] inputs, int[][] inputShapes) throws OnnxFormatException {
        Plan p = planFor(inputShapes);
        float[][] outputs = new float[model.outputSlots.length][];
        for (int j = 0; j < outputs.length; j++) {
            int[] shape = p.shapes[model.outputSlots[j]];
            outputs[j] = new float[Shapes.product(shape, 0, shape.length)];
        }
        run(inputs, inputShapes, outputs);
        return outputs;
    }

    /** The shape of output j in the last run. */
    public int[] outputShape(int j) {
        if (plan == null) throw new IllegalStateException("no run yet");
        return plan.shapes[model.outputSlots[j]].clone();
    }

    /**
     * For a model with one 2-D input (rows, width) and one output: out ← model(x) for {@code rows} rows.
     * Allocation-free when rows is that of the previous call.
     */
    public void predict(float[] x, int rows, float[] out) throws OnnxFormatException {
        if (rowShape == null || model.outputSlots.length != 1) {
            throw new IllegalStateException("predict needs one 2-D input and one output; use run");
        }
        rowShape[0][0] = rows;
        if (rowShape[0][1] < 0) throw new IllegalStateException("the input width is symbolic; use run");
        float[][] ins = inputsHolder, outs = outputsHolder;
        ins[0] = x;
        outs[0] = out;
        try {
            run(ins, rowShape, outs);
        } finally {
            ins[0] = null;
            outs[0] = null;
        }
    }

    private final float[][] inputsHolder = new float[1][], outputsHolder = new float[1][];

    @Override
    public String toString() {
        return "OnnxSession[" + model + (plan == null ? "" : ", planned for " + Arrays.deepToString(plan.inputShapes))
                + "]";
    }
}
