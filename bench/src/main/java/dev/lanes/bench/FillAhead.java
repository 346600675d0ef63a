package dev.lanes.bench;

import dev.lanes.data.Batch;
import dev.lanes.data.Dataset;
import dev.lanes.kernels.Kernels;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adam;
import java.util.Random;

/**
 * Where a two-thread training step best copies its batch: 784-128-10 at batch 64, each step gathering 64
 * shuffled rows of a 60 000 × 784 set (synthetic) and running forward, softmax cross-entropy, the fused
 * zeroing and backward, and Adam, as {@code Training.fit} does. Three cases alternate within one JVM, in
 * rounds: one thread; two threads with each thread copying the columns it multiplies at the start of the
 * step ({@code Sequential.fillInput}, "split"); two threads with the helper copying the next step's rows
 * while the caller runs the loss and the layers it runs alone ({@code Sequential.fillInputAhead}, "ahead",
 * into a second batch). Each round's ratios are taken within the round (the cores' speed moves from minute
 * to minute on a shared machine); prints each round's µs per step and the medians.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * dev.lanes.bench.FillAhead [rounds] [warmRounds]} (defaults 15 and 3).
 */
public final class FillAhead {

    private static final int ROWS = 60_000;
    private static final int BATCH = 64;
    private static final int STEPS = 1500;
    private static final String[] CASES = {"1 thread", "2 threads, split", "2 threads, ahead"};

    private final Dataset set;
    private final Sequential net;
    private final Batch[] batches;
    private final int[] order;
    private final float[] dLogits;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final Adam adam = new Adam();
    private int at;           // where in order the next step's rows start
    private int current;      // this step's batch
    private boolean filledAhead;
    private int fillFrom;
    private Batch aheadBatch;
    private int aheadFrom;
    private final Sequential.InputColumns fill = this::fill;
    private final Sequential.InputColumns fillAhead = this::fillAhead;

    private FillAhead() {
        net = Networks.build("mlp", BATCH, false);
        set = Inputs.classes("synthetic", ROWS, net.inputWidth(), net.outputWidth(), 7);
        batches = new Batch[] {set.newBatch(BATCH), set.newBatch(BATCH)};
        order = new int[ROWS - ROWS % BATCH];
        Random random = new Random(3);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        dLogits = new float[BATCH * net.outputWidth()];
    }

    private void fill(int c0, int c1) {
        set.gatherColumns(batches[current], order, fillFrom, BATCH, c0, c1);
        int next = (fillFrom + BATCH) % order.length;
        set.prefetchColumns(order, next, BATCH, c0, c1);
    }

    private void fillAhead(int c0, int c1) {
        set.gatherColumns(aheadBatch, order, aheadFrom, BATCH, c0, c1);
    }

    private void step(boolean ahead) {
        Batch batch = batches[current];
        set.gatherTargets(batch, order, at, BATCH);
        if (filledAhead) {
            net.awaitInputAhead();
        } else {
            fillFrom = at;
            net.fillInput(fill);
        }
        at = (at + BATCH) % order.length;
        filledAhead = ahead;
        if (ahead) {
            aheadBatch = batches[current ^ 1];
            aheadFrom = at;
            net.fillInputAhead(fillAhead);
        }
        float[] logits = net.forward(batch.features(), BATCH, true);
        loss.forwardBackward(dLogits, logits, batch.targets(), BATCH, net.outputWidth());
        net.zeroGradientsAndBackward(dLogits, BATCH);
        adam.step(net.parameters(), 1e-4f);
        if (ahead) {
            current ^= 1;
        }
    }

    private double steps(int threads, boolean ahead) {
        net.threads(threads);
        long start = System.nanoTime();
        for (int s = 0; s < STEPS; s++) {
            step(ahead);
        }
        net.awaitInputAhead();
        filledAhead = false;
        return (System.nanoTime() - start) / 1e3 / STEPS;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? TwoCores.count("rounds", args[0], 1) : 15;
        int warmRounds = args.length > 1 ? TwoCores.count("warmRounds", args[1], 0) : 3;
        FillAhead b = new FillAhead();
        System.out.println("784-128-10, batch 64 gathered from 60 000 rows, " + STEPS + " steps per case per round; "
                + Runtime.getRuntime().availableProcessors() + " cores; " + Kernels.describe());
        double[][] micros = new double[CASES.length][rounds];
        for (int round = -warmRounds; round < rounds; round++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < CASES.length; c++) {
                double perStep = b.steps(c == 0 ? 1 : 2, c == 2);
                if (round >= 0) {
                    micros[c][round] = perStep;
                }
                line.append(String.format("%s %.1f µs%s", CASES[c], perStep, c + 1 < CASES.length ? "; " : ""));
            }
            if (round >= 0) {
                System.out.printf("round %2d: %s%n", round + 1, line);
            }
        }
        b.net.threads(1);
        double[] split = new double[rounds];
        double[] ahead = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            split[r] = micros[0][r] / micros[1][r];
            ahead[r] = micros[0][r] / micros[2][r];
        }
        System.out.printf("medians over %d rounds (µs per step): %s %.1f, %s %.1f, %s %.1f%n", rounds, CASES[0],
                TwoCores.median(micros[0]), CASES[1], TwoCores.median(micros[1]), CASES[2],
                TwoCores.median(micros[2]));
        System.out.printf("one thread / two, median of the rounds' ratios: split %.2fx, ahead %.2fx%n",
                TwoCores.median(split), TwoCores.median(ahead));
    }
}
