package dev.lanes.check.data;

import static dev.lanes.check.data.IdxLoaderTest.idx;
import static dev.lanes.check.data.IdxLoaderTest.images;
import static dev.lanes.check.data.IdxLoaderTest.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.CsvLoader;
import dev.lanes.data.CsvText;
import dev.lanes.data.DataFormatException;
import dev.lanes.data.Dataset;
import dev.lanes.data.IdxLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV and IDX readers at the edges of what they accept: field syntax, number syntax, sizes and lengths. */
class ReaderBoundariesTest {

    @TempDir
    Path dir;

    private static CsvLoader.Result read(CsvLoader loader, String text) throws IOException {
        return loader.read(new StringReader(text), "t.csv");
    }

    private static String csvError(CsvLoader loader, String text) {
        return assertThrows(DataFormatException.class, () -> read(loader, text)).getMessage();
    }

    @Test
    void fieldsSplitAsQuotedCsv() throws IOException {
        CsvLoader.Result r = read(CsvLoader.classification(0),
                "label,  \"a b\" , \"x\"\"y\",\"\",,z\n1,2,3,4,5,6\n");
        assertEquals(List.of("a b", "x\"y", "", "", "z"), r.featureNames());
        assertArrayEquals(new float[] {2, 3, 4, 5, 6}, r.dataset().features());
        assertEquals(List.of("a", ""), read(CsvLoader.classification(0), "label,a,\n1,2,3\n").featureNames(),
                "a trailing comma is a last, empty field");
        assertEquals("t.csv:1, column 2: unterminated quoted field: \"abc",
                csvError(CsvLoader.classification(0), "label,\"abc\n1,2\n"));
        assertEquals("t.csv:2, column 2: text after a closing quote: \"2\"x",
                csvError(CsvLoader.classification(0), "label,a\n1,\"2\"x\n"));
        assertEquals(List.of("q"), read(CsvLoader.classification(0), "label,\"q\"\n1,\"2\"\n").featureNames());
    }

    @Test
    void numbersArePlainDecimals() {
        for (String ok : new String[] {"0", "12", "0009", "-1", "+1", "1.", ".5", "+.5", "1.5", "1e5", "1E-5", "1.e5",
            "2.5e+10", "-0.0"}) {
            assertTrue(CsvText.isNumber(ok), ok);
        }
        for (String bad : new String[] {"", "+", "-", ".", "+.", "e1", ".e1", "1e", "1e+", "1e5.5", "1.5.", "1 2",
            "+-1", "--1", "1f", "2d", "0x1p3", "NaN", "Infinity", "1_0", "١", " 1"}) {
            assertFalse(CsvText.isNumber(bad), bad);
        }
        assertEquals(2.5f, CsvText.parse("2.5"));
        assertEquals(Float.POSITIVE_INFINITY, CsvText.parse("1e39"));
        assertTrue(Float.isNaN(CsvText.parse("1f")));
        assertEquals("", CsvText.stripBom(""));
        assertEquals("", CsvText.stripBom("\uFEFF"));
        assertEquals("a\uFEFF", CsvText.stripBom("\uFEFFa\uFEFF"), "only a leading mark");
    }

    @Test
    void rowsBeyondTheFirstBufferAndLabelBounds() throws IOException {
        StringBuilder csv = new StringBuilder("label,a,b,c\n");
        for (int i = 0; i < 40; i++) csv.append(i % 2).append(',').append(i).append(',').append(-i).append(",0.5\n");
        Dataset d = read(CsvLoader.classification("label"), csv.toString()).dataset();
        assertEquals(40, d.rows());
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(new float[] {i, -i, 0.5f}, Arrays.copyOfRange(d.features(), 3 * i, 3 * i + 3));
        }
        // six digits are a class index, seven a name
        assertArrayEquals(new int[] {1, 0}, read(CsvLoader.classification(0), "y,a\n000001,1\n000000,2\n").dataset()
                .labels());
        CsvLoader.Result names = read(CsvLoader.classification(0), "y,a\n0000001,1\n0000000,2\n");
        assertEquals(List.of("0000000", "0000001"), names.classNames());
        // a label column index: the last column works, one past it names the header
        assertEquals(List.of("a"), read(CsvLoader.classification(1), "a,y\n1,0\n").featureNames());
        assertTrue(csvError(CsvLoader.classification(2), "a,y\n1,0\n").contains("label column index 2 is past the 2"
                + " columns"));
        assertTrue(csvError(CsvLoader.regression(0), "y,a\nx,1\n").contains("\"x\" is not a number"));
        assertArrayEquals(new float[] {3.5f}, read(CsvLoader.regression(0), "y,a\n3.5,1\n").dataset().values());
    }

    @Test
    void rawIdxFileLengthsMustMatchTheirHeader() throws IOException {
        byte[] pixels = new byte[2 * 2 * 2];
        byte[] img = images(2, 2, 2, pixels);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels((byte) 0, (byte) 1));
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.write(images, img);
        assertEquals(2, IdxLoader.create().load(images).rows());
        Files.write(images, Arrays.copyOf(img, img.length + 1));
        assertTrue(idxError(images).contains("1 byte follows the"), idxError(images));
        Files.write(images, Arrays.copyOf(img, img.length + 2));
        assertTrue(idxError(images).contains("2 bytes follow the"), idxError(images));
        Files.write(images, Arrays.copyOf(img, img.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.create().load(images));
        assertTrue(e.getMessage().contains("the file ends here") && e.getMessage().contains(
                "byte " + (img.length - 1) + ":"), e.getMessage());
    }

    private static String idxError(Path images) {
        return assertThrows(DataFormatException.class, () -> IdxLoader.create().load(images)).getMessage();
    }

    private static String streamError(byte[] imageBytes, byte[] labelBytes) {
        return assertThrows(DataFormatException.class, () -> IdxLoader.create().read(
                new ByteArrayInputStream(imageBytes), new ByteArrayInputStream(labelBytes), "s")).getMessage();
    }

    @Test
    void idxSizesAtTheirLimits() throws IOException {
        byte[] img = images(2, 1, 1, new byte[2]);
        int max = Integer.MAX_VALUE - 8;
        // a labels header claiming exactly the most values one array holds: allowed by the header check, and the
        // stream then ends (no 2 GiB allocation: values grow as read); one more is refused by the header check
        String atMax = streamError(img, idx(0x08, new int[] {max}, new byte[3]));
        assertFalse(atMax.contains("more than one array holds"), atMax);
        String past = streamError(img, idx(0x08, new int[] {max + 1}, new byte[3]));
        assertTrue(past.contains("more than one array holds (" + max + ")"), past);
        String wide = streamError(img, idx(0x08, new int[] {Integer.MIN_VALUE}, new byte[0])); // 2^31 unsigned
        assertTrue(wide.contains("is 2147483648, more than 2^31 - 1"), wide);
        assertTrue(streamError(img, idx(0x08, new int[] {0}, new byte[0])).contains("is 0; every dimension needs"));
        Dataset d = IdxLoader.create().read(new ByteArrayInputStream(img),
                new ByteArrayInputStream(labels((byte) 0, (byte) 2)), "s");
        assertEquals(3, d.targetWidth(), "classes: the largest label + 1");
        assertEquals(256, IdxLoader.create().classes(256).read(new ByteArrayInputStream(img),
                new ByteArrayInputStream(labels((byte) 255, (byte) 0)), "s").targetWidth());
        assertEquals(1, IdxLoader.create().classes(1).read(new ByteArrayInputStream(img),
                new ByteArrayInputStream(labels((byte) 0, (byte) 0)), "s").targetWidth());
        for (int bad : new int[] {0, 257}) {
            assertThrows(IllegalArgumentException.class, () -> IdxLoader.create().classes(bad), Integer.toString(bad));
        }
        assertTrue(assertThrows(DataFormatException.class, () -> IdxLoader.create().classes(2).read(
                new ByteArrayInputStream(img), new ByteArrayInputStream(labels((byte) 0, (byte) 2)), "s"))
                .getMessage().contains("label 2 of item 1 is outside [0, 2)"));
    }

    @Test
    void idxIsRecognisedByItsFirstBytes() throws IOException {
        assertTrue(looks(0, 0, 8, 3));
        assertTrue(looks(0, 0, 8, 1));
        assertFalse(looks(0, 0, 8, 4));
        assertFalse(looks(0, 0, 8, 0));
        assertFalse(looks(0, 0, 9, 1));
        assertFalse(looks(0, 0, 8));
        assertTrue(looks(0x1f, 0x8b));
        assertFalse(looks(0x1f));
        assertFalse(IdxLoader.looksLikeIdx(dir.resolve("missing")));
    }

    private boolean looks(int... bytes) throws IOException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        return IdxLoader.looksLikeIdx(Files.write(dir.resolve("f" + System.nanoTime()), b));
    }
}
