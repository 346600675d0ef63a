/**
 * The inference engine both front ends compile to: a {@link dev.lanes.infer.engine.Program} of value slots and
 * the {@link dev.lanes.infer.engine.Step}s that fill them, run by sessions over buffers sized once. Exported
 * to {@code dev.lanes.onnx} only; not a user API.
 */
package dev.lanes.infer.engine;
