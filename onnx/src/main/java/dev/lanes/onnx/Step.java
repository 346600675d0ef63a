package dev.lanes.onnx;

/** One planned operator for fixed shapes: reads and writes the session's value slots, allocates nothing. */
@FunctionalInterface
interface Step {
    void run(float[][] slots);
}
