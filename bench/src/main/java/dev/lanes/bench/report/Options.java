package dev.lanes.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Report's command line:
 * {@code [--out FILE] [--charts DIR] [--readme FILE] [--command TEXT] [--results DIR] [input.json ...]}.
 *
 * @param out     the Markdown report
 * @param charts  the folder for the PNG charts
 * @param readme  the README whose study block is replaced, or null to leave READMEs alone
 * @param command the command that produced the data, or null to take it from the side files
 * @param results where to look for the newest study-*.json when no input is given, or null
 * @param inputs  JMH JSON files
 */
record Options(Path out, Path charts, Path readme, String command, Path results, List<Path> inputs) {

    static final String USAGE = "usage: Report [--out bench/REPORT.md] [--charts bench/report] "
            + "[--readme README.md] [--command \"<command that produced the data>\"] [--results DIR] "
            + "[input.json ...]";

    static Options parse(String[] args) {
        Path out = Path.of("bench", "REPORT.md");
        Path charts = Path.of("bench", "report");
        Path readme = null;
        String command = null;
        Path results = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.isBlank()) {
                continue; // an empty ${report.input} from Maven arrives as "" on some platforms
            }
            if (!a.startsWith("--")) {
                inputs.add(Path.of(a));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new ReportException(a + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(value);
                case "--charts" -> charts = Path.of(value);
                case "--readme" -> readme = Path.of(value);
                case "--command" -> command = value;
                case "--results" -> results = Path.of(value);
                default -> throw new ReportException("unknown option " + a + "; " + USAGE);
            }
        }
        if (inputs.isEmpty() && results == null) {
            throw new ReportException("no input: give JMH JSON files, or --results DIR to take the newest "
                    + "study-*.json there; " + USAGE);
        }
        return new Options(out, charts, readme, command, results, List.copyOf(inputs));
    }
}
