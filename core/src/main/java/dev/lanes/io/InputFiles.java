package dev.lanes.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The check every reader of a named file makes before opening it, so its errors name the file: the JDK's own
 * ("Is a directory") do not.
 */
public final class InputFiles {

    private InputFiles() {}

    /**
     * {@code file}, when it exists and is not a directory.
     *
     * @throws NoSuchFileException naming the file when it is missing
     * @throws IOException         "FILE is a directory, not a file" for a directory
     * @param file the file about to be read
     * @return {@code file} itself
     */
    public static Path regular(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not a file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return file;
    }
}
