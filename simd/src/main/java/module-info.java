/** Lanes' kernels on the Vector API; loads without {@code jdk.incubator.vector} and then offers nothing. */
module dev.lanes.simd {
    requires dev.lanes.core;
    requires static jdk.incubator.vector;

    provides dev.lanes.kernels.KernelSupportProvider with dev.lanes.kernels.simd.SimdKernelsProvider;
}
