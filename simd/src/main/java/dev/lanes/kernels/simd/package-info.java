/**
 * The Vector-API implementation of {@link dev.lanes.kernels.KernelSupport}. Not exported: the module provides
 * {@link dev.lanes.kernels.simd.SimdKernelsProvider} as a {@link dev.lanes.kernels.KernelSupportProvider}
 * service, and {@link dev.lanes.kernels.Kernels} picks it at start-up when the JVM can run it well. Users call
 * {@link dev.lanes.kernels.Kernels}, never these classes.
 */
package dev.lanes.kernels.simd;
