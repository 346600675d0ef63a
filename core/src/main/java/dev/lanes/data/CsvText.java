package dev.lanes.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a CSV field or line may hold, shared by the CSV loader and the command line's row reader: numbers in the
 * plain decimal syntax spreadsheets and other libraries write, nothing Java-specific ({@code 1f}, {@code 2d},
 * {@code 0x1p3}, {@code NaN}, {@code Infinity} are not numbers here), and a UTF-8 byte-order mark (which
 * Excel writes) is not part of the first field.
 */
public final class CsvText {

    /** The byte-order mark U+FEFF as a decoded first character. */
    public static final char BOM = '\uFEFF';

    private CsvText() {}

    /**
     * The first line of a file without its byte-order mark, if it has one.
     *
     * @param firstLine the first line as read
     * @return the line without a leading U+FEFF
     */
    public static String stripBom(String firstLine) {
        return !firstLine.isEmpty() && firstLine.charAt(0) == BOM ? firstLine.substring(1) : firstLine;
    }

    /**
     * Whether {@code s} is a decimal number: an optional sign, digits with an optional fraction (or a fraction
     * alone), an optional exponent — {@code [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?}, nothing around it.
     *
     * @param s the text of a field, already trimmed
     * @return whether it is a decimal number
     */
    public static boolean isNumber(String s) {
        int n = s.length(), i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intDigits = digits(s, i);
        i += intDigits;
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            fracDigits = digits(s, i);
            i += fracDigits;
        }
        if (intDigits + fracDigits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = digits(s, i);
            if (expDigits == 0) {
                return false;
            }
            i += expDigits;
        }
        return i == n;
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /**
     * The float a decimal field holds (rounded to nearest), or NaN when it is not a decimal number
     * ({@link #isNumber}); a number beyond the float range gives ±∞.
     *
     * @param s the text of a field, already trimmed
     * @return the nearest float, ±∞ beyond the float range, or NaN for a field that is not a number
     */
    public static float parse(String s) {
        return isNumber(s) ? Float.parseFloat(s) : Float.NaN;
    }

    /**
     * The next line of a UTF-8 reader, as {@link BufferedReader#readLine}, except that text that is not UTF-8
     * (a binary file given as CSV, say) is a {@link DataFormatException} at {@code lineNo + 1} (or, as the
     * reader decodes ahead, a line after it) whose cause is the decoder's {@link CharacterCodingException};
     * {@link #notUtf8(String, Path)} then finds the exact byte when the text came from a file.
     *
     * @param in     the reader, decoding strictly: as {@code Files.newBufferedReader} does, and an
     *               {@code InputStreamReader} given a {@code CharsetDecoder} (given a {@code Charset}, it replaces
     *               bad bytes instead, and nothing here can tell)
     * @param source names the input in messages
     * @param lineNo the number of lines read so far
     * @return the line, or null at the end
     * @throws IOException when reading fails
     */
    public static String readLine(BufferedReader in, String source, int lineNo) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            DataFormatException d = new DataFormatException(source, lineNo + 1, 0, "this line, or one soon after"
                    + " it, is not UTF-8 text: CSV input is UTF-8 (is this a binary file?)");
            d.initCause(e);
            throw d;
        }
    }

    /**
     * Whether {@code e} is {@link #readLine}'s report of text that is not UTF-8.
     *
     * @param e an exception from reading CSV
     * @return whether its cause is a decoding error
     */
    public static boolean isNotUtf8(DataFormatException e) {
        return e.getCause() instanceof CharacterCodingException;
    }

    /**
     * Where {@code file} stops being UTF-8: the first byte that does not decode, with its line, as a
     * {@link DataFormatException#byteOffset() byte offset}; for {@link #readLine}'s report, which can only name
     * a line near it. Reads the file again, so it is for the error path only.
     *
     * @param source names the file in the message
     * @param file   the file, which is not UTF-8 somewhere
     * @return the exception to throw
     * @throws IOException when the file cannot be read again
     */
    public static DataFormatException notUtf8(String source, Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long offset = 0; // of in's first byte in the file
        long line = 1;
        try (InputStream stream = Files.newInputStream(file)) {
            boolean end = false;
            while (!end) {
                int n = stream.read(in.array(), in.position(), in.remaining());
                end = n < 0;
                in.position(in.position() + Math.max(n, 0));
                in.flip();
                CoderResult r;
                do {
                    out.clear();
                    r = decoder.decode(in, out, end);
                    out.flip();
                    while (out.hasRemaining()) {
                        line += out.get() == '\n' ? 1 : 0;
                    }
                } while (r.isOverflow());
                if (r.isError()) {
                    long at = offset + in.position();
                    return DataFormatException.atByte(source, at, "line " + line + " is not UTF-8 text (byte 0x"
                            + String.format("%02x", in.get(in.position()) & 0xFF) + " starts no character there):"
                            + " CSV input is UTF-8 (is this a binary file?)");
                }
                offset += in.position();
                in.compact();
            }
        }
        // The file has changed since it was read: say what the reader saw.
        return DataFormatException.atByte(source, offset, "not UTF-8 text when first read (the file has changed"
                + " since)");
    }
}
