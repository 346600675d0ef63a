package dev.lanes.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * How far repeated measurements of one benchmark row disagree, relative to their mean. Between forks when
 * there are at least two: (max − min) / mean of the per-fork means, so a JIT decision that differs between
 * JVMs shows up. With one fork the same formula over that fork's iterations, flagged {@link #withinFork()}:
 * it understates run-to-run variation. NaN when there is nothing to compare (one iteration in one fork).
 *
 * @param relative   the spread as a fraction of the mean (0.05 = 5 %), or NaN when unknown
 * @param withinFork whether it was taken across the iterations of a single fork
 */
record Spread(double relative, boolean withinFork) {

    static final Spread UNKNOWN = new Spread(Double.NaN, false);

    /** The spread of one row from JMH's rawData: one array of iteration scores per fork (any one unit). */
    static Spread of(List<double[]> forks) {
        List<double[]> measured = new ArrayList<>();
        for (double[] fork : forks) {
            if (fork.length > 0) {
                measured.add(fork);
            }
        }
        if (measured.size() >= 2) {
            double[] means = new double[measured.size()];
            for (int i = 0; i < means.length; i++) {
                means[i] = mean(measured.get(i));
            }
            return new Spread(range(means), false);
        }
        if (measured.size() == 1 && measured.get(0).length >= 2) {
            return new Spread(range(measured.get(0)), true);
        }
        return UNKNOWN;
    }

    /**
     * The spread of a quotient a / b, taken as the sum of the two relative spreads: the conservative
     * first-order bound when a and b could move in opposite directions.
     */
    Spread plus(Spread other) {
        return new Spread(relative + other.relative, withinFork || other.withinFork);
    }

    boolean known() {
        return !Double.isNaN(relative);
    }

    private static double range(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return (max - min) / mean(values);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
