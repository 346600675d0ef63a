package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.LanesTest.Run;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lanes evaluate} after {@code lanes train}, on tiny IDX and CSV sets. */
class EvaluateTest {

    @TempDir
    Path dir;

    private Path trainIdx() throws IOException {
        TinySets.write(dir, "train", 60, 1);
        TinySets.write(dir, "t10k", 30, 2);
        Path model = dir.resolve("idx.lanes");
        Run r = LanesTest.run("train", "--data", dir.toString(), "--hidden", "8", "--optimizer", "adam", "--lr",
                "0.01", "--batch", "10", "--epochs", "20", "--l2", "0", "--save", model.toString());
        assertEquals(0, r.code(), r.toString());
        return model;
    }

    /**
     * The test split is separable with a wide margin (see {@link TinySets}) and the model fits it: 30 of 30
     * right, 10 per class, so every precision, recall and F1 is 1 and the matrix is diagonal. The heat map is
     * a PNG of the documented size whose three diagonal cells (each the largest count) are filled with the
     * scale's top colour: over 3 × 10 000 pixels of it, where a cell is about 180 pixels square.
     */
    @Test
    void trainThenEvaluateAnIdxSet() throws IOException {
        Path model = trainIdx();
        Path png = dir.resolve("confusion.png");
        Run r = LanesTest.run("evaluate", "--model", model.toString(), "--data", dir.toString(), "--plot",
                png.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("evaluating idx.lanes on t10k-images-idx3-ubyte.gz: 30 rows × 36 features → 3 classes",
                lines.get(0));
        assertTrue(lines.get(1).matches("accuracy 100\\.00 % \\(30/30\\), mean cross-entropy \\d\\.\\d{4}"),
                lines.get(1));
        assertEquals("class  precision  recall      F1  support", lines.get(3));
        assertEquals("    0      1.000   1.000   1.000       10", lines.get(4));
        assertEquals("macro      1.000   1.000   1.000       30", lines.get(7));
        assertEquals("confusion matrix (rows: actual class, columns: predicted class)", lines.get(9));
        assertEquals("        0   1   2", lines.get(10));
        assertEquals("    0  10   0   0", lines.get(11));
        assertEquals("    2   0   0  10", lines.get(13));
        assertEquals("plotted " + png + " (confusion matrix)", lines.get(lines.size() - 1));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(ConfusionPlot.WIDTH, image.getWidth());
        assertEquals(ConfusionPlot.HEIGHT, image.getHeight());
        int top = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                top += (image.getRGB(x, y) & 0xFFFFFF) == ConfusionPlot.TOP ? 1 : 0;
            }
        }
        assertTrue(top > 30_000, top + " pixels of the top colour");

        Path file = dir.resolve("t10k-images-idx3-ubyte.gz");
        Run same = LanesTest.run("evaluate", "--model", model.toString(), "--data", file.toString());
        assertEquals(0, same.code(), same.toString());
        assertEquals(r.out().lines().skip(1).limit(14).toList(), same.out().lines().skip(1).limit(14).toList());
    }

    /** A CSV file with string labels is numbered as train numbered it: sorted names, all present. */
    @Test
    void trainThenEvaluateACsvFile() throws IOException {
        Path data = TinySets.petsCsv(dir.resolve("pets.csv"), 30);
        Path model = dir.resolve("pets.lanes");
        assertEquals(0, LanesTest.run("train", "--data", data.toString(), "--label", "kind", "--epochs", "50",
                "--hidden", "8", "--save", model.toString()).code());
        Run r = LanesTest.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--label", "kind");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("classes: 0 = ant, 1 = bee, 2 = cat"), r.out());
        assertTrue(r.out().contains("support"), r.out());

        Path two = Files.writeString(dir.resolve("two.csv"), "x,y,kind\n0,1,ant\n1,2,bee\n");
        Run missing = LanesTest.run("evaluate", "--model", model.toString(), "--data", two.toString(), "--label",
                "kind");
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("has 2 classes [ant, bee] where 3 are expected"), missing.err());
    }

    @Test
    void badArgumentsAreOneLine() throws IOException {
        Path model = trainIdx();
        Path csv = Files.writeString(dir.resolve("narrow.csv"), "a,b,label\n1,2,0\n");
        Run wide = LanesTest.run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--label",
                "label");
        assertEquals(1, wide.code(), wide.toString());
        assertTrue(wide.err().startsWith("lanes evaluate: --data " + csv + " has 2 features per row; the model takes"
                + " 36"), wide.err());
        Path sine = dir.resolve("sine.lanes");
        assertEquals(0, LanesTest.run("train", "--data", "sine", "--epochs", "1", "--save", sine.toString()).code());
        Run regression = LanesTest.run("evaluate", "--model", sine.toString(), "--data", dir.toString());
        assertEquals(2, regression.code(), regression.toString());
        assertTrue(regression.err().contains("evaluate measures classifiers"), regression.err());
        Run noPlot = LanesTest.run("evaluate", "--model", model.toString(), "--data", dir.toString(), "--plot",
                "m.jpg");
        assertEquals(2, noPlot.code());
        Run required = LanesTest.run("evaluate", "--model", model.toString());
        assertEquals(2, required.code());
        assertTrue(required.err().contains("--data"), required.err());
    }
}
