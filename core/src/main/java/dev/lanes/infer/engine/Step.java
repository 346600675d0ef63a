package dev.lanes.infer.engine;

/**
 * One compiled step of a {@link Program}: reads some slots, writes one, allocates nothing.
 *
 * <p>{@code rows} is how many units the run covers. Every size a step was compiled with is per unit: a Lanes
 * model is compiled per batch row, so a run of 32 rows covers 32 units; an ONNX graph is compiled for whole
 * input shapes, so its runs cover one unit and its own steps (broadcasts, transposes, reshapes) read their
 * sizes from the plan alone.
 */
@FunctionalInterface
public interface Step {
    /**
     * Runs the step.
     *
     * @param slots the session's slots, by index: it reads its input slots and writes its output slot
     * @param rows  the units this run covers, ≥ 1
     */
    void run(float[][] slots, int rows);
}
