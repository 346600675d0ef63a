package dev.lanes.cli;

import dev.lanes.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The check every command makes on a file it will write, before any work: that it can be written
 * ({@link AtomicFile#checkWritable}) and that it is none of the files the command reads, which writing would
 * destroy ({@code train --data d.csv --save d.csv} once replaced the data with the model).
 */
final class OutputFiles {

    private OutputFiles() {}

    /**
     * Checks {@code target}, given as {@code option}; null is no file.
     *
     * @param option the option naming the target, for the message
     * @param target the file to be written, or null
     * @param inputs pairs of an input's option and its path (a null path, or a name that is no file, is skipped)
     * @throws UsageException when target is one of the inputs
     * @throws IOException    when it cannot be written (AtomicFile's reasons)
     */
    static void check(String option, Path target, Object... inputs) throws IOException {
        if (target == null) {
            return;
        }
        for (int i = 0; i < inputs.length; i += 2) {
            Path input = inputs[i + 1] instanceof Path p ? p : null;
            if (input != null && same(target, input)) {
                throw new UsageException(option + " " + target + " is also " + inputs[i] + ": writing it would"
                        + " destroy that file; write to another one");
            }
        }
        AtomicFile.checkWritable(target);
    }

    /** The same file: the same inode where both exist (links, relative paths), else the same normal path. */
    private static boolean same(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
