package dev.lanes.bench.report;

import dev.lanes.io.AtomicFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

/**
 * Writes the study report from JMH JSON results: a Markdown file with tables and PNG charts, and optionally
 * the headline block of the README. Every figure comes from the inputs. Run with {@code --help} for usage;
 * the Maven profile {@code report} of bench/pom.xml runs it on the newest study.
 */
public final class Report {

    private Report() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(Options.USAGE);
            return;
        }
        try {
            run(Options.parse(args), System.out);
        } catch (ReportException | IOException e) {
            System.err.println("Report: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Reads the inputs, then writes charts, report and README; the README is checked before anything is written. */
    static void run(Options o, PrintStream log) throws IOException {
        List<Path> inputs = o.inputs().isEmpty() ? List.of(newestStudy(o.results(), log)) : o.inputs();
        StudyResults study = StudyResults.read(inputs, o.command());
        List<Target> targets = Targets.evaluate(study);
        String readme = null;
        if (o.readme() != null) {
            // Before writing anything: a README without markers must not leave a half-updated study behind.
            readme = ReadmeBlock.replace(ReadmeBlock.read(o.readme()),
                    Headline.render(study, targets, o.readme(), o.out()), o.readme());
        }
        Path markdownDir = o.out().toAbsolutePath().normalize().getParent();
        ChartOutput charts = new ChartOutput(o.charts(), markdownDir);
        writeText(o.out(), ReportDocument.render(study, targets, charts, o.out()));
        charts.removeStale();
        log.println("Report: wrote " + o.out() + " and " + charts.written().size() + " charts in " + o.charts());
        if (readme != null) {
            writeText(o.readme(), readme);
            log.println("Report: updated the study block of " + o.readme());
        }
    }

    /** Replaces {@code file} atomically (never half-written), creating its folder if needed. */
    private static void writeText(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /** The most recently modified study-*.json in {@code dir}. */
    static Path newestStudy(Path dir, PrintStream log) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ReportException("no results folder " + dir + ": run the study first");
        }
        Path newest = null;
        FileTime newestTime = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "study-*.json")) {
            for (Path f : files) {
                FileTime t = Files.getLastModifiedTime(f);
                if (newest == null || t.compareTo(newestTime) > 0
                        || (t.equals(newestTime) && f.getFileName().toString()
                                .compareTo(newest.getFileName().toString()) > 0)) {
                    newest = f;
                    newestTime = t;
                }
            }
        }
        if (newest == null) {
            throw new ReportException("no study-*.json in " + dir + ": run the study first");
        }
        log.println("Report: no input given; using the newest study result, " + newest);
        return newest;
    }
}
