/**
 * Trained models and running them: {@link dev.lanes.infer.Model} (an immutable snapshot of a network, read
 * from and written to the model file format of docs/model-format.md, validated completely on load), its
 * per-thread {@link dev.lanes.infer.Session}s that predict without allocating, training
 * {@link dev.lanes.infer.Checkpoint}s that resume a run bit for bit, and the {@link dev.lanes.infer.MemoryLimit}
 * every session's buffers are checked against before they are allocated.
 */
package dev.lanes.infer;
