package dev.lanes.check;

/** Compact printing of cases for failure messages; floats are printed so that they parse back exactly. */
public final class Show {

    /** At most this many values per row are printed; longer rows show their head and tail. */
    static final int MAX_SHOWN = 24;

    private Show() {}

    static String window(float[] a, int off, int ld, int rows, int cols) {
        StringBuilder s = new StringBuilder("[");
        int shownRows = Math.min(rows, 8);
        for (int i = 0; i < shownRows; i++) {
            if (i > 0) {
                s.append("; ");
            }
            row(s, a, off + i * ld, cols);
        }
        if (rows > shownRows) {
            s.append("; … ").append(rows - shownRows).append(" more rows");
        }
        return s.append(']').toString();
    }

    private static void row(StringBuilder s, float[] a, int start, int n) {
        for (int j = 0; j < n; j++) {
            if (n > MAX_SHOWN && j == MAX_SHOWN - 8) {
                s.append("… ").append(n - MAX_SHOWN).append(" more …, ");
                j = n - 8;
            }
            s.append(value(a[start + j]));
            if (j < n - 1) {
                s.append(", ");
            }
        }
    }

    /** A float as Java would parse it back, naming NaN payloads and −0.0 explicitly. */
    public static String value(float v) {
        if (Float.isNaN(v)) {
            int bits = Float.floatToRawIntBits(v);
            return bits == Float.floatToRawIntBits(Float.NaN) ? "NaN" : String.format("NaN(0x%08x)", bits);
        }
        return v + "f";
    }
}
