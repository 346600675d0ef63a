package dev.lanes.bench;

import dev.lanes.data.Dataset;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adam;
import dev.lanes.train.EpochReport;
import dev.lanes.train.Training;
import dev.lanes.train.TrainingListener;
import java.util.Arrays;

/**
 * What two cores give one training run, measured against what they give two: epochs of the Fashion-MNIST
 * study's network (784-128-10, Adam, batch 64, 60 000 rows of that shape, synthetic) run through
 * {@code Training.fit} in rounds of four, back to back in one JVM: one thread; two threads (one run split
 * across the cores); two independent one-thread runs at once, one per core; one thread again. On a shared
 * machine the cores' speed moves from minute to minute, so each round's ratios are taken within the round:
 * <ul>
 *   <li>two threads / one: the epoch time of one thread (the mean of the round's two) over the split run's;</li>
 *   <li>two runs at once / one: the throughput of the two independent runs over one thread's: what the two
 *       cores give work that shares nothing;</li>
 *   <li>the even split's ceiling: 2 × one thread's time over the slower of the two runs at once. A run split
 *       in halves waits at every hand-over for the half on the slower core, so it cannot beat this, whatever
 *       its hand-overs cost.</li>
 * </ul>
 * A round where the ceiling falls well short of 2 had a core that ran slower, or was taken away in slices,
 * while the other ran. Not JMH (it alternates configurations within
 * one JVM, which JMH's forks cannot); it warms up for {@code warmRounds} rounds before it reports.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.lanes.bench.TwoCores
 * [rounds] [warmRounds]} (defaults 10 and 3).
 */
public final class TwoCores {

    private static final int ROWS = 60_000;
    private static final int WIDTH = 784;
    private static final int CLASSES = 10;
    private static final int BATCH = 64;

    private TwoCores() {}

    public static void main(String[] args) throws InterruptedException {
        int rounds = args.length > 0 ? count("rounds", args[0], 1) : 10;
        int warmRounds = args.length > 1 ? count("warmRounds", args[1], 0) : 3;
        Dataset set = Inputs.classes("synthetic", ROWS, WIDTH, CLASSES, 7);
        Sequential a = network(1);
        Sequential b = network(2);
        System.out.println("one Fashion-MNIST-shaped epoch (784-128-10, Adam, batch 64, 60 000 rows) per run; "
                + Runtime.getRuntime().availableProcessors() + " cores; " + dev.lanes.kernels.Kernels.describe());
        double[] split = new double[rounds];
        double[] pair = new double[rounds];
        double[] ceiling = new double[rounds];
        for (int round = -warmRounds; round < rounds; round++) {
            double one = epoch(a, set, 1);
            double two = epoch(a, set, 2);
            double[] both = pairOfEpochs(a, b, set);
            double oneAgain = epoch(a, set, 1);
            double single = (one + oneAgain) / 2;
            if (round < 0) {
                continue;
            }
            split[round] = single / two;
            pair[round] = single * (1 / both[0] + 1 / both[1]);
            ceiling[round] = 2 * single / Math.max(both[0], both[1]);
            System.out.printf("round %2d: one thread %.3f s, %.3f s; two threads %.3f s (%.2fx); two runs at once"
                    + " %.3f s and %.3f s (%.2fx; even split's ceiling %.2fx)%n", round + 1, one, oneAgain, two,
                    split[round], both[0], both[1], pair[round], ceiling[round]);
        }
        System.out.printf("median over %d rounds: two threads / one %.2fx; two runs at once / one %.2fx; even"
                + " split's ceiling %.2fx%n", rounds, median(split), median(pair), median(ceiling));
    }

    /** The argument {@code text} as an int ≥ {@code least}, or a message that names it. */
    static int count(String name, String text, int least) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + text + "'");
        }
        if (value < least) {
            throw new IllegalArgumentException(name + " must be at least " + least + ", got " + value);
        }
        return value;
    }

    private static Sequential network(long seed) {
        return Sequential.of(BATCH, seed, new Dense(WIDTH, 128), new Relu(128), new Dense(128, CLASSES));
    }

    /** One epoch of {@code net} on {@code threads} threads; its seconds, as the training loop timed it. */
    private static double epoch(Sequential net, Dataset set, int threads) {
        double[] seconds = new double[1];
        Training.of(net, new SoftmaxCrossEntropy(), new Adam()).batchSize(BATCH).epochs(1).threads(threads)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochReport report) {
                        seconds[0] = set.rows() / report.samplesPerSecond();
                    }
                })
                .fit(set);
        return seconds[0];
    }

    /** One one-thread epoch of each network at once, on two threads; their seconds. */
    private static double[] pairOfEpochs(Sequential a, Sequential b, Dataset set) throws InterruptedException {
        double[] seconds = new double[2];
        Thread other = new Thread(() -> seconds[1] = epoch(b, set, 1), "second-run");
        other.start();
        seconds[0] = epoch(a, set, 1);
        other.join();
        return seconds;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
