package dev.lanes.infer;

import dev.lanes.args.Args;
import dev.lanes.io.InputFiles;
import dev.lanes.io.ModelFormatException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The model file format, versions 1 and 2 (docs/model-format.md). All integers little-endian.
 * <pre>
 *   0   magic        8 bytes  89 4C 41 4E 45 53 0D 0A  ("\x89LANES\r\n")
 *   8   version      u32      1, or 2 for a file with training state
 *   12  flags        u32      version 1: 0; version 2: 1 (bit 0: a training-state section follows the parameters)
 *   16  layerCount   i32      1 ..= MAX_LAYERS
 *   20  paramCount   i64      0 ..= MAX_PARAMETERS, equal to what the layers declare
 *   28  layers       layerCount × 24 bytes: tag u32, in i32, out i32, pieces i32, real f64
 *   ..  parameters   paramCount × f32, Sequential's flat layout (layer order, W before b)
 *   ..  training     version 2 with flag bit 0 only: {@link TrainingSection}
 *   ..  crc32c       u32 over every byte before it
 * </pre>
 * Decoding checks, in order: magic, version, flags, counts, the training section's fixed fields, total size
 * against the bytes present, every layer record, the checksum — and only then allocates the parameter array
 * (and, for a checkpoint, the training section's arrays, each checked as it is read).
 * Writers write version 1 for a model alone, so readers that know only version 1 still read it, and version 2
 * for a checkpoint.
 */
final class ModelCodec {

    static final int VERSION = 1;
    /** The version of a file with a training-state section (flag bit 0). */
    static final int VERSION_TRAINING = 2;
    static final int FLAG_TRAINING = 1;
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'A', 'N', 'E', 'S', '\r', '\n'};
    static final int HEADER = 28;
    static final int RECORD = 24;
    static final int MAX_LAYERS = 4096;
    /** One float[] holds at most this many values (as Parameters). */
    static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;
    /**
     * Input width plus every layer's output width, at most 2²²: bounds what loading allocates for a model
     * whose parameter-free layers could otherwise declare any width in a file of a few bytes.
     */
    static final long MAX_TOTAL_WIDTH = 1 << 22;

    private static final int CHUNK = 1 << 16;

    private ModelCodec() {}

    /** Where decoding reads from: a byte array or a file. */
    interface Source {
        long size() throws IOException;

        /** Reads exactly len bytes at offset into dst[0, len); EOFException if fewer are there. */
        void read(long offset, byte[] dst, int len) throws IOException;
    }

    static Source of(byte[] bytes) {
        return new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void read(long offset, byte[] dst, int len) throws EOFException {
                if (offset + len > bytes.length) {
                    throw new EOFException();
                }
                System.arraycopy(bytes, (int) offset, dst, 0, len);
            }
        };
    }

    static Source of(FileChannel channel) {
        return new Source() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void read(long offset, byte[] dst, int len) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(dst, 0, len);
                while (b.hasRemaining()) {
                    if (channel.read(b, offset + b.position()) < 0) {
                        throw new EOFException();
                    }
                }
            }
        };
    }

    /** A decoder of one kind of file: {@link #read} or {@link #readCheckpoint}. */
    interface Decoder<T> {
        T decode(Source src) throws IOException;
    }

    /** Decodes a file on disk. */
    static <T> T load(Path file, Decoder<T> decoder) throws IOException {
        Args.notNull("file", file);
        try (FileChannel channel = FileChannel.open(InputFiles.regular(file), StandardOpenOption.READ)) {
            return decoder.decode(of(channel));
        }
    }

    /** Decodes a file's bytes; the byte-array source throws no IOException but a format error. */
    static <T> T fromBytes(byte[] file, Decoder<T> decoder) throws ModelFormatException {
        Args.notNull("file", file);
        try {
            return decoder.decode(of(file));
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes {@link #write} writes. */
    static byte[] toBytes(LayerSpec[] specs, float[] values, Checkpoint checkpoint) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, specs, values, checkpoint);
        } catch (IOException e) { // a ByteArrayOutputStream does not throw
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Total file size for these counts; the counts are already bounded, so this cannot overflow. */
    static long fileSize(int layers, long parameters) {
        return Math.addExact(Math.addExact(HEADER + (long) RECORD * layers, Math.multiplyExact(4L, parameters)), 4);
    }

    // ---------------------------------------------------------------- encode

    /** Writes a model file: version 1, or version 2 with {@code checkpoint}'s training state when not null. */
    static void write(OutputStream out, LayerSpec[] specs, float[] values, Checkpoint checkpoint)
            throws IOException {
        Writer w = new Writer(out);
        w.room(HEADER).put(MAGIC).putInt(checkpoint == null ? VERSION : VERSION_TRAINING)
                .putInt(checkpoint == null ? 0 : FLAG_TRAINING).putInt(specs.length).putLong(values.length);
        for (LayerSpec s : specs) {
            w.room(RECORD).putInt(s.kind().tag).putInt(s.in()).putInt(s.out()).putInt(s.pieces()).putDouble(s.real());
        }
        w.floats(values);
        if (checkpoint != null) {
            TrainingSection.write(w, checkpoint);
        }
        w.finish();
    }

    /** Little-endian output in 64 KiB chunks, with the CRC32C of everything written. */
    static final class Writer {
        private final OutputStream out;
        private final CRC32C crc = new CRC32C();
        private final ByteBuffer b = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);

        Writer(OutputStream out) {
            this.out = out;
        }

        /** The buffer, with at least n ≤ 64 KiB bytes free. */
        ByteBuffer room(int n) throws IOException {
            if (b.remaining() < n) {
                crc.update(b.array(), 0, b.position());
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            return b;
        }

        void floats(float[] values) throws IOException {
            for (float v : values) {
                room(4).putFloat(v); // floatToRawIntBits: NaN payloads kept, so a round trip is bit-exact
            }
        }

        void ints(int[] values) throws IOException {
            for (int v : values) {
                room(4).putInt(v);
            }
        }

        /** Appends the CRC32C of everything before it. */
        void finish() throws IOException {
            room(CHUNK);
            b.putInt((int) crc.getValue());
            out.write(b.array(), 0, b.position());
        }
    }

    // ---------------------------------------------------------------- decode

    /** Reads a model file of either version; a training section is checked for its structure and skipped. */
    static Model read(Source src) throws IOException {
        return read(src, false).model();
    }

    /** Reads a checkpoint: a version-2 file with a training section, every field of it checked. */
    static Checkpoint readCheckpoint(Source src) throws IOException {
        return read(src, true).checkpoint();
    }

    private record Decoded(Model model, Checkpoint checkpoint) {}

    private static Decoded read(Source src, boolean checkpoint) throws IOException {
        long size = src.size();
        byte[] head = new byte[HEADER];
        int have = (int) Math.min(size, HEADER);
        readAt(src, size, 0, head, have);
        for (int i = 0; i < Math.min(have, MAGIC.length); i++) {
            if (head[i] != MAGIC[i]) {
                throw new ModelFormatException(i, "not a Lanes model file: the magic number (89 4C 41 4E 45 53 0D 0A,"
                        + " \"\\x89LANES\\r\\n\") differs here");
            }
        }
        if (size < HEADER) {
            throw new ModelFormatException(size, "truncated: the file ends inside the " + HEADER + "-byte header");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int version = h.getInt(8);
        if (version != VERSION && version != VERSION_TRAINING) {
            throw new ModelFormatException(8, "format version " + Integer.toUnsignedString(version)
                    + " is not supported; this Lanes reads versions " + VERSION + " and " + VERSION_TRAINING);
        }
        int flags = h.getInt(12);
        if (version == VERSION && flags != 0) {
            throw new ModelFormatException(12, "unknown flags 0x" + Integer.toHexString(flags)
                    + "; format version 1 defines none");
        }
        if ((flags & ~FLAG_TRAINING) != 0) {
            throw new ModelFormatException(12, "unknown flags 0x" + Integer.toHexString(flags & ~FLAG_TRAINING)
                    + "; format version 2 defines bit 0 (training state) only");
        }
        boolean training = flags == FLAG_TRAINING;
        if (version == VERSION_TRAINING && !training) {
            throw new ModelFormatException(12, "format version 2 is a checkpoint's: flag bit 0 (training state) must"
                    + " be set; a model alone is version 1");
        }
        if (checkpoint && !training) {
            throw new ModelFormatException(12, "no training state: this is a model file (format version " + version
                    + ", flags 0), not a checkpoint; Model.load reads it, and toSequential trains it further from"
                    + " fresh optimizer state");
        }
        int layers = h.getInt(16);
        if (layers < 1 || layers > MAX_LAYERS) {
            throw new ModelFormatException(16, "layer count " + layers + " is outside [1, " + MAX_LAYERS + "]");
        }
        long parameters = h.getLong(20);
        if (parameters < 0 || parameters > MAX_PARAMETERS) {
            throw new ModelFormatException(20, "parameter count " + parameters + " is outside [0, "
                    + MAX_PARAMETERS + "]");
        }
        long modelEnd = fileSize(layers, parameters) - 4;
        TrainingSection.Head section = null;
        long expected = modelEnd + 4;
        if (training) {
            if (size < modelEnd + TrainingSection.HEAD + 4) {
                throw new ModelFormatException(size, "truncated: the model ends at byte " + modelEnd + ", and the "
                        + TrainingSection.HEAD + "-byte head of its training state and the checksum do not fit"
                        + " before the file ends here");
            }
            byte[] fixed = new byte[TrainingSection.HEAD];
            readAt(src, size, modelEnd, fixed, fixed.length);
            section = TrainingSection.Head.parse(ByteBuffer.wrap(fixed).order(ByteOrder.LITTLE_ENDIAN), modelEnd,
                    layers);
            expected = modelEnd + section.size(parameters) + 4;
        }
        if (size < expected) {
            throw new ModelFormatException(size, "truncated: " + layers + " layers and " + parameters
                    + " parameters make a file of " + expected + " bytes, but it ends here");
        }
        if (size > expected) {
            throw new ModelFormatException(expected, "trailing bytes: the " + (training ? "checkpoint" : "model")
                    + " ends here (" + layers + " layers, " + parameters + " parameters"
                    + (training ? ", its training state" : "") + "), but the file has " + size + " bytes");
        }
        byte[] table = new byte[RECORD * layers]; // ≤ 96 KiB, and present in the file
        readAt(src, size, HEADER, table, table.length);
        LayerSpec[] specs = parseLayers(ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN), layers, parameters);
        if (section != null) {
            section.checkDropouts(specs);
        }
        checkCrc(src, size);
        float[] values = new float[(int) parameters];
        readFloats(src, size, HEADER + (long) RECORD * layers, values);
        Model model = new Model(specs, values, version);
        return new Decoded(model, checkpoint ? TrainingSection.read(src, size, modelEnd, section, model) : null);
    }

    private static LayerSpec[] parseLayers(ByteBuffer t, int layers, long declaredParameters)
            throws ModelFormatException {
        LayerSpec[] specs = new LayerSpec[layers];
        long parameters = 0;
        long totalWidth = 0;
        for (int i = 0; i < layers; i++) {
            int at = i * RECORD;
            long off = HEADER + (long) at;
            int tag = t.getInt(at);
            LayerSpec.Kind kind = LayerSpec.Kind.ofTag(tag);
            String name = "layer " + i + (kind == null ? "" : " (" + kind.label + ")");
            if (kind == null) {
                throw new ModelFormatException(off, name + ": unknown layer type tag " + Integer.toUnsignedString(tag)
                        + "; version 1 knows tags 1 to 11 (" + LayerSpec.KNOWN + ")");
            }
            int in = t.getInt(at + 4);
            int out = t.getInt(at + 8);
            int pieces = t.getInt(at + 12);
            double real = t.getDouble(at + 16);
            if (in < 1) {
                throw new ModelFormatException(off + 4, name + ": input width " + in + " is not positive");
            }
            if (out < 1) {
                throw new ModelFormatException(off + 8, name + ": output width " + out + " is not positive");
            }
            if (i == 0) {
                totalWidth = in;
            } else if (in != specs[i - 1].out()) {
                throw new ModelFormatException(off + 4, name + ": input width " + in + " differs from layer "
                        + (i - 1) + "'s output width " + specs[i - 1].out());
            }
            totalWidth += out;
            if (totalWidth > MAX_TOTAL_WIDTH) {
                throw new ModelFormatException(off + 8, name + ": the input and layer widths so far add up to "
                        + totalWidth + ", more than the format's limit " + MAX_TOTAL_WIDTH);
            }
            if (kind.elementwise() && out != in) {
                throw new ModelFormatException(off + 8, name + ": output width " + out + " differs from input width "
                        + in + ", but this layer maps each value to one value");
            }
            if (kind == LayerSpec.Kind.MAXOUT) {
                if (pieces < 1 || (long) out * pieces != in) {
                    throw new ModelFormatException(off + 12, name + ": k = " + pieces + " pieces of " + out
                            + " units do not make the input width " + in);
                }
            } else if (pieces != 0) {
                throw new ModelFormatException(off + 12, name + ": the pieces field must be 0, got " + pieces);
            }
            checkReal(kind, real, off + 16, name);
            specs[i] = new LayerSpec(kind, in, out, pieces, real);
            parameters += specs[i].parameterCount(); // ≤ 4096 × (2³¹)² + …: no long overflow
        }
        if (parameters != declaredParameters) {
            throw new ModelFormatException(20, "the header declares " + declaredParameters
                    + " parameters, but the layers hold " + parameters);
        }
        return specs;
    }

    private static void checkReal(LayerSpec.Kind kind, double real, long off, String name)
            throws ModelFormatException {
        switch (kind) {
            case LEAKY_RELU -> {
                if (!Double.isFinite(real) || (double) (float) real != real) {
                    throw new ModelFormatException(off, name + ": α = " + real + " is not a finite float");
                }
            }
            case DROPOUT -> {
                if (!(real >= 0 && real < 1)) {
                    throw new ModelFormatException(off, name + ": p = " + real + " is outside [0, 1)");
                }
            }
            default -> {
                if (Double.doubleToRawLongBits(real) != 0) {
                    throw new ModelFormatException(off, name + ": the hyper-parameter field must be 0, got " + real);
                }
            }
        }
    }

    private static void checkCrc(Source src, long size) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[(int) Math.min(CHUNK, size)];
        long end = size - 4;
        for (long at = 0; at < end; ) {
            int n = (int) Math.min(buf.length, end - at);
            readAt(src, size, at, buf, n);
            crc.update(buf, 0, n);
            at += n;
        }
        readAt(src, size, end, buf, 4);
        long stored = ByteBuffer.wrap(buf, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(0) & 0xFFFF_FFFFL;
        if (stored != crc.getValue()) {
            throw new ModelFormatException(end, "checksum mismatch: the file stores CRC32C 0x" + Long.toHexString(stored)
                    + ", its bytes [0, " + end + ") give 0x" + Long.toHexString(crc.getValue())
                    + "; the file is damaged");
        }
    }

    static void readFloats(Source src, long size, long start, float[] values) throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, 4L * values.length + 4)];
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.length / 4;
        for (int i = 0; i < values.length; ) {
            int n = Math.min(perChunk, values.length - i);
            readAt(src, size, start + 4L * i, buf, 4 * n);
            for (int j = 0; j < n; j++) {
                values[i + j] = b.getFloat(4 * j);
            }
            i += n;
        }
    }

    // A file that shrinks while being read is reported as truncated, not as an EOFException.
    static void readAt(Source src, long size, long offset, byte[] dst, int len) throws IOException {
        try {
            src.read(offset, dst, len);
        } catch (EOFException e) {
            throw new ModelFormatException(offset, "truncated: the file ended while reading " + len + " bytes here"
                    + " (it was " + size + " bytes when opened)");
        }
    }
}
