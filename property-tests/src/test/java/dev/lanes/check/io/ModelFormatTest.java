package dev.lanes.check.io;

import static dev.lanes.check.io.ModelFiles.le;
import static dev.lanes.check.io.ModelFiles.smallFile;
import static dev.lanes.check.io.ModelFiles.withCrc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lanes.infer.Model;
import dev.lanes.io.ModelFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and forged files: every one is rejected with a ModelFormatException whose message starts
 * "byte offset N:" with N the offset it reports, and never with another exception (no OutOfMemoryError,
 * NegativeArraySizeException or index error). Forged fields get a correct CRC32C so that the structural
 * check, not the checksum, must catch them.
 */
class ModelFormatTest {

    // Field offsets of format version 1 (docs/model-format.md).
    static final int VERSION = 8;
    static final int FLAGS = 12;
    static final int LAYERS = 16;
    static final int PARAMETERS = 20;
    static final int TABLE = 28;
    static final int RECORD = 24;

    static ModelFormatException reject(byte[] file, String what) {
        return ModelFiles.reject(Model::fromBytes, file, what);
    }

    @Test
    void theSmallModelHasTheDocumentedSize() throws Exception {
        byte[] file = smallFile();
        assertEquals(344, file.length);
        assertArrayEquals(file, Model.fromBytes(file).toBytes());
    }

    @Test
    void everyTruncationIsRejected() {
        ModelFiles.everyTruncationIsRejected(Model::fromBytes, smallFile());
    }

    @Test
    void everySingleBitFlipIsRejected() {
        ModelFiles.everySingleBitFlipIsRejected(Model::fromBytes, smallFile());
    }

    @Test
    void trailingGarbageIsRejected() {
        byte[] file = smallFile();
        for (int extra : new int[] {1, 4, 1000}) {
            ModelFormatException e = reject(Arrays.copyOf(file, file.length + extra), extra + " trailing bytes");
            assertEquals(file.length, e.offset());
            assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        }
    }

    @Test
    void aWrongMagicIsRejectedAtItsFirstDifferingByte() {
        byte[] f = smallFile();
        f[3] = 'X';
        ModelFormatException e = reject(f, "magic");
        assertEquals(3, e.offset());
        assertTrue(e.getMessage().contains("not a Lanes model"), e.getMessage());
        reject("just some text, certainly not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text");
    }

    @Test
    void unknownVersionsAndFlagsAreRejected() {
        for (int v : new int[] {0, 3, -1, Integer.MAX_VALUE}) {
            byte[] f = smallFile();
            le(f).putInt(VERSION, v);
            ModelFormatException e = reject(withCrc(f), "version " + v);
            assertEquals(VERSION, e.offset());
            assertTrue(e.getMessage().contains("version " + Integer.toUnsignedString(v)), e.getMessage());
        }
        byte[] f = smallFile();
        le(f).putInt(FLAGS, 1);
        assertEquals(FLAGS, reject(withCrc(f), "flags").offset());
        // Version 2 is a checkpoint's: without its flag it is refused, not read as a model.
        f = smallFile();
        le(f).putInt(VERSION, 2);
        ModelFormatException e = reject(withCrc(f), "version 2 without training state");
        assertEquals(FLAGS, e.offset());
        assertTrue(e.getMessage().contains("flag bit 0 (training state) must be set"), e.getMessage());
    }

    @Test
    void forgedCountsAreRejectedBeforeAllocating() {
        for (int layers : new int[] {0, -1, Integer.MIN_VALUE, 4097, Integer.MAX_VALUE}) {
            byte[] f = smallFile();
            le(f).putInt(LAYERS, layers);
            assertEquals(LAYERS, reject(withCrc(f), layers + " layers").offset());
        }
        for (long p : new long[] {-1, Long.MIN_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, 1L << 40}) {
            byte[] f = smallFile();
            le(f).putLong(PARAMETERS, p);
            assertEquals(PARAMETERS, reject(withCrc(f), p + " parameters").offset());
        }
        // A count that is in range but does not match the bytes: reported as truncation / trailing bytes.
        byte[] f = smallFile();
        le(f).putLong(PARAMETERS, 1_000_000_000L);
        assertTrue(reject(withCrc(f), "1e9 parameters").getMessage().contains("truncated"));
        f = smallFile();
        le(f).putInt(LAYERS, 4096);
        assertTrue(reject(withCrc(f), "4096 layers").getMessage().contains("truncated"));
    }

    @Test
    void forgedLayerRecordsAreRejected() {
        // {field offset in the record, value} for layer 0 (Dense 2 → 4); each breaks one rule.
        int[][] forgeries = {
            {0, 0}, {0, 12}, {0, -1},                                // unknown tags
            {4, 0}, {4, -2}, {4, Integer.MIN_VALUE},                 // non-positive input width
            {8, 0}, {8, -4}, {8, Integer.MAX_VALUE},                 // output width: not positive / mismatch
            {4, Integer.MAX_VALUE}, {4, 1 << 22},                    // huge input width
            {12, 1},                                                 // pieces on a Dense
        };
        for (int[] forgery : forgeries) {
            byte[] f = smallFile();
            le(f).putInt(TABLE + forgery[0], forgery[1]);
            ModelFormatException e = reject(withCrc(f), "layer 0 field " + forgery[0] + " = " + forgery[1]);
            assertTrue(e.offset() >= TABLE && e.offset() < TABLE + 2 * RECORD || e.offset() == PARAMETERS,
                    e.getMessage());
        }
        // Maxout (layer 3) with k that does not divide its input; Dropout (4) with p outside [0, 1); LeakyRelu
        // (6) with α NaN or not a float; Relu-like layers with widths that differ; a hyper-parameter on PRelu.
        int maxout = TABLE + 3 * RECORD;
        for (int k : new int[] {0, -1, 3, Integer.MAX_VALUE}) {
            byte[] f = smallFile();
            le(f).putInt(maxout + 12, k);
            assertEquals(maxout + 12, reject(withCrc(f), "maxout k " + k).offset());
        }
        int dropout = TABLE + 4 * RECORD;
        for (double p : new double[] {1, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            byte[] f = smallFile();
            le(f).putDouble(dropout + 16, p);
            assertEquals(dropout + 16, reject(withCrc(f), "dropout p " + p).offset());
        }
        int leaky = TABLE + 6 * RECORD;
        for (double a : new double[] {Double.NaN, Double.NEGATIVE_INFINITY, 0.1, 1e300}) {
            byte[] f = smallFile();
            le(f).putDouble(leaky + 16, a);
            assertEquals(leaky + 16, reject(withCrc(f), "leaky α " + a).offset());
        }
        byte[] f = smallFile();
        le(f).putInt(TABLE + 5 * RECORD + 8, 3); // Softmax 2 → 3
        assertEquals(TABLE + 5 * RECORD + 8, reject(withCrc(f), "softmax widths").offset());
        f = smallFile();
        le(f).putDouble(TABLE + RECORD + 16, 0.5); // PRelu with a hyper-parameter
        assertEquals(TABLE + RECORD + 16, reject(withCrc(f), "prelu real").offset());
    }

    @Test
    void parameterFreeLayersCannotDeclareHugeWidths() {
        // One Relu of width 2²² + 1 and 0 parameters: 56 bytes that would otherwise make loading allocate
        // 16 MiB per buffer, more for a table of 4096 such layers.
        byte[] f = new byte[28 + 24 + 4];
        System.arraycopy(smallFile(), 0, f, 0, 16);
        le(f).putInt(LAYERS, 1).putLong(PARAMETERS, 0).putInt(TABLE, 2).putInt(TABLE + 4, (1 << 22) + 1)
                .putInt(TABLE + 8, (1 << 22) + 1);
        ModelFormatException e = reject(withCrc(f), "huge relu");
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
        // ... while a narrow one loads.
        le(f).putInt(TABLE + 4, 5).putInt(TABLE + 8, 5);
        try {
            assertEquals(5, Model.fromBytes(withCrc(f)).outputWidth());
        } catch (ModelFormatException x) {
            throw new AssertionError(x);
        }
    }

    @Test
    void theChecksumNamesItsOffset() {
        byte[] f = smallFile();
        f[TABLE + 7 * RECORD] ^= 1; // first parameter's lowest bit: structurally fine
        ModelFormatException e = reject(f, "parameter bit");
        assertEquals(f.length - 4, e.offset());
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void loadFromDiskRejectsTheSameWay(@TempDir Path dir) throws Exception {
        byte[] file = smallFile();
        Path p = dir.resolve("m.lanes");
        Files.write(p, Arrays.copyOf(file, 100));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.load(p));
        assertEquals(100, e.offset());
        Files.write(p, new byte[0]);
        assertEquals(0, assertThrows(ModelFormatException.class, () -> Model.load(p)).offset());
        Files.write(p, file);
        assertArrayEquals(file, Model.load(p).toBytes());
    }
}
