package dev.lanes.bench;

import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;

/** The networks the network benchmarks run, by name: the course's spiral net and an MNIST-sized MLP. */
final class Networks {

    private Networks() {}

    /**
     * {@code spiral}: 2-100-3 with ReLU (CS231n's spiral classifier); {@code mlp}: 784-128-10 with ReLU (an
     * MNIST-sized classifier). Weights from a fixed seed.
     */
    static Sequential build(String name, int maxBatch) {
        return switch (name) {
            case "spiral" -> Sequential.of(maxBatch, 7L, new Dense(2, 100), new Relu(100), new Dense(100, 3));
            case "mlp" -> Sequential.of(maxBatch, 7L, new Dense(784, 128), new Relu(128), new Dense(128, 10));
            default -> throw new IllegalArgumentException("unknown network " + name + "; use spiral or mlp");
        };
    }
}
