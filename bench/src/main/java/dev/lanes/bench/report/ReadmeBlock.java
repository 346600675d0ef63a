package dev.lanes.bench.report;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generated part of the README: everything between the lines {@code <!-- study:begin -->} and
 * {@code <!-- study:end -->}. Text outside the markers, the marker lines included, is kept byte for byte.
 */
final class ReadmeBlock {

    static final String BEGIN = "<!-- study:begin -->";
    static final String END = "<!-- study:end -->";

    private ReadmeBlock() {}

    /**
     * {@code text} with the lines between the markers replaced by {@code block}.
     *
     * @param block the new content, lines ending in "\n" (converted to the text's own line ending)
     * @param file  named in the error message
     * @throws ReportException when either marker is missing, appears more than once, or the end comes first
     */
    static String replace(String text, String block, Path file) {
        int begin = markerLine(text, BEGIN, file);
        int end = markerLine(text, END, file);
        if (end < begin) {
            throw new ReportException(file + ": " + END + " comes before " + BEGIN);
        }
        int afterBegin = text.indexOf('\n', begin) + 1;
        String newline = afterBegin >= 2 && text.charAt(afterBegin - 2) == '\r' ? "\r\n" : "\n";
        String body = block.replace("\r\n", "\n").replace("\n", newline);
        return text.substring(0, afterBegin) + body + text.substring(end);
    }

    static String read(Path readme) throws IOException {
        try {
            return Files.readString(readme);
        } catch (MalformedInputException e) {
            throw new ReportException(readme + ": not UTF-8 text; cannot replace its study block safely", e);
        }
    }

    /** The offset where the only line consisting of {@code marker} (surrounding blanks allowed) starts. */
    private static int markerLine(String text, String marker, Path file) {
        int found = -1;
        int count = 0;
        int start = 0;
        while (start < text.length()) {
            int eol = text.indexOf('\n', start);
            int next = eol < 0 ? text.length() : eol + 1;
            if (text.substring(start, eol < 0 ? text.length() : eol).strip().equals(marker)) {
                found = start;
                count++;
            }
            start = next;
        }
        if (count == 0) {
            throw new ReportException(file + ": no line " + marker + "; add the lines " + BEGIN + " and " + END
                    + " where the study's headline table should go");
        }
        if (count > 1) {
            throw new ReportException(file + ": " + count + " lines " + marker + "; there must be exactly one");
        }
        return found;
    }
}
