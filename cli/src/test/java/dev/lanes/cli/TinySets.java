package dev.lanes.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Tiny data sets for the command-line tests: IDX files named as the MNIST family names them, and a CSV file. */
final class TinySets {

    static final int SIDE = 6;
    static final int CLASSES = 3;

    private TinySets() {}

    /**
     * A CSV file of {@code rows} rows "x,y,kind": row i is (i % 3, i % 7) of kind ant, bee or cat by i % 3, so x
     * alone tells the kind.
     */
    static Path petsCsv(Path file, int rows) throws IOException {
        StringBuilder csv = new StringBuilder("x,y,kind\n");
        for (int i = 0; i < rows; i++) {
            csv.append(i % 3).append(',').append(i % 7).append(',').append(List.of("ant", "bee", "cat").get(i % 3))
                    .append('\n');
        }
        return Files.writeString(file, csv);
    }

    /**
     * Writes {@code <split>-images-idx3-ubyte.gz} and {@code <split>-labels-idx1-ubyte.gz} into {@code dir}:
     * {@code n} images of 6 × 6, image i of class i % 3, whose columns 2k and 2k + 1 are bright (180 to 255) for
     * class k and the rest dim (0 to 59): linearly separable by a wide margin. Returns the images file.
     */
    static Path write(Path dir, String split, int n, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * SIDE * SIDE];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = i % CLASSES;
            labels[i] = (byte) k;
            for (int p = 0; p < SIDE * SIDE; p++) {
                boolean bright = p % SIDE / 2 == k;
                pixels[i * SIDE * SIDE + p] = (byte) (bright ? 180 + random.nextInt(76) : random.nextInt(60));
            }
        }
        Path images = dir.resolve(split + "-images-idx3-ubyte.gz");
        gzip(images, idx(new int[] {n, SIDE, SIDE}, pixels));
        gzip(dir.resolve(split + "-labels-idx1-ubyte.gz"), idx(new int[] {n}, labels));
        return images;
    }

    /** An unsigned-byte IDX file: 00 00 08 n, the n sizes (big-endian), the values. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    private static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes);
        }
    }
}
