package dev.lanes.check.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.CsvLoader;
import dev.lanes.data.DataFormatException;
import dev.lanes.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Good files load as documented; every bad one throws DataFormatException naming line, column and text. */
class CsvLoaderTest {

    private static CsvLoader.Result read(CsvLoader loader, String text) throws IOException {
        return loader.read(new StringReader(text), "t.csv");
    }

    private static DataFormatException bad(CsvLoader loader, String text, int line, int column, String mustName) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(loader, text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        String where = "t.csv:" + line + (column > 0 ? ", column " + column : "");
        assertTrue(e.getMessage().startsWith(where), "should start with '" + where + "': " + e.getMessage());
        assertTrue(e.getMessage().contains(mustName), "should name '" + mustName + "': " + e.getMessage());
        return e;
    }

    @Test
    void stringLabelsMapInSortedOrder() throws IOException {
        CsvLoader.Result r = read(CsvLoader.classification("species"),
                "length, species, width\n1.5, versicolor, 2\n\n\"3\", setosa, -4e0\n5, virginica, 6\n");
        Dataset d = r.dataset();
        assertEquals(List.of("length", "width"), r.featureNames());
        assertEquals(List.of("setosa", "versicolor", "virginica"), r.classNames());
        assertArrayEquals(new float[] {1.5f, 2, 3, -4, 5, 6}, d.features());
        assertArrayEquals(new int[] {1, 0, 2}, d.labels());
        assertNull(r.standardization());
    }

    @Test
    void integerLabelsAreClassIndices() throws IOException {
        CsvLoader.Result r = read(CsvLoader.classification(2), "a,b,y\n1,2,3\n3,4,0\n");
        assertArrayEquals(new int[] {3, 0}, r.dataset().labels());
        assertEquals(4, r.dataset().targetWidth(), "classes = max label + 1");
        CsvLoader.Result fixed = read(CsvLoader.classification("y").classNames("no", "yes"),
                "x,y\n1,yes\n2,no\n");
        assertArrayEquals(new int[] {1, 0}, fixed.dataset().labels());
    }

    /** Found by fuzzing: "10" among names was taken as class index 10 of 2 classes (IllegalArgumentException). */
    @Test
    void integerLabelsAmongNamesAreNames() throws IOException {
        CsvLoader.Result r = read(CsvLoader.classification(0), "label,x\n10,0.25\nW,1\n10,2\n");
        assertEquals(List.of("10", "W"), r.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, r.dataset().labels());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheHeader() throws IOException {
        CsvLoader.Result r = read(CsvLoader.classification("label"), "\uFEFFlabel,x\na,1\nb,2\n");
        assertEquals(List.of("a", "b"), r.classNames());
        assertEquals(List.of("x"), r.featureNames());
    }

    @Test
    void regressionWithStandardization() throws IOException {
        CsvLoader.Result r = read(CsvLoader.regression("price").standardize(true),
                "price,area,rooms\n100,50,2\n200,70,2\n300,90,2\n");
        assertArrayEquals(new float[] {100, 200, 300}, r.dataset().values());
        assertArrayEquals(new float[] {70, 2}, r.standardization().means());
        float s = (float) Math.sqrt(800.0 / 3); // population std of 50, 70, 90
        assertEquals(s, r.standardization().stds()[0], 1e-4);
        assertEquals(-20 / s, r.dataset().feature(0, 0), 1e-5);
        assertEquals(0f, r.dataset().feature(0, 1), "a constant column is only centred");
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("xor.csv");
        Files.writeString(f, "a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        Dataset d = CsvLoader.classification("label").load(f).dataset();
        assertEquals("xor.csv", d.name());
        assertArrayEquals(new int[] {0, 1, 1, 0}, d.labels());
    }

    /**
     * Text that is not UTF-8 (a binary file given as CSV) is named to its byte and line when read from a file,
     * even past the reader's read-ahead and the check's 64 KiB chunks, after a character split between two
     * chunks; from a reader, by the line the reader had reached.
     */
    @Test
    void textThatIsNotUtf8IsNamedToTheByte(@TempDir Path dir) throws IOException {
        CsvLoader loader = CsvLoader.classification("y");
        notUtf8(dir, loader, "x,y\n1,0\n2,".getBytes(StandardCharsets.US_ASCII), (byte) 0xC3, "byte 0xc3");
        StringBuilder s = new StringBuilder("x,y\n");
        while (s.length() + 4 <= 65530) {
            s.append("1,a\n");
        }
        s.append("1".repeat(65533 - s.length() - 3)).append(",a\n");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(s.toString().getBytes(StandardCharsets.US_ASCII));
        b.writeBytes("1,\u20ac\n2,".getBytes(StandardCharsets.UTF_8)); // € = e2 82 ac at bytes 65535-65537
        assertEquals((byte) 0xE2, b.toByteArray()[65535]);
        notUtf8(dir, loader, b.toByteArray(), (byte) 0xFF, "byte 0xff");
    }

    private static void notUtf8(Path dir, CsvLoader loader, byte[] prefix, byte bad, String mustName)
            throws IOException {
        Path f = dir.resolve("u.csv");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(prefix);
        all.write(bad);
        all.writeBytes("0\n3,1\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(f, all.toByteArray());
        int line = 1;
        for (byte c : prefix) {
            line += c == '\n' ? 1 : 0;
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> loader.load(f));
        assertEquals(prefix.length, e.byteOffset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("u.csv: byte " + prefix.length + ": line " + line
                + " is not UTF-8 text"), e.getMessage());
        assertTrue(e.getMessage().contains(mustName), e.getMessage());
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            DataFormatException near = assertThrows(DataFormatException.class, () -> loader.read(r, "r.csv"));
            assertTrue(near.line() >= 1 && near.line() <= line, near.getMessage());
            assertTrue(near.getMessage().contains("is not UTF-8 text"), near.getMessage());
        }
    }

    @Test
    void badFilesNameLineColumnAndText() {
        CsvLoader byName = CsvLoader.classification("y");
        bad(byName, "", 1, 0, "empty file");
        bad(byName, "\n  \n", 2, 0, "empty file");
        bad(byName, "x,y\n", 2, 0, "no data rows");
        bad(byName, "x,z\n1,2\n", 1, 0, "no column named \"y\"");
        bad(CsvLoader.classification(5), "x,y\n1,2\n", 1, 0, "index 5");
        bad(byName, "x,y\n1,0\n2\n", 3, 2, "row has 1 fields but the header has 2");
        bad(byName, "x,y\n1,0\n2,1,7\n", 3, 3, "\"2,1,7\"");
        bad(byName, "x,y\n1,0\n2,1\nabc,0\n", 4, 1, "\"abc\" is not a number");
        bad(byName, "x,w,y\n1,NaN,0\n", 2, 2, "\"NaN\" is not a number"); // Java's spelling, not CSV data
        bad(byName, "x,w,y\n1,1e39,0\n", 2, 2, "\"1e39\" is not a finite float"); // beyond the float range
        bad(byName, "x,w,y\n1,0x1p3,0\n", 2, 2, "\"0x1p3\" is not a number");
        bad(byName, "x,w,y\n1,2f,0\n", 2, 2, "\"2f\" is not a number");
        bad(byName, "x,w,y\n1,,0\n", 2, 2, "empty field");
        bad(byName, "x,y\n1,0\n2,\n", 3, 2, "missing label");
        bad(CsvLoader.regression("y"), "x,y\n1,0\n2,high\n", 3, 2, "\"high\" is not a number");
        bad(CsvLoader.classification("y").classNames("a", "b"), "x,y\n1,a\n2,c\n", 3, 2, "\"c\" is not one of");
        bad(byName, "x,y\n1,\"0\n", 2, 2, "unterminated quoted field");
        DataFormatException e = bad(byName, "x,y\n7,0\n8, 1 \n 9x , 2\n", 4, 1, "\"9x\"");
        assertTrue(e instanceof IllegalArgumentException, "an unchecked input error");
    }
}
