package dev.lanes.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;

/**
 * Replaces a file atomically: readers (and a machine that crashes mid-save) see either the old content or the
 * new, never a mixture or a half-written file.
 *
 * <ol>
 *   <li>write to a temporary file in the target's own directory (a rename is only atomic within one file
 *       system), named {@code .<target name>.<random hex>.tmp} and created with the default permissions;
 *       when it replaces an existing file, it takes that file's permissions (POSIX file systems), so saving
 *       over a file does not change who may read it;</li>
 *   <li>flush and {@code FileChannel.force(true)}, so the bytes are on disk before the name points at them;</li>
 *   <li>rename over the target with {@code ATOMIC_MOVE}; only where the file system reports atomic moves as
 *       unsupported ({@link AtomicMoveNotSupportedException}) fall back to {@code REPLACE_EXISTING}, which is
 *       not atomic;</li>
 *   <li>fsync the directory so the rename itself is durable; skipped where the platform cannot open a
 *       directory (Windows), where the rename is still atomic but may be lost in a power cut.</li>
 * </ol>
 * If the content writer throws (or anything fails before the rename), the temporary file is deleted and the
 * target is untouched.
 */
public final class AtomicFile {

    /** Writes a file's content; must not close the stream (closing is ignored). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {}

    /**
     * Atomically replaces (or creates) {@code target} with what {@code content} writes.
     *
     * @throws IOException from the writer or the file system; the target is then unchanged and no temporary
     *                     file remains
     */
    public static void write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null) {
            throw new IOException(target + ": cannot save to a file system root");
        }
        Path tmp = null;
        FileChannel channel = null;
        for (int attempt = 0; channel == null; attempt++) {
            // Not Files.createTempFile: its owner-only permissions would end up on the saved file; CREATE_NEW
            // gives the process's default permissions, as a plain new file.
            tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
        try {
            try (FileChannel ch = channel) {
                OutputStream out = new UnclosableBuffered(Channels.newOutputStream(ch));
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            keepPermissions(file, tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable t) { // the writer's exceptions and errors too: the target stays as it was
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        }
        syncDirectory(dir);
    }

    private static void keepPermissions(Path target, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view != null && Files.exists(target)) {
            view.setPermissions(Files.getPosixFilePermissions(target));
        }
    }

    // Makes the rename durable. Opening a directory for reading fails on Windows (and force may be refused
    // elsewhere); the rename has already happened atomically, so such a failure is not an error.
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported on this platform
        }
    }

    /** A 64 KiB buffer in front of the channel; close only flushes, so the caller can still force. */
    private static final class UnclosableBuffered extends FilterOutputStream {
        private final byte[] buf = new byte[1 << 16];
        private int n;

        UnclosableBuffered(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) {
                flushBuffer();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= buf.length) {
                flushBuffer();
                out.write(b, off, len);
                return;
            }
            if (len > buf.length - n) {
                flushBuffer();
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        private void flushBuffer() throws IOException {
            if (n > 0) {
                out.write(buf, 0, n);
                n = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
