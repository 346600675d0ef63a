package dev.lanes.io;

import java.io.IOException;

/**
 * A model file that is not a valid Lanes model: wrong magic, unsupported format version, a truncated,
 * damaged or forged file. The only exception loading throws for bad <em>content</em> (I/O failures stay plain
 * {@link IOException}s); it is never an {@code OutOfMemoryError}, {@code NegativeArraySizeException} or an
 * index error, because every declared size is checked against the bytes present before anything is allocated.
 *
 * <p>The message starts {@code byte offset N:} and names the problem; {@link #offset()} gives N, the offset of
 * the field found wrong (for a truncated file, the length of what is there). It extends {@link IOException}
 * like {@code java.util.zip.ZipException}: a damaged file is an I/O condition the caller handles where it
 * handles a missing file. Format: docs/model-format.md.
 */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The byte offset of the offending field; see {@link #offset()}. */
    private final long offset;

    /**
     * An exception whose message is {@code byte offset OFFSET: PROBLEM}.
     *
     * @param offset  the byte offset of the offending field (≥ 0)
     * @param problem what is wrong there, e.g. {@code "unsupported format version 9"}
     */
    public ModelFormatException(long offset, String problem) {
        super("byte offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /** {@return the byte offset of the offending field, or the length of a truncated file} */
    public long offset() {
        return offset;
    }
}
