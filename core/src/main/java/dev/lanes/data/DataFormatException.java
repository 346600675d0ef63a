package dev.lanes.data;

/**
 * Malformed tabular input: a ragged row, a field that is not a number, a missing label, an empty file.
 * Unchecked (an {@link IllegalArgumentException}), because bad data is a caller's input error like any other
 * bad argument, and the caller usually cannot recover except by fixing the file; I/O failures stay
 * {@link java.io.IOException}s. The message names the 1-based line and column and the offending text.
 */
public final class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * @param line   1-based line of the input (the header is line 1)
     * @param column 1-based column (field), or 0 when the problem concerns a whole line
     */
    public DataFormatException(String source, int line, int column, String problem) {
        super(source + ":" + line + (column > 0 ? ", column " + column : "") + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** 1-based line number. */
    public int line() {
        return line;
    }

    /** 1-based column number, or 0 for a problem with the whole line. */
    public int column() {
        return column;
    }
}
