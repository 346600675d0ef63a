/**
 * Layers and networks: {@link dev.lanes.nn.Layer} (forward and backward side by side, backward accumulating
 * into the parameter gradients), the layers Lanes ships, {@link dev.lanes.nn.Sequential} (a chain of layers
 * with preallocated buffers), the flat {@link dev.lanes.nn.Parameters} store they all share, weight
 * initialisers ({@link dev.lanes.nn.Init}) and numerical {@link dev.lanes.nn.GradientCheck}ing for Lanes'
 * layers and your own.
 */
package dev.lanes.nn;
