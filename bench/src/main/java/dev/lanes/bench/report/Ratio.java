package dev.lanes.bench.report;

/**
 * A speed ratio between two rows, always "slower time / faster candidate's time": peer time / Lanes time, or
 * scalar time / SIMD time, so above 1 means the second row is faster.
 *
 * @param value    numerator time / denominator time
 * @param spread   the sum of both rows' relative spreads
 * @param crossRun whether the two rows came from different input files, hence different JMH runs
 */
record Ratio(double value, Spread spread, boolean crossRun) {

    /** {@code numerator.nanos / denominator.nanos}. */
    static Ratio of(Measurement numerator, Measurement denominator) {
        return new Ratio(numerator.nanos() / denominator.nanos(), numerator.spread().plus(denominator.spread()),
                !numerator.source().equals(denominator.source()));
    }

    /** Whether {@code x} lies within value ± value·spread; false when the spread is unknown. */
    boolean includes(double x) {
        return spread.known() && Math.abs(x - value) <= value * spread.relative();
    }
}
