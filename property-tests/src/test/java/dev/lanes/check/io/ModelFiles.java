package dev.lanes.check.io;

import dev.lanes.infer.Model;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
}
