package dev.lanes.bench.report;

import java.nio.file.Path;
import java.util.List;

/** The README's study block: the targets in one table, what produced them, and a link to the full report. */
final class Headline {

    private Headline() {}

    /**
     * @param readme the README the block goes into: the report link is relative to its folder
     * @param report the full report
     */
    static String render(StudyResults s, List<Target> targets, Path readme, Path report) {
        MarkdownTable t = new MarkdownTable(4, List.of("Target", "Goal", "Measured", "Verdict"));
        for (Target target : targets) {
            t.row(List.of(target.name(), target.goal(), target.measured(), target.verdict()));
        }
        String table = t.toString();
        String date = s.hasProperty("finished") ? s.property("finished") : s.property("started");
        String link = ChartOutput.relative(readme.toAbsolutePath().normalize().getParent(), report);
        return table + '\n' + Fmt.legend(table)
                + "Study: " + s.property("study") + " · command: " + ReportDocument.code(s.command())
                + " · CPU: " + s.property("cpu") + " · JDK: " + s.jdk() + " · date: " + date
                + " · full report: [" + link + "](" + link + ")\n";
    }
}
