/** ONNX import and export for Lanes: a checked interpreter of MLP graphs and an exporter of Lanes models. */
module dev.lanes.onnx {
    requires transitive dev.lanes.core;
    requires com.google.protobuf;

    exports dev.lanes.onnx;
    // Generated message classes; protobuf-java reads them reflectively for toString and descriptors.
    opens dev.lanes.onnx.proto to com.google.protobuf;
}
