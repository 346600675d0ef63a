/** A user's application: Lanes on the module path. */
module dev.lanes.consumer {
    requires dev.lanes.core;
    requires dev.lanes.onnx;
}
