/**
 * Optimizers (SGD, momentum, Nesterov, Adagrad, RMSProp, Adam, AdamW), each one allocation-free loop over the
 * flat arrays of a {@link dev.lanes.nn.Parameters} store, their saved state for checkpoints
 * ({@link dev.lanes.optim.OptimizerState}) and learning-rate {@link dev.lanes.optim.Schedules}.
 */
package dev.lanes.optim;
