package dev.lanes.bench.report;

import java.util.Locale;

/**
 * Number formats shared by the tables, so one quantity reads the same everywhere. Three significant digits:
 * the spread between runs on a shared machine is rarely below 1 %, so more would be noise.
 */
final class Fmt {

    /** Marks a spread taken within one fork; explained under each table that shows one. */
    static final String WITHIN_FORK = "†";
    /** Marks a ratio of rows from different input files. */
    static final String CROSS_RUN = "‡";
    static final String NONE = "—";

    private Fmt() {}

    /** Three significant digits, no exponent: 0.0123, 1.23, 12.3, 123, 12345. "—" for NaN. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        if (v == 0) {
            return "0";
        }
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(Math.abs(v))));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }

    /** "±4.1 %" with the within-fork mark, or "± ?" when unknown. */
    static String spread(Spread s) {
        if (!s.known()) {
            return "± ?";
        }
        return String.format(Locale.ROOT, "±%.1f %%", 100 * s.relative()) + (s.withinFork() ? WITHIN_FORK : "");
    }

    /** "5.63× ±4.1 %", with the cross-run mark when it applies. */
    static String ratio(Ratio r) {
        if (r == null) {
            return NONE;
        }
        return num(r.value()) + "× " + spread(r.spread()) + (r.crossRun() ? CROSS_RUN : "");
    }

    /** Bytes per call: two decimals, so JMH's few hundredths of infrastructure show as 0.0x; "—" when absent. */
    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return NONE;
        }
        return b >= 100 ? String.format(Locale.ROOT, "%.0f", b) : String.format(Locale.ROOT, "%.2f", b);
    }

    /** A percentage with one decimal below 10 %, none above. */
    static String percent(double fraction) {
        double p = 100 * fraction;
        return String.format(Locale.ROOT, p < 10 ? "%.1f %%" : "%.0f %%", p);
    }

    /** A target threshold as written: 5, 0.95, 15. */
    static String goal(double g) {
        return g == Math.rint(g) ? String.valueOf((long) g) : String.valueOf(g);
    }

    /** The footnotes for the marks that {@code table} uses, one paragraph each; "" when it uses none. */
    static String legend(String table) {
        StringBuilder out = new StringBuilder();
        if (table.contains(WITHIN_FORK)) {
            out.append(WITHIN_FORK).append(" One fork: spread across that fork's iterations, which understates "
                    + "the variation between runs.\n\n");
        }
        if (table.contains(CROSS_RUN)) {
            out.append(CROSS_RUN).append(" The two rows of this ratio come from different input files, hence "
                    + "different JMH runs.\n\n");
        }
        return out.toString();
    }
}
