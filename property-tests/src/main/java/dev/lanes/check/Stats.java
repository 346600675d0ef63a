package dev.lanes.check;

import java.util.Map;
import java.util.TreeMap;

/**
 * How the cases of one property were distributed: each label is counted once per case. {@link #report()}
 * prints e.g. {@code "dot: 200 cases; has NaN 11%, n=0 8%, n multiple of 8 21%"}, and a test can insist on a
 * minimum share with {@link #assertAtLeast}, so a generator that silently stops producing NaN or lane tails
 * is caught.
 */
public final class Stats {

    private final String property;
    private final Map<String, Integer> counts = new TreeMap<>();
    private int cases;

    Stats(String property) {
        this.property = property;
    }

    void count(Iterable<String> labels) {
        cases++;
        for (String label : labels) {
            counts.merge(label, 1, Integer::sum);
        }
    }

    public int cases() {
        return cases;
    }

    /** The share of cases carrying {@code label}, in percent (0 when there were no cases). */
    public double percent(String label) {
        return cases == 0 ? 0 : 100.0 * counts.getOrDefault(label, 0) / cases;
    }

    /** Fails unless at least {@code minPercent} % of the cases carry {@code label}. */
    public Stats assertAtLeast(String label, double minPercent) {
        if (percent(label) < minPercent) {
            throw new AssertionError(property + ": only " + String.format("%.1f", percent(label)) + "% of cases are '"
                    + label + "', expected at least " + minPercent + "%; " + report());
        }
        return this;
    }

    public String report() {
        StringBuilder s = new StringBuilder(property).append(": ").append(cases).append(" cases");
        String sep = "; ";
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            s.append(sep).append(e.getKey()).append(' ')
                    .append(Math.round(100.0 * e.getValue() / cases)).append('%');
            sep = ", ";
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}
