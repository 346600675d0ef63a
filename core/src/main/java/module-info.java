module dev.lanes.core {
    uses dev.lanes.kernels.KernelSupportProvider;

    exports dev.lanes.kernels;
}
