/**
 * ONNX import and export for Lanes: MLP graphs, checked at load, compiled onto Lanes' inference engine; an
 * exporter of Lanes models.
 */
module dev.lanes.onnx {
    requires transitive dev.lanes.core;
    requires com.google.protobuf;

    exports dev.lanes.onnx;
    // Generated message classes; protobuf-java reads them reflectively for toString and descriptors.
    opens dev.lanes.onnx.proto to com.google.protobuf;
}
