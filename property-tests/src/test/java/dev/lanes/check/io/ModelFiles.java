package dev.lanes.check.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lanes.infer.Model;
import dev.lanes.io.ModelFormatException;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Shared fixtures: a small model with a record of every field kind, and byte surgery on model files. */
final class ModelFiles {

    private ModelFiles() {}

    /**
     * Dense(2 → 4), PRelu(4), Dense(4 → 4), Maxout(2, k = 2), Dropout(2, p = 0.25), Softmax(2), LeakyRelu(2):
     * 7 layers, 36 parameters, 28 + 7·24 + 36·4 + 4 = 344 bytes.
     */
    static Sequential smallNet() {
        return Sequential.of(3, 7, new Dense(2, 4), new PRelu(4), new Dense(4, 4), new Maxout(2, 2),
                new Dropout(2, 0.25), new Softmax(2), new LeakyRelu(2, 0.125f));
    }

    static byte[] smallFile() {
        return Model.of(smallNet()).toBytes();
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Stores a correct CRC32C over the rest, so only the forged field can be what the loader rejects. */
    static byte[] withCrc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        le(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    /** Model.fromBytes or Checkpoint.fromBytes. */
    interface Decoder {
        Object decode(byte[] file) throws ModelFormatException;
    }

    /** Decodes, requires a ModelFormatException, checks its message against its offset, returns it. */
    static ModelFormatException reject(Decoder decoder, byte[] file, String what) {
        try {
            Object m = decoder.decode(file);
            fail(what + ": accepted as " + m);
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith("byte offset " + e.offset() + ": "), e.getMessage());
            assertTrue(e.offset() >= 0 && e.offset() <= file.length, what + ": offset " + e.offset());
            return e;
        } catch (Throwable t) {
            throw new AssertionError(what + ": threw " + t + " instead of ModelFormatException", t);
        }
        throw new AssertionError("unreachable");
    }

    /** Every prefix of the file is rejected as truncated, at its own length. */
    static void everyTruncationIsRejected(Decoder decoder, byte[] file) {
        for (int n = 0; n < file.length; n++) {
            ModelFormatException e = reject(decoder, Arrays.copyOf(file, n), "truncated to " + n + " bytes");
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertEquals(n, e.offset(), e.getMessage());
        }
    }

    /** Every copy with one bit flipped is rejected. */
    static void everySingleBitFlipIsRejected(Decoder decoder, byte[] file) {
        for (int bit = 0; bit < 8 * file.length; bit++) {
            byte[] f = file.clone();
            f[bit >>> 3] ^= (byte) (1 << (bit & 7));
            reject(decoder, f, "bit " + bit + " flipped");
        }
    }
}
