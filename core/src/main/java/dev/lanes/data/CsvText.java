package dev.lanes.data;

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
}
