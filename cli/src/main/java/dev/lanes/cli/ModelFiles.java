package dev.lanes.cli;

import dev.lanes.nn.Sequential;
import java.nio.file.Path;

/** Model files, through the inference API of the io branch (wired in when it lands). */
final class ModelFiles {

    private ModelFiles() {}

    static void save(Sequential net, Path file) {
        throw new UsageException("--save is not available yet: model files come with the inference API");
    }
}
