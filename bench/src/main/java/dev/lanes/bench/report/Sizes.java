package dev.lanes.bench.report;

import dev.lanes.bench.DerivedUnits;

/**
 * Elements per call of a kernel benchmark, from its one size parameter: {@code n}, or the product of
 * {@code shape} ("ROWSxCOLS") or {@code layer} ("MxUNITSxK"), counted by {@link DerivedUnits#elements}.
 */
final class Sizes {

    private static final String[] KEYS = {"n", "shape", "layer"};

    private Sizes() {}

    /** Elements per call, or −1 when the row has none of the size parameters or one that is not a number. */
    static long elements(Measurement m) {
        return DerivedUnits.elements(m::param);
    }

    /** "n = 1024", "shape 32x10", "layer 32x64x2", or every parameter when none of those is present. */
    static String label(Measurement m) {
        if (m.param("n") != null) {
            return "n = " + m.param("n");
        }
        for (String key : KEYS) {
            if (m.param(key) != null) {
                return key + " " + m.param(key);
            }
        }
        return m.params().toString();
    }

    /** Whether the size is the plain {@code n} parameter (the speed-up chart's x axis). */
    static boolean byN(Measurement m) {
        return m.param("n") != null;
    }
}
