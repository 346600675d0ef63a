package dev.lanes.train;

import dev.lanes.data.Batch;
import dev.lanes.data.Dataset;
import dev.lanes.kernels.Kernels;
import dev.lanes.loss.Loss;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Sequential;

/**
 * Measures a network on whole datasets in inference mode, in chunks of the network's largest batch, through
 * buffers allocated once, so the per-epoch evaluations of a training run allocate nothing themselves.
 * Uses the network's own activation buffers: not while another thread trains or runs it.
 */
final class Evaluator {

    private final Sequential net;
    private final Loss loss;
    private Batch batch;
    private final int[] predicted;

    Evaluator(Sequential net, Loss loss) {
        this.net = net;
        this.loss = loss;
        this.predicted = new int[net.maxBatch()];
    }

    /** Mean loss and accuracy (NaN for regression) of the network on every row of {@code data}. */
    Evaluation evaluate(Dataset data) {
        double lossSum = 0;
        long correct = 0;
        int width = net.outputWidth();
        if (batch == null) {
            batch = data.newBatch(net.maxBatch());
        }
        for (int from = 0; from < data.rows(); from += batch.capacity()) {
            int count = Math.min(batch.capacity(), data.rows() - from);
            data.gatherRange(batch, from, count);
            float[] out = net.forward(batch.features(), count, false);
            lossSum += (double) loss.forward(out, batch.targets(), count, width) * count;
            if (data.kind() == Targets.Kind.CLASSES) {
                correct += countCorrect(predicted, out, batch.targets().labels(), count, width);
            }
        }
        double accuracy = data.kind() == Targets.Kind.CLASSES ? (double) correct / data.rows() : Double.NaN;
        return new Evaluation(lossSum / data.rows(), accuracy, data.rows());
    }

    /** Rows of {@code out: (count, width)} whose argmax equals the label; {@code predicted} is scratch. */
    static int countCorrect(int[] predicted, float[] out, int[] labels, int count, int width) {
        Kernels.argmaxRows(predicted, 0, out, 0, width, count, width);
        int correct = 0;
        for (int i = 0; i < count; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct;
    }
}
