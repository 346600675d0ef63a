package dev.lanes.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file of unsigned bytes, raw or gzip-compressed (told apart by gzip's magic 1f 8b; IDX starts 00 00).
 *
 * <p>Layout, all big-endian: {@code 00 00 <type> <n>}, then n 4-byte dimension sizes, then the values in
 * row-major order. Only type 0x08 (unsigned byte) is read: it is what the MNIST family uses for images and
 * labels alike.
 *
 * <p>Nothing is allocated on the header's word alone: the values grow into their array as they arrive, at most
 * to the size the header claims, so a header claiming gigabytes in front of a short or truncated file costs a
 * small buffer and a {@link DataFormatException}. For a raw file whose length is known, the claim is checked
 * against that length before any reading.
 */
final class IdxFile {

    /** The largest Java array: the values end up as one float array. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final int FIRST_CHUNK = 1 << 20;
    private static final int UNSIGNED_BYTE = 0x08;

    /** The dimension sizes and the values, {@code values.length} = the product of {@code dims}. */
    record Contents(int[] dims, byte[] values, String source) {}

    private IdxFile() {}

    /**
     * Reads an IDX file of {@code dimensions} dimensions from {@code in} (not closed).
     *
     * @param name       names the file in messages; " (decompressed)" is added for gzip, whose offsets count
     *                   decompressed bytes
     * @param kind       what the file should hold, for messages ("images", "labels")
     * @param dimNames   a name for each dimension, for messages
     * @param fileLength the length of the file in bytes when known, or −1; checked against the header's claim
     *                   for an uncompressed file before its values are read
     * @throws DataFormatException for anything the file does not hold as it should, naming the byte offset
     */
    static Contents read(InputStream in, String name, String kind, String[] dimNames, long fileLength)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        String source = gzip ? name + " (decompressed)" : name;
        InputStream data;
        try {
            data = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        } catch (EOFException | ZipException e) {
            throw DataFormatException.atByte(name, 0, "a gzip header that is cut short or corrupt: " + e.getMessage());
        }
        Counting counted = new Counting(data, source);
        byte[] magic = counted.header(4, "the 4-byte IDX magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw DataFormatException.atByte(source, magic[0] != 0 ? 0 : 1, String.format(Locale.ROOT,
                    "not an IDX file: it starts 0x%02X 0x%02X, where IDX starts 0x00 0x00", magic[0] & 0xFF,
                    magic[1] & 0xFF));
        }
        if ((magic[2] & 0xFF) != UNSIGNED_BYTE) {
            throw DataFormatException.atByte(source, 2, String.format(Locale.ROOT,
                    "type code 0x%02X (%s); a file of %s must hold unsigned bytes (0x08)", magic[2] & 0xFF,
                    typeName(magic[2] & 0xFF), kind));
        }
        int n = magic[3] & 0xFF;
        if (n != dimNames.length) {
            throw DataFormatException.atByte(source, 3, n + " dimension" + (n == 1 ? "" : "s") + " where a file of "
                    + kind + " has " + dimNames.length + " (" + String.join(", ", dimNames) + ")"
                    + (n == 1 ? ": is it a labels file?" : n == 3 ? ": is it an images file?" : ""));
        }
        int[] dims = new int[n];
        long total = 1;
        for (int d = 0; d < n; d++) {
            long offset = 4 + 4L * d;
            byte[] b = counted.header(4, "the size of dimension " + d + " (" + dimNames[d] + ")");
            long size = (b[0] & 0xFFL) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
            if (size == 0) {
                throw DataFormatException.atByte(source, offset, dimNames[d] + " is 0; every dimension needs at"
                        + " least 1");
            }
            if (size > Integer.MAX_VALUE) {
                throw DataFormatException.atByte(source, offset, dimNames[d] + " is " + size
                        + ", more than 2^31 - 1");
            }
            dims[d] = (int) size;
            total *= size; // at most (2^31)^3 < 2^63: cannot overflow before the check below
            if (total > MAX_VALUES) {
                throw DataFormatException.atByte(source, 4, "the header claims " + claim(dims, d + 1)
                        + " values, more than one array holds (" + MAX_VALUES + ")");
            }
        }
        long headerBytes = 4 + 4L * n;
        if (!gzip && fileLength >= 0 && fileLength != headerBytes + total) {
            if (fileLength < headerBytes + total) {
                throw DataFormatException.atByte(source, fileLength, "the file ends here, but its header claims "
                        + claim(dims, n) + " values, " + (headerBytes + total) + " bytes with the header: it is"
                        + " truncated");
            }
            long extra = fileLength - headerBytes - total;
            throw DataFormatException.atByte(source, headerBytes + total, extra + (extra == 1 ? " byte follows" :
                    " bytes follow") + " the " + claim(dims, n) + " values the header claims");
        }
        byte[] values = counted.values((int) total, claim(dims, n));
        counted.expectEnd(claim(dims, n));
        return new Contents(dims, values, source);
    }

    /** "60000 × 28 × 28" for the first {@code count} dimensions. */
    private static String claim(int[] dims, int count) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < count; d++) {
            s.append(d == 0 ? "" : " × ").append(dims[d]);
        }
        return s.toString();
    }

    private static String typeName(int code) {
        return switch (code) {
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit integer";
            case 0x0C -> "32-bit integer";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit float";
            default -> "not an IDX type";
        };
    }

    /** Reads from the (possibly decompressing) stream, counting bytes, and turns gzip failures into format errors. */
    private static final class Counting {
        private final InputStream in;
        private final String source;
        private long position;

        Counting(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        byte[] header(int length, String what) throws IOException {
            byte[] b = new byte[length];
            int got = fill(b, 0, length);
            if (got < length) {
                throw DataFormatException.atByte(source, position, position == 0
                        ? "empty file: expected " + what
                        : "the file ends inside " + what + ": the IDX header is cut short");
            }
            return b;
        }

        /** The {@code total} values, growing the array as bytes arrive, never past {@code total}. */
        byte[] values(int total, String claim) throws IOException {
            long start = position;
            byte[] b = new byte[Math.min(total, FIRST_CHUNK)];
            int got = 0;
            while (true) {
                got += fill(b, got, b.length - got);
                if (got < b.length || got == total) {
                    break;
                }
                b = Arrays.copyOf(b, (int) Math.min(total, 2L * b.length));
            }
            if (got < total) {
                throw DataFormatException.atByte(source, position, "the data ends after " + got + " of the "
                        + total + " values the header claims (" + claim + "): the file is truncated");
            }
            assert position == start + total;
            return b;
        }

        void expectEnd(String claim) throws IOException {
            int next;
            try {
                next = in.read(); // for gzip, this also checks the trailer's CRC and length
            } catch (EOFException e) {
                throw truncated(e);
            } catch (ZipException e) {
                throw corrupt(e);
            }
            if (next >= 0) {
                throw DataFormatException.atByte(source, position, "more data follows the " + claim
                        + " values the header claims");
            }
        }

        private int fill(byte[] b, int from, int length) throws IOException {
            int got = 0;
            try {
                while (got < length) {
                    int r = in.read(b, from + got, length - got);
                    if (r < 0) {
                        break;
                    }
                    got += r;
                    position += r;
                }
            } catch (EOFException e) {
                throw truncated(e);
            } catch (ZipException e) {
                throw corrupt(e);
            }
            return got;
        }

        private DataFormatException truncated(EOFException e) {
            return DataFormatException.atByte(source, position, "the gzip stream ends early ("
                    + e.getMessage() + "): the file is truncated");
        }

        private DataFormatException corrupt(ZipException e) {
            return DataFormatException.atByte(source, position, "corrupt gzip data (" + e.getMessage() + ")");
        }
    }
}
