/**
 * Losses on a network's output, each the mean over the batch rows of a per-row loss and each writing its
 * gradient in the same call ({@link dev.lanes.loss.Loss}); the {@link dev.lanes.loss.Targets} they are measured
 * against; and {@link dev.lanes.loss.L2Regularization}, the weight penalty a training loop adds.
 */
package dev.lanes.loss;
