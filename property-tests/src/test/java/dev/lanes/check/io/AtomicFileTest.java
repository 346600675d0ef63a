package dev.lanes.check.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.io.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saves clean up after saves that were killed, and a target that cannot be written is named before any work. */
class AtomicFileTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSaveRemovesTheStaleTemporaryFilesOfItsTarget() throws IOException {
        for (String n : new String[] {".m.lanes.0123abcd.tmp", ".m.lanes.ffffffffffffffff.tmp",
                ".m.lanes.notes.tmp", ".m.lanes.ABC.tmp", ".other.lanes.12.tmp", "m.lanes.12.tmp"}) {
            Files.write(dir.resolve(n), new byte[1000]);
        }
        Path target = dir.resolve("m.lanes");
        AtomicFile.write(target, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        // removed: the two named as a save names its temporary files; kept: other names and other targets
        assertEquals(List.of(".m.lanes.ABC.tmp", ".m.lanes.notes.tmp", ".other.lanes.12.tmp", "m.lanes",
                "m.lanes.12.tmp"), names());
    }

    /**
     * A save in progress in another process holds a lock on its temporary file: a save of the same target keeps
     * it. Once that process is killed (as with kill -9 mid-save), the lock is gone and the next save removes it.
     */
    @Test
    void aTemporaryFileOfALiveSaveIsKeptAndRemovedOnceItsProcessDies() throws Exception {
        Path live = dir.resolve(".m.lanes.00c0ffee.tmp");
        Path holder = dir.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE,
                                StandardOpenOption.CREATE_NEW);
                        ch.lock();
                        System.out.println("locked");
                        Thread.sleep(600_000);
                    }
                }
                """);
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                holder.toString(), live.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", r.readLine());
            Path target = dir.resolve("m.lanes");
            AtomicFile.write(target, out -> out.write(1));
            assertTrue(Files.exists(live), "a save in progress elsewhere keeps its temporary file");
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            AtomicFile.write(target, out -> out.write(2));
            assertFalse(Files.exists(live), "the killed save's temporary file is removed by the next save");
            assertArrayEquals(new byte[] {2}, Files.readAllBytes(target));
        } finally {
            child.destroyForcibly();
        }
    }

    /** The content stream buffers 64 KiB: single bytes, arrays on either side of the buffer size, close(). */
    @Test
    void everyWritePatternReachesTheFile() throws IOException {
        byte[] expected = new byte[3 * 65536 + 7];
        for (int i = 0; i < expected.length; i++) expected[i] = (byte) (i * 31 + i / 251);
        int[][] patterns = {{1}, {65535}, {65536}, {65537}, {7, 65536, 1, 65529}, {100_000}, {3, 65534}};
        Path target = dir.resolve("b.bin");
        for (int[] sizes : patterns) {
            AtomicFile.write(target, out -> {
                int at = 0;
                for (int k = 0; at < expected.length; k++) {
                    int len = Math.min(sizes[k % sizes.length], expected.length - at);
                    if (len == 1) out.write(expected[at]);
                    else out.write(expected, at, len);
                    at += len;
                    if (k == 2) out.close(); // ignored but for a flush: writing goes on
                }
            });
            assertArrayEquals(expected, Files.readAllBytes(target), java.util.Arrays.toString(sizes));
        }
    }

    @Test
    void onlyNamesOfTheSaveFormAreStale() throws IOException {
        for (String n : new String[] {".m.lanes.a.tmp", ".m.lanes.0123456789abcdef.tmp", ".m.lanes..tmp",
                ".m.lanes.0123456789abcdef0.tmp", ".m.lanes.ab", ".m.lanes.g.tmp"}) {
            Files.write(dir.resolve(n), new byte[1]);
        }
        AtomicFile.write(dir.resolve("m.lanes"), out -> out.write(1));
        // removed: 1 and 16 lower-case hex digits; kept: none, 17, no .tmp, not hex
        assertEquals(List.of(".m.lanes..tmp", ".m.lanes.0123456789abcdef0.tmp", ".m.lanes.ab", ".m.lanes.g.tmp",
                "m.lanes"), names());
    }

    @Test
    void anUnwritableTargetIsNamedBeforeAnyWork() throws IOException {
        Path missing = dir.resolve("nodir").resolve("m.lanes");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFile.checkWritable(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        IOException d = assertThrows(IOException.class, () -> AtomicFile.checkWritable(sub));
        assertEquals("cannot write " + sub + ": it is a directory", d.getMessage());
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path under = file.resolve("m.lanes");
        IOException f = assertThrows(IOException.class, () -> AtomicFile.checkWritable(under));
        assertTrue(f.getMessage().contains(file + " is not a directory"), f.getMessage());
        // write checks the same way, naming the target rather than its hidden temporary file
        IOException w = assertThrows(IOException.class, () -> AtomicFile.write(missing, out -> out.write(1)));
        assertTrue(w.getMessage().contains(missing.toString()) && !w.getMessage().contains(".tmp"), w.getMessage());
        assertEquals(List.of("plain", "sub"), names());
    }
}
