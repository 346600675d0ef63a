package dev.lanes.onnx;

import dev.lanes.infer.MemoryLimit;
import dev.lanes.infer.engine.Program;
import dev.lanes.infer.engine.Step;
import java.util.Arrays;

/**
 * A model planned for one set of input shapes: every value's shape, checked, and the engine {@link Program}
 * computing them (one unit per run: every size is that of the planned shapes). Sessions allocate the program's
 * slots once per plan.
 */
final class Plan {
    final int[][] inputShapes;
    final int[][] shapes;   // by slot
    final Program program;

    Plan(OnnxModel model, int[][] inputShapes) throws OnnxFormatException {
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
                if (given[d] < 0) {
                    throw new IllegalArgumentException("input " + model.inputName(i) + ": dimension " + d + " of "
                            + Arrays.toString(given) + " is negative");
                }
                if (declared[d] >= 0 && given[d] != declared[d]) {
                    throw new OnnxFormatException("input " + model.inputName(i) + ": shape " + Arrays.toString(given)
                            + " does not match " + Arrays.toString(declared));
                }
            }
            Shapes.size(given, "input " + model.inputName(i));
            this.inputShapes[i] = given.clone();
            shapes[model.inputSlots[i]] = this.inputShapes[i];
        }
        Step[] steps = new Step[model.ops.length];
        for (int k = 0; k < steps.length; k++) {
            Op op = model.ops[k];
            steps[k] = op.plan(shapes);
            Shapes.size(shapes[op.out], op.where);
        }
        boolean[] computed = new boolean[model.slotCount];
        for (Op op : model.ops) computed[op.out] = true;
        // Slots in the model's order: constants shared, inputs set per run, computed values sized here; a value
        // fused away (a Gemm's output read only by its Relu) and integer constants (shapes) hold nothing.
        Program.Builder p = new Program.Builder();
        for (int s = 0; s < model.slotCount; s++) {
            if (model.constants[s] != null) {
                p.constant(model.constants[s]);
            } else if (computed[s]) {
                p.computed(Shapes.size(shapes[s], "value " + s));
            } else {
                p.input();
            }
        }
        for (Step step : steps) p.step(step);
        program = p.build();
    }

    /** Null shapes named: "inputShapes[i] is null". */
    static void checkShapesArgument(int[][] shapes) {
        dev.lanes.args.Args.noNulls("inputShapes", shapes);
    }

    /**
     * Checks that a session's buffers for this plan fit {@code limit} bytes, before any is allocated.
     *
     * @throws dev.lanes.infer.MemoryLimitException naming the bytes, the buffers and the largest value
     */
    void checkMemory(OnnxModel model, long limit) {
        int largest = program.largestSlot();
        MemoryLimit.check(program.bytes(1), limit, "a session for input shapes " + Arrays.deepToString(inputShapes),
                largest < 0 ? "" : "the largest buffer is value '" + model.slotNames[largest] + "' of shape "
                        + Arrays.toString(shapes[largest]) + ", " + MemoryLimit.format(4L * program.size(largest)));
    }

    boolean matches(int[][] given) {
        if (given.length != inputShapes.length) return false;
        for (int i = 0; i < given.length; i++) if (!Arrays.equals(given[i], inputShapes[i])) return false;
        return true;
    }
}
