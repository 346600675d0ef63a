/**
 * Every numeric loop Lanes runs, on flat row-major {@code float[]} data. {@link dev.lanes.kernels.Kernels} is
 * the entry point: it validates arguments once and delegates to the implementation chosen at start-up (the
 * Vector-API one from {@code lanes-simd} where it runs well, else {@link dev.lanes.kernels.ScalarKernels}).
 * {@link dev.lanes.kernels.KernelSupport} is the contract both implement, with the argument conventions and
 * the numeric semantics (NaN, −0.0, overflow, error bounds) they share.
 */
package dev.lanes.kernels;
