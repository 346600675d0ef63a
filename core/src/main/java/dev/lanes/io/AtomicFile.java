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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 *
 * <p>A process killed mid-save cannot delete its temporary file, so each save also removes the stale ones of
 * the same target: a save holds an exclusive lock on its temporary file from creation until the rename, and
 * the operating system drops the lock of a process that dies; a {@code .<target name>.<hex>.tmp} whose lock
 * can be taken belongs to no running save and is deleted. One still locked (a save in progress, in this JVM
 * or another process) is left alone.
 */
public final class AtomicFile {

    /** Writes a file's content; must not close the stream (closing is ignored). */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param out the temporary file's stream, buffered; flushed and forced to disk after this returns
         * @throws IOException to abandon the save: the target is left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    // Temporary files of saves running in this JVM. They are never opened by the stale-file sweep: on POSIX,
    // closing any descriptor of a file drops every lock this process holds on it, the save's own included.
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    private AtomicFile() {}

    /**
     * Checks, before any work, that {@code target} can be written: its directory exists and is writable and
     * the target is not a directory. Used by commands that train for minutes before they save.
     *
     * @param target the file to be written (not read)
     * @throws IOException naming the target and what is wrong
     */
    public static void checkWritable(Path target) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null) {
            throw new IOException("cannot write " + target + ": it is a file system root");
        }
        if (Files.isDirectory(file)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        if (!Files.exists(dir)) {
            throw new java.nio.file.NoSuchFileException(target.toString(), null, "cannot write: its directory "
                    + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": " + dir + " is not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new java.nio.file.AccessDeniedException(target.toString(), null, "cannot write: the directory "
                    + dir + " is not writable");
        }
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code content} writes.
     *
     * @param target  the file to create or replace; its directory must exist
     * @param content writes the new content to the stream it is given; it runs once
     * @throws IOException from the writer (as thrown) or the file system; the target is then unchanged and no temporary
     *                     file remains
     */
    public static void write(Path target, Content content) throws IOException {
        checkWritable(target);
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        removeStale(dir, file.getFileName().toString());
        Path tmp = null;
        FileChannel channel = null;
        for (int attempt = 0; channel == null; attempt++) {
            // Not Files.createTempFile: its owner-only permissions would end up on the saved file; CREATE_NEW
            // gives the process's default permissions, as a plain new file.
            tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                IN_PROGRESS.add(tmp);
                channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                IN_PROGRESS.remove(tmp);
                if (attempt == 10) {
                    throw e;
                }
            } catch (IOException e) {
                IN_PROGRESS.remove(tmp);
                throw new IOException("cannot write " + target + ": " + e, e);
            }
        }
        try {
            try (FileChannel ch = channel) {
                lock(ch); // held until the rename: marks the temporary file as a save in progress
                OutputStream out = new UnclosableBuffered(Channels.newOutputStream(ch));
                content.writeTo(out);
                out.flush();
                ch.force(true);
                keepPermissions(file, tmp);
                if (!move(tmp, file)) {
                    closeEarly(ch); // a platform that cannot rename an open file (Windows): close, then rename
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (Throwable t) { // the writer's exceptions and errors too: the target stays as it was
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        } finally {
            IN_PROGRESS.remove(tmp);
        }
        syncDirectory(dir);
    }

    /** Renames atomically where the file system can; false when the open file cannot be renamed at all. */
    private static boolean move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                return true;
            } catch (java.nio.file.FileSystemException busy) {
                return false;
            }
        }
    }

    private static void lock(FileChannel ch) {
        try {
            ch.tryLock();
        } catch (IOException | java.nio.channels.OverlappingFileLockException | UnsupportedOperationException e) {
            // no locks on this file system: saves still work; stale files are then left for the user to remove
        }
    }

    /**
     * Deletes {@code .<name>.<hex>.tmp} files in dir that no running save holds (their lock can be taken).
     * Best effort: anything that cannot be read, locked or deleted is left as it is.
     */
    static int removeStale(Path dir, String name) {
        String prefix = "." + name + ".";
        int removed = 0;
        try (var entries = Files.newDirectoryStream(dir, entry -> !IN_PROGRESS.contains(entry)
                && isTemporaryOf(entry.getFileName().toString(), prefix))) {
            for (Path stale : entries) {
                try (FileChannel ch = FileChannel.open(stale, StandardOpenOption.WRITE)) {
                    if (ch.tryLock() != null) { // no save holds it: its writer died
                        Files.deleteIfExists(stale);
                        removed++;
                    }
                } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
                    // held by a save in this JVM, or not ours to touch
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // an unreadable directory: the save itself will report what is wrong
        }
        return removed;
    }

    /** ".NAME." + 1 to 16 hex digits + ".tmp", as {@link #write} names its temporary files. */
    private static boolean isTemporaryOf(String fileName, String prefix) {
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tmp")) {
            return false;
        }
        int from = prefix.length(), to = fileName.length() - 4;
        if (to - from < 1 || to - from > 16) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = fileName.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
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

    /** Closes the channel before its try-with-resources does (closing twice is harmless). */
    private static void closeEarly(FileChannel channel) throws IOException {
        channel.close();
    }
}
