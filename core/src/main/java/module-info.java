/**
 * Lanes' API: kernels (scalar implementation), tensors, layers, losses, optimizers, training, data, model files
 * and inference.
 */
module dev.lanes.core {
    uses dev.lanes.kernels.KernelSupportProvider;

    // Argument checks shared by every module's public entry points; not a user API.
    exports dev.lanes.args to dev.lanes.onnx, dev.lanes.cli;
    exports dev.lanes.data;
    exports dev.lanes.infer;
    // The inference engine both front ends compile to; not a user API.
    exports dev.lanes.infer.engine to dev.lanes.onnx;
    exports dev.lanes.io;
    exports dev.lanes.kernels;
    exports dev.lanes.loss;
    exports dev.lanes.nn;
    exports dev.lanes.optim;
    // The team of training threads and the one-thread-at-a-time guard of sessions; not a user API.
    exports dev.lanes.parallel to dev.lanes.onnx;
    exports dev.lanes.random;
    exports dev.lanes.tensor;
    exports dev.lanes.train;
}
