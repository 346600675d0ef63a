/**
 * {@link dev.lanes.tensor.Tensor}: a row-major matrix over a flat {@code float[]} with an offset, whose views
 * share the array, in the layout every kernel and layer takes.
 */
package dev.lanes.tensor;
