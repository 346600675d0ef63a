package dev.lanes.train;

/**
 * A model's mean loss over a dataset and, for classification, its accuracy (fraction of rows whose largest
 * output is the label; NaN for regression).
 */
public record Evaluation(double loss, double accuracy, int rows) {}
