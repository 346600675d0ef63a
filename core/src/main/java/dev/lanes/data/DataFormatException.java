package dev.lanes.data;

/**
 * Malformed input: in a text file (CSV) a ragged row, a field that is not a number, a missing label, an empty
 * file; in a binary file (IDX) a bad magic number, a header that does not fit the bytes present, a label out
 * of range. Unchecked (an {@link IllegalArgumentException}), because bad data is a caller's input error like
 * any other bad argument, and the caller usually cannot recover except by fixing the file; I/O failures stay
 * {@link java.io.IOException}s. The message names where the problem is (1-based line and column of a text
 * file, 0-based byte offset of a binary one) and the offending text or value.
 */
public final class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** See {@link #line()}. */
    private final int line;
    /** See {@link #column()}. */
    private final int column;
    /** See {@link #byteOffset()}. */
    private final long byteOffset;

    /**
     * A problem in a text file.
     *
     * @param source  names the input, e.g. the file name; the message starts with it
     * @param line    1-based line of the input (the header is line 1)
     * @param column  1-based column (field), or 0 when the problem concerns a whole line
     * @param problem what is wrong, with the offending text
     */
    public DataFormatException(String source, int line, int column, String problem) {
        super(source + ":" + line + (column > 0 ? ", column " + column : "") + ": " + problem);
        this.line = line;
        this.column = column;
        this.byteOffset = -1;
    }

    private DataFormatException(String message, long byteOffset) {
        super(message);
        this.line = 0;
        this.column = 0;
        this.byteOffset = byteOffset;
    }

    /**
     * A problem in a binary file at 0-based {@code byteOffset}; the message reads
     * {@code "source: byte N: problem"}. For a compressed file the offset counts decompressed bytes, and
     * {@code source} should say so.
     *
     * @param source     names the input, e.g. the file name
     * @param byteOffset the 0-based offset of the problem
     * @param problem    what is wrong, with the offending value
     * @return the exception, to be thrown by the caller
     */
    public static DataFormatException atByte(String source, long byteOffset, String problem) {
        return new DataFormatException(source + ": byte " + byteOffset + ": " + problem, byteOffset);
    }

    /** {@return the 1-based line number, or 0 for a binary file} */
    public int line() {
        return line;
    }

    /** {@return the 1-based column number, or 0 for a problem with the whole line or in a binary file} */
    public int column() {
        return column;
    }

    /** {@return the 0-based byte offset of the problem in a binary file (decompressed), or −1 for a text file} */
    public long byteOffset() {
        return byteOffset;
    }
}
