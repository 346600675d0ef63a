package dev.lanes.data;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into trimmed fields; a field may be double-quoted, with "" for a quote inside. */
final class CsvFields {

    private CsvFields() {}

    static List<String> split(String line, String source, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                int start = i++;
                while (true) {
                    if (i >= n) {
                        throw new DataFormatException(source, lineNo, fields.size() + 1,
                                "unterminated quoted field: " + line.substring(start));
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(ch);
                    }
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new DataFormatException(source, lineNo, fields.size() + 1,
                            "text after a closing quote: " + line.substring(start));
                }
                fields.add(field.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                fields.add(line.substring(i, end).trim());
                i = end;
            }
            field.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // past the comma; a trailing comma yields a last empty field
            if (i == n) {
                fields.add("");
                return fields;
            }
        }
    }
}
