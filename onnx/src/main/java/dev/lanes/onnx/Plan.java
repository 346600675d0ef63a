package dev.lanes.onnx;

import java.util.Arrays;

/** The steps and value shapes of a model for one set of input shapes; buffers are allocated once per plan. */
final class Plan {
    final int[][] inputShapes;
    final int[][] shapes;   // by slot
    final Step[] steps;
    final float[][] slots;  // constants shared with the model, computed values owned here, inputs set per run

    Plan(OnnxModel model, int[][] inputShapes, boolean allocate) throws OnnxFormatException {
        if (inputShapes.length != model.inputSlots.length) {
            throw new OnnxFormatException(inputShapes.length + " input shapes for " + model.inputSlots.length
                    + " inputs");
        }
        this.inputShapes = new int[inputShapes.length][];
        shapes = new int[model.slotCount][];
        for (int s = 0; s < model.slotCount; s++) shapes[s] = model.constantShapes[s];
        for (int i = 0; i < inputShapes.length; i++) {
            int[] declared = model.inputShapes[i], given = inputShapes[i];
            if (given.length != declared.length) throw new OnnxFormatException("input " + model.inputName(i)
                    + ": rank " + given.length + " given, " + declared.length + " declared");
            for (int d = 0; d < given.length; d++) {
                if (declared[d] >= 0 && given[d] != declared[d] || given[d] < 0) {
                    throw new OnnxFormatException("input " + model.inputName(i) + ": shape " + Arrays.toString(given)
                            + " does not match " + Arrays.toString(declared));
                }
            }
            Shapes.size(given, "input " + model.inputName(i));
            this.inputShapes[i] = given.clone();
            shapes[model.inputSlots[i]] = this.inputShapes[i];
        }
        steps = new Step[model.ops.length];
        for (int k = 0; k < steps.length; k++) {
            Op op = model.ops[k];
            steps[k] = op.plan(shapes);
            Shapes.size(shapes[op.out], op.where);
        }
        slots = new float[model.slotCount][];
        if (allocate) {
            for (int s = 0; s < model.slotCount; s++) slots[s] = model.constants[s];
            for (Op op : model.ops) slots[op.out] = new float[Shapes.size(shapes[op.out], op.where)];
        }
    }

    boolean matches(int[][] given) {
        if (given.length != inputShapes.length) return false;
        for (int i = 0; i < given.length; i++) if (!Arrays.equals(given[i], inputShapes[i])) return false;
        return true;
    }
}
