/**
 * Data sets: {@link dev.lanes.data.Dataset} (rows of features with a class label or target values per row,
 * validated once, gathered into preallocated {@link dev.lanes.data.Batch}es), the CSV and IDX (MNIST family)
 * loaders, synthetic sets ({@link dev.lanes.data.Generators}) and feature
 * {@link dev.lanes.data.Standardization}. Malformed input is a {@link dev.lanes.data.DataFormatException}
 * naming where the problem is.
 */
package dev.lanes.data;
