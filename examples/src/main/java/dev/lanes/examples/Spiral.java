package dev.lanes.examples;

import dev.lanes.data.Dataset;
import dev.lanes.data.Generators;
import dev.lanes.kernels.Kernels;
import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Sgd;
import dev.lanes.train.EpochReport;
import dev.lanes.train.Training;
import dev.lanes.train.TrainingListener;
import dev.lanes.train.TrainingResult;

/**
 * The CS231n spiral classifier end to end: 3 classes × 100 points, a 2-100-3 ReLU network, softmax
 * cross-entropy with L2 1e-3, mini-batch SGD. Prints progress every 50 epochs and the final training
 * accuracy and time. The same settings are asserted (≥ 98 %) by LearningTest in property-tests.
 */
public final class Spiral {

    private Spiral() {}

    public static void main(String[] args) {
        Dataset spiral = Generators.spiral(3, 100, 0.2, 0);
        Sequential net = Sequential.of(30, 1L, new Dense(2, 100), new Relu(100), new Dense(100, 3));
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onEpoch(EpochReport report) {
                if ((report.epoch() + 1) % 50 == 0) {
                    System.out.println(report);
                }
            }
        };
        TrainingResult result = Training.of(net, new SoftmaxCrossEntropy(), new Sgd())
                .batchSize(30).epochs(300).learningRate(0.5f).regularizer(new L2Regularization(1e-3f)).seed(1)
                .listener(progress)
                .fit(spiral);
        System.out.printf("spiral: training accuracy %.1f %% (%d rows), loss %.4f, %d steps in %.2f s%n",
                100 * result.finalTrain().accuracy(), result.finalTrain().rows(), result.finalTrain().loss(),
                result.steps(), result.seconds());
        System.out.println(Kernels.describe());
    }
}
