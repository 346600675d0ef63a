package dev.lanes.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table. Columns after the first are right-aligned: they hold numbers, and
 * right alignment lines up their digits.
 */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final int leftColumns;

    /**
     * @param leftColumns how many leading columns hold labels (left-aligned)
     * @param header      the column titles
     */
    MarkdownTable(int leftColumns, List<String> header) {
        this.leftColumns = leftColumns;
        this.header = List.copyOf(header);
    }

    MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i < leftColumns ? "---" : "---:");
        }
        line(out, rule);
        for (List<String> r : rows) {
            line(out, r);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String c : cells) {
            out.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }
}
