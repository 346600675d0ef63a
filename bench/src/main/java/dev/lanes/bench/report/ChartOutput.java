package dev.lanes.bench.report;

import dev.lanes.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Where the charts go, and how the Markdown links to them (relative to the Markdown file, so the report
 * renders wherever the repository is checked out).
 */
final class ChartOutput {

    /** Every chart the report can draw; a rerun removes those it did not draw this time. */
    static final List<String> ALL = List.of("gemm-gflops.png", "gemm-layers.png", "inference-latency.png",
            "inference-latency-spiral.png", "training-steps.png", "kernels-speedup.png");

    private final Path dir;
    private final Path markdownDir;
    private final Set<String> written = new LinkedHashSet<>();

    /**
     * @param dir         the folder for the PNG files
     * @param markdownDir the folder of the Markdown file that links to them
     */
    ChartOutput(Path dir, Path markdownDir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.markdownDir = markdownDir.toAbsolutePath().normalize();
    }

    /** Writes the chart as {@code fileName} and returns a Markdown image line that shows it. */
    String save(Chart<?, ?> chart, String fileName) throws IOException {
        byte[] png = Charts.png(chart);
        Files.createDirectories(dir);
        AtomicFile.write(dir.resolve(fileName), out -> out.write(png));
        written.add(fileName);
        return "![" + chart.getTitle() + "](" + relative(markdownDir, dir.resolve(fileName)) + ")\n";
    }

    Set<String> written() {
        return written;
    }

    /** Deletes the report's own chart files that this run did not write, so none is left unreferenced. */
    void removeStale() throws IOException {
        for (String name : ALL) {
            if (!written.contains(name)) {
                Files.deleteIfExists(dir.resolve(name));
            }
        }
    }

    /** {@code to} relative to folder {@code from}, with '/' separators as Markdown links need. */
    static String relative(Path from, Path to) {
        Path rel = from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize());
        return rel.toString().replace('\\', '/');
    }
}
