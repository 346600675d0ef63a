package dev.lanes.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeBlockTest {

    private static final Path FILE = Path.of("docs", "SOME-README.md");

    @Test
    void replacesOnlyBetweenTheMarkers() {
        String before = "# Title\n\nSome  text\twith odd   spacing, ünïcode ✓\n<!-- study:begin -->\n";
        String after = "<!-- study:end -->\ntrailing, no newline at the end";
        String text = before + "old line 1\nold line 2\n" + after;
        String out = ReadmeBlock.replace(text, "| new |\n", FILE);
        assertEquals(before + "| new |\n" + after, out);
        assertTrue(out.startsWith(before) && out.endsWith(after));
    }

    @Test
    void keepsCrLfAndIndentedMarkers() {
        String before = "a\r\n  <!-- study:begin -->  \r\n";
        String after = "<!-- study:end -->\r\nz\r\n";
        String out = ReadmeBlock.replace(before + "x\r\n" + after, "one\ntwo\n", FILE);
        assertEquals(before + "one\r\ntwo\r\n" + after, out);
    }

    @Test
    void emptyBlockBetweenAdjacentMarkers() {
        String text = "<!-- study:begin -->\n<!-- study:end -->\n";
        assertEquals("<!-- study:begin -->\nnew\n<!-- study:end -->\n", ReadmeBlock.replace(text, "new\n", FILE));
    }

    @Test
    void missingMarkerFailsNamingTheFile() {
        ReportException e = assertThrows(ReportException.class,
                () -> ReadmeBlock.replace("# no markers\n<!-- study:end -->\n", "x\n", FILE));
        assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(ReadmeBlock.BEGIN), e.getMessage());
        assertThrows(ReportException.class, () -> ReadmeBlock.replace("<!-- study:begin -->\n", "x\n", FILE));
    }

    @Test
    void duplicatedOrReversedMarkersFail() {
        String twice = "<!-- study:begin -->\n<!-- study:end -->\n<!-- study:begin -->\n<!-- study:end -->\n";
        ReportException e = assertThrows(ReportException.class, () -> ReadmeBlock.replace(twice, "x\n", FILE));
        assertTrue(e.getMessage().contains("exactly one") && e.getMessage().contains(FILE.toString()),
                e.getMessage());
        assertThrows(ReportException.class,
                () -> ReadmeBlock.replace("<!-- study:end -->\n<!-- study:begin -->\n", "x\n", FILE));
    }

    @Test
    void markerInsideALineDoesNotCount() {
        String text = "see `<!-- study:begin -->` below\n<!-- study:begin -->\nold\n<!-- study:end -->\n";
        assertEquals("see `<!-- study:begin -->` below\n<!-- study:begin -->\nnew\n<!-- study:end -->\n",
                ReadmeBlock.replace(text, "new\n", FILE));
    }
}
