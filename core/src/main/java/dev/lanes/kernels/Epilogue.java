package dev.lanes.kernels;

/**
 * What {@link KernelSupport#gemmPacked} applies to each element of A·B + bias before it stores it, while the
 * tile is still in registers: one pass over the output instead of three (GEMM, bias, activation).
 */
public enum Epilogue {
    /** The element as it is. */
    NONE,
    /** {@code Math.max(x, 0)}: NaN stays NaN, −0.0 becomes +0.0, exactly as {@link KernelSupport#relu}. */
    RELU
}
