/**
 * Training and measuring: {@link dev.lanes.train.Training} (mini-batch training of a
 * {@link dev.lanes.nn.Sequential}, configured by a builder, with early stopping and checkpoints), what a run
 * reports ({@link dev.lanes.train.EpochReport}, {@link dev.lanes.train.TrainingResult}, a
 * {@link dev.lanes.train.TrainingListener} for events), and what a trained network predicts and scores
 * ({@link dev.lanes.train.Predictions}, {@link dev.lanes.train.Evaluation},
 * {@link dev.lanes.train.ClassificationReport} with its {@link dev.lanes.train.ConfusionMatrix}).
 */
package dev.lanes.train;
