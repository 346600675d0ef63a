package dev.lanes.check.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lanes.check.FashionMnist;
import dev.lanes.data.DataFormatException;
import dev.lanes.data.Dataset;
import dev.lanes.data.IdxLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files built byte by byte, raw and gzip: good ones load as documented, every malformed header and body
 * throws DataFormatException naming the byte offset (of the decompressed data for gzip: the same offset), and a
 * header that claims more than the file holds costs no large allocation.
 */
class IdxLoaderTest {

    @TempDir
    Path dir;

    /** An IDX file: 00 00 type n, the n sizes (big-endian), then the values. */
    static byte[] idx(int type, int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    static byte[] images(int count, int rows, int columns, byte[] pixels) {
        return idx(0x08, new int[] {count, rows, columns}, pixels);
    }

    static byte[] labels(byte... labels) {
        return idx(0x08, new int[] {labels.length}, labels);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Three 2 × 2 images; pixel bytes cover 0, 127, 128 (the sign bit) and 255. */
    private static final byte[] PIXELS = {0, 1, 2, 3, 127, (byte) 128, (byte) 200, (byte) 255, 9, 8, 7, 6};
    private static final byte[] LABELS = {2, 0, 1};

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertTinySet(Dataset d) {
        assertEquals(3, d.rows());
        assertEquals(4, d.width());
        assertEquals(3, d.targetWidth(), "classes: largest label + 1");
        float[] expected = new float[PIXELS.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = PIXELS[i] & 0xFF; // unsigned: byte 0x80 is 128, 0xFF is 255
        }
        assertArrayEquals(expected, d.features());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
    }

    @Test
    void rawAndGzipLoadAlike() throws IOException {
        Path raw = write("train-images-idx3-ubyte", images(3, 2, 2, PIXELS));
        write("train-labels-idx1-ubyte", labels(LABELS));
        Dataset fromRaw = IdxLoader.create().load(raw);
        assertTinySet(fromRaw);
        assertEquals("train-images-idx3-ubyte", fromRaw.name());

        Path gz = write("t10k-images-idx3-ubyte.gz", gzip(images(3, 2, 2, PIXELS)));
        write("t10k-labels-idx1-ubyte.gz", gzip(labels(LABELS)));
        assertTinySet(IdxLoader.create().load(gz));
        // compression is told by the first bytes, not the name; each file of a pair may differ
        Path odd = write("odd-images", gzip(images(3, 2, 2, PIXELS)));
        Path oddLabels = write("odd-labels.bin", labels(LABELS));
        assertTinySet(IdxLoader.create().load(odd, oddLabels));
        assertTinySet(IdxLoader.create().read(new ByteArrayInputStream(images(3, 2, 2, PIXELS)),
                new ByteArrayInputStream(gzip(labels(LABELS))), "streams"));
    }

    @Test
    void labelsAreFoundBesideTheImages() throws IOException {
        Path images = write("a-images-idx3-ubyte.gz", gzip(images(3, 2, 2, PIXELS)));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> IdxLoader.create().load(images));
        assertTrue(missing.getMessage().contains("a-labels-idx1-ubyte.gz: no labels file: the labels of"
                + " a-images-idx3-ubyte.gz are read from this file beside it, or from a-labels-idx1-ubyte; neither"
                + " exists"), missing.getMessage());
        Path labels = write("a-labels-idx1-ubyte", labels(LABELS)); // the other compression's name
        assertEquals(labels, IdxLoader.labelsBeside(images));
        assertTinySet(IdxLoader.create().load(images));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> IdxLoader.create().load(labels));
        assertTrue(wrong.getMessage().contains("is a labels file: give the images file"), wrong.getMessage());
    }

    @Test
    void aDirectoryAndASplit() throws IOException {
        write("t10k-images.idx3-ubyte", images(3, 2, 2, PIXELS)); // MNIST copies with '.' before idx
        write("t10k-labels.idx1-ubyte", labels(LABELS));
        assertTinySet(IdxLoader.create().loadSplit(dir, "t10k"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> IdxLoader.create().loadSplit(dir, "train"));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains("[t10k-images"),
                e.getMessage());
    }

    @Test
    void fixedClassesBoundTheLabels() throws IOException {
        Dataset ten = IdxLoader.create().classes(10).read(new ByteArrayInputStream(images(3, 2, 2, PIXELS)),
                new ByteArrayInputStream(labels(LABELS)), "s");
        assertEquals(10, ten.targetWidth());
        assertArrayEquals(new int[] {1, 1, 1, 0, 0, 0, 0, 0, 0, 0}, ten.classCounts());
        // label 2 is item 0, at byte 8 of the labels file (after the 8-byte header)
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.create().classes(2)
                .read(new ByteArrayInputStream(images(3, 2, 2, PIXELS)), new ByteArrayInputStream(labels(LABELS)),
                        "s"));
        assertEquals(8, e.byteOffset());
        assertTrue(e.getMessage().startsWith("s (labels): byte 8: label 2 of item 0 is outside [0, 2)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdxLoader.create().classes(257));
    }

    /** A malformed images file: its offset and a phrase the message must contain. */
    private record Bad(String what, byte[] file, long offset, String phrase) {}

    private static byte[] withLength(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    private static Bad[] badImages() {
        byte[] good = images(2, 2, 2, new byte[8]); // header 16 bytes, values 16 .. 23
        byte[] float32 = good.clone();
        float32[2] = 0x0D;
        byte[] notIdx = good.clone();
        notIdx[1] = 7;
        byte[] bigCount = good.clone();
        bigCount[4] = (byte) 0x80; // 2^31 + 2
        return new Bad[] {
            new Bad("empty", new byte[0], 0, "empty file"),
            new Bad("magic cut short", withLength(good, 3), 3, "IDX header is cut short"),
            new Bad("magic", notIdx, 1, "not an IDX file: it starts 0x00 0x07"),
            new Bad("type code", float32, 2, "type code 0x0D (32-bit float)"),
            new Bad("labels as images", labels(LABELS), 3, "1 dimension where a file of images has 3"),
            new Bad("dimensions cut short", withLength(good, 10), 10, "size of dimension 1 (rows per image)"),
            new Bad("zero rows", images(2, 0, 2, new byte[0]), 8, "rows per image is 0"),
            new Bad("over 2^31 - 1", bigCount, 4, "the image count is 2147483650, more than 2^31 - 1"),
            new Bad("over an array", images(65536, 65536, 1, new byte[0]), 4,
                    "claims 65536 × 65536 values, more than one array holds"),
            new Bad("truncated", withLength(good, 21), 21, "truncated"),
            new Bad("trailing", Arrays.copyOf(good, 25), 24, "follow"),
        };
    }

    @Test
    void everyMalformedImagesFileNamesItsOffset() throws IOException {
        Path labels = write("labels", labels((byte) 0, (byte) 1));
        for (Bad bad : badImages()) {
            for (boolean compressed : new boolean[] {false, true}) {
                Path f = write("images", compressed ? gzip(bad.file()) : bad.file());
                String where = "images" + (compressed ? " (decompressed)" : "") + ": byte " + bad.offset() + ": ";
                DataFormatException e = assertThrows(DataFormatException.class,
                        () -> IdxLoader.create().load(f, labels), bad.what());
                assertEquals(bad.offset(), e.byteOffset(), bad.what() + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith(where), bad.what() + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(bad.phrase()), bad.what() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void malformedLabels() throws IOException {
        Path images = write("images", images(3, 2, 2, PIXELS));
        Path asImages = write("l3", images(3, 2, 2, PIXELS));
        DataFormatException dims = assertThrows(DataFormatException.class, () -> IdxLoader.create().load(images,
                asImages));
        assertTrue(dims.getMessage().startsWith("l3: byte 3: 3 dimensions where a file of labels has 1"),
                dims.getMessage());
        assertTrue(dims.getMessage().contains("is it an images file?"), dims.getMessage());
        Path two = write("l2", labels((byte) 0, (byte) 1));
        DataFormatException count = assertThrows(DataFormatException.class, () -> IdxLoader.create().load(images,
                two));
        assertEquals("l2: byte 4: 2 labels for the 3 images of images", count.getMessage());
    }

    @Test
    void damagedGzipFailsAsBadData() throws IOException {
        byte[] pixels = new byte[4 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 2654435761L >>> 13); // scrambled: the deflate stream is not trivial
        }
        byte[] z = gzip(images(4, 28, 28, pixels));
        Path labels = write("labels", labels((byte) 0, (byte) 1, (byte) 2, (byte) 3));
        Path cut = write("cut", Arrays.copyOf(z, z.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.create().load(cut, labels));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] flipped = z.clone();
        flipped[z.length - 6] ^= 0x5A; // inside the trailer's CRC-32: only the CRC check can catch it
        Path crc = write("crc", flipped);
        e = assertThrows(DataFormatException.class, () -> IdxLoader.create().load(crc, labels));
        assertTrue(e.getMessage().startsWith("crc (decompressed): byte " + (16 + pixels.length) + ": corrupt gzip"),
                e.getMessage());
        byte[] noTrailer = Arrays.copyOf(z, z.length - 8);
        Path short8 = write("short8", noTrailer);
        e = assertThrows(DataFormatException.class, () -> IdxLoader.create().load(short8, labels));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    /**
     * A header claiming 2 000 000 images of 28 × 28 (1.57 GB) in front of 100 bytes: the values grow into
     * their array as they arrive, so reading allocates the first 1 MiB chunk, two 64 KiB stream buffers and the
     * small change of a message, not the claim. Bound: 4 MiB, over twice that sum and 1/370 of the claim.
     */
    @Test
    void aLyingHeaderCostsNoLargeAllocation() throws IOException {
        byte[] lie = images(2_000_000, 28, 28, new byte[100]);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (byte[] file : new byte[][] {lie, gzip(lie)}) {
            long before = threads.getCurrentThreadAllocatedBytes();
            DataFormatException e = assertThrows(DataFormatException.class, () -> IdxLoader.create().read(
                    new ByteArrayInputStream(file), new ByteArrayInputStream(labels((byte) 0)), "lie"));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(116, e.byteOffset(), e.getMessage());
            assertTrue(e.getMessage().contains("the data ends after 100 of the 1568000000 values"), e.getMessage());
            assertTrue(allocated < 4 << 20, allocated + " bytes allocated");
        }
        // a file of known length is refused before any value is read
        Path f = write("lie", lie);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxLoader.create().load(f, write("l", labels((byte) 0))));
        assertEquals(116, e.byteOffset(), e.getMessage());
        assertTrue(e.getMessage().contains("the file ends here, but its header claims 2000000 × 28 × 28 values"),
                e.getMessage());
    }

    @Test
    void idxIsRecognisedByItsFirstBytes() throws IOException {
        assertTrue(IdxLoader.looksLikeIdx(write("a", images(3, 2, 2, PIXELS))));
        assertTrue(IdxLoader.looksLikeIdx(write("b", labels(LABELS))));
        assertTrue(IdxLoader.looksLikeIdx(write("c", gzip(labels(LABELS)))));
        assertFalse(IdxLoader.looksLikeIdx(write("d.csv", "a,b,label\n1,2,0\n".getBytes())));
        assertFalse(IdxLoader.looksLikeIdx(write("e", new byte[] {0, 0})));
        assertFalse(IdxLoader.looksLikeIdx(dir.resolve("missing")));
    }

    /**
     * The real Fashion-MNIST test split (Debian's dataset-fashion-mnist) when installed: 10 000 images of
     * 28 × 28 and, as the data set's authors published it, 1 000 of each of the 10 classes. Required in CI.
     */
    @Test
    void fashionMnistTestSplit() throws IOException {
        Dataset test = IdxLoader.create().loadSplit(FashionMnist.dir(), "t10k");
        assertEquals(10_000, test.rows());
        assertEquals(28 * 28, test.width());
        int[] perClass = new int[10];
        Arrays.fill(perClass, 1000);
        assertArrayEquals(perClass, test.classCounts());
        float max = 0;
        for (float v : test.features()) {
            max = Math.max(max, v);
        }
        assertEquals(255f, max, "8-bit grey levels, unscaled");
    }
}
