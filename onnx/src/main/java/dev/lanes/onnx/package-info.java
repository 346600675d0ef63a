/**
 * ONNX import and export. {@link dev.lanes.onnx.OnnxModel#load} reads a graph of the supported operators
 * (docs/onnx.md), checks it completely (structure, shapes, memory at batch 1) and compiles it onto Lanes'
 * inference engine; an {@link dev.lanes.onnx.OnnxSession} runs it on one thread over buffers planned once per
 * set of input shapes. {@link dev.lanes.onnx.OnnxExport} writes a Lanes {@link dev.lanes.infer.Model} as ONNX.
 * Every problem with a file is an {@link dev.lanes.onnx.OnnxFormatException}.
 */
package dev.lanes.onnx;
