package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.loss.Targets;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adam;

/**
 * What fusing the zeroing of the gradients into backward ({@code Sequential.zeroGradientsAndBackward}) saves
 * a training step, on one thread and two: 784-128-10 at batch 64 on a fixed batch (forward, softmax
 * cross-entropy, backward, Adam), with {@code zeroGradients} then {@code backward} ("separate") and with the
 * fused call ("fused"), in rounds that alternate the four cases within one JVM. The cores' speed moves from
 * minute to minute on a shared machine, and JMH's forks run one configuration after another, so its ratios
 * mix minutes; here each round's four cases run within a second. Prints each round's µs per step and the
 * median over rounds of each case and of fused / separate.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.lanes.bench.FusedZeroing [rounds] [warmRounds]} (defaults 15 and 3).
 */
public final class FusedZeroing {

    private static final int BATCH = 64;
    private static final int STEPS = 1500;
    private static final String[] CASES = {"separate, 1 thread", "fused, 1 thread", "separate, 2 threads",
        "fused, 2 threads"};

    private FusedZeroing() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? TwoCores.count("rounds", args[0], 1) : 15;
        int warmRounds = args.length > 1 ? TwoCores.count("warmRounds", args[1], 0) : 3;
        Sequential net = Networks.build("mlp", BATCH, false);
        float[] x = Inputs.uniform(BATCH * net.inputWidth(), -1f, 1f, 11);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = i % net.outputWidth();
        }
        Targets targets = Targets.classes(labels, net.outputWidth());
        float[] dLogits = new float[BATCH * net.outputWidth()];
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Adam adam = new Adam();
        System.out.println("784-128-10, batch 64, " + STEPS + " steps per case per round; "
                + Runtime.getRuntime().availableProcessors() + " cores; " + Kernels.describe());
        double[][] micros = new double[CASES.length][rounds];
        for (int round = -warmRounds; round < rounds; round++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < CASES.length; c++) {
                net.threads(c < 2 ? 1 : 2);
                boolean fused = c % 2 == 1;
                long start = System.nanoTime();
                for (int s = 0; s < STEPS; s++) {
                    float[] logits = net.forward(x, BATCH, true);
                    loss.forwardBackward(dLogits, logits, targets, BATCH, net.outputWidth());
                    if (fused) {
                        net.zeroGradientsAndBackward(dLogits, BATCH);
                    } else {
                        net.parameters().zeroGradients();
                        net.backward(dLogits, BATCH);
                    }
                    adam.step(net.parameters(), 1e-4f);
                }
                double perStep = (System.nanoTime() - start) / 1e3 / STEPS;
                if (round >= 0) {
                    micros[c][round] = perStep;
                }
                line.append(String.format("%s %.1f µs%s", CASES[c], perStep, c + 1 < CASES.length ? "; " : ""));
            }
            if (round >= 0) {
                System.out.printf("round %2d: %s%n", round + 1, line);
            }
        }
        net.threads(1);
        System.out.printf("medians over %d rounds (µs per step): %s %.1f, %s %.1f, %s %.1f, %s %.1f%n", rounds,
                CASES[0], TwoCores.median(micros[0]), CASES[1], TwoCores.median(micros[1]), CASES[2],
                TwoCores.median(micros[2]), CASES[3], TwoCores.median(micros[3]));
        double[] one = new double[rounds];
        double[] two = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            one[r] = micros[0][r] / micros[1][r];
            two[r] = micros[2][r] / micros[3][r];
        }
        System.out.printf("separate / fused, median of the rounds' ratios: %.2fx on 1 thread, %.2fx on 2 threads%n",
                TwoCores.median(one), TwoCores.median(two));
    }
}
