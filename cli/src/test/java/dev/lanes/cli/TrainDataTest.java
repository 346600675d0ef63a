package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.LanesTest.Run;
import dev.lanes.data.CsvLoader;
import dev.lanes.data.Dataset;
import dev.lanes.infer.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's data options: IDX files and directories, a separate --test set, and scaling from training rows only. */
class TrainDataTest {

    @TempDir
    Path dir;

    private static final String[] QUICK = {"--hidden", "8", "--optimizer", "adam", "--lr", "0.01", "--batch", "10",
        "--epochs", "20", "--l2", "0"};

    private static Run train(String... args) {
        String[] all = new String[args.length + QUICK.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(QUICK, 0, all, 1 + args.length, QUICK.length);
        return LanesTest.run(all);
    }

    private static String line(Run r, String start) {
        return r.out().lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting '" + start + "' in:\n" + r.out()));
    }

    /**
     * The sets of {@link TinySets} are separable with a wide margin (each class's band of columns is at least
     * 180 where every other pixel is below 60), and 120 Adam steps fit them: every test row is right.
     */
    @Test
    void idxDirectoryOrFilesWithATestSet() throws IOException {
        Path trainImages = TinySets.write(dir, "train", 60, 1);
        Path testImages = TinySets.write(dir, "t10k", 30, 2);
        for (String[] data : new String[][] {{dir.toString(), dir.toString()},
                {trainImages.toString(), testImages.toString()}}) {
            Run r = train("--data", data[0], "--test", data[1]);
            assertEquals(0, r.code(), r.toString());
            assertTrue(line(r, "training").startsWith("training train-images-idx3-ubyte.gz: 60 rows × 36 features"
                    + " → 3 classes with 36-8-3 relu"), r.out());
            assertTrue(line(r, "test:").matches("test: accuracy 100\\.0 % \\(30/30\\), loss \\d\\.\\d{4} on "
                    + "t10k-images-idx3-ubyte\\.gz"), r.out());
        }
    }

    @Test
    void testSetMismatchesAreOneLineErrors() throws IOException {
        TinySets.write(dir, "train", 12, 1);
        Path csv = Files.writeString(dir.resolve("t.csv"), "a,b,label\n1,2,0\n3,4,1\n");
        assertOneLine(train("--data", "xor", "--test", csv.toString()), 2, "the built-in sets have no test split");
        assertOneLine(train("--data", dir.toString(), "--label", "y"), 2, "--label applies to CSV files");
        assertOneLine(train("--data", dir.toString(), "--test", csv.toString(), "--label", "label"), 2,
                "--label applies to CSV files");
        Path wide = Files.writeString(dir.resolve("w.csv"), "a,b,c,label\n1,2,3,x\n3,4,5,y\n6,7,8,x\n");
        Path narrow = Files.writeString(dir.resolve("n.csv"), "a,b,label\n1,2,x\n3,4,y\n");
        assertOneLine(train("--data", wide.toString(), "--label", "label", "--test", narrow.toString()), 1,
                "has 2 features per row, the training data 3");
        assertOneLine(train("--data", dir.toString(), "--test", dir.resolve("none").toString()), 2,
                "is neither a file, a directory");
    }

    private static void assertOneLine(Run r, int code, String phrase) {
        assertEquals(code, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(phrase), r.err());
    }

    /** A CSV test set is numbered with the training file's classes, even when it lacks one of them. */
    @Test
    void csvTestSetUsesTheTrainingClasses() throws IOException {
        Path trainCsv = TinySets.petsCsv(dir.resolve("train.csv"), 30);
        Path testCsv = Files.writeString(dir.resolve("test.csv"), "x,y,kind\n1,3,bee\n2,5,cat\n2,1,cat\n");
        Run r = train("--data", trainCsv.toString(), "--label", "kind", "--test", testCsv.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("classes: 0 = ant, 1 = bee, 2 = cat (predict prints the index)", line(r, "classes:"));
        assertTrue(line(r, "test:").matches("test: accuracy \\d+\\.\\d % \\(\\d/3\\), loss .* on test\\.csv"),
                r.out());
        Path unknown = Files.writeString(dir.resolve("unknown.csv"), "x,y,kind\n1,3,dog\n");
        assertOneLine(train("--data", trainCsv.toString(), "--label", "kind", "--test", unknown.toString()), 1,
                "unknown.csv:2, column 3: label \"dog\" is not one of the classes [ant, bee, cat]");
    }

    /**
     * The standardisation is fitted on the training rows alone: replacing the test rows, or the held-out rows,
     * by wildly different values leaves the trained (and saved, scaling folded in) model bit for bit the same.
     * Fitted on all rows, as it once was, the means and deviations, and so every weight, would change.
     */
    @Test
    void scalingComesFromTheTrainingRowsOnly() throws IOException {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            double a = i + random.nextDouble(); // unique: identifies the row
            double b = random.nextGaussian();
            csv.append(a).append(',').append(b).append(',').append(b > 0 ? 1 : 0).append('\n');
        }
        Path file = Files.writeString(dir.resolve("all.csv"), csv);
        Path tame = Files.writeString(dir.resolve("tame.csv"), "a,b,label\n1,0.5,1\n2,-0.5,0\n");
        Path wild = Files.writeString(dir.resolve("wild.csv"), "a,b,label\n1000,500,1\n-3000,-900,0\n");
        assertArrayEquals(trained(file, "--test", tame.toString()), trained(file, "--test", wild.toString()));

        // The rows --held-out 0.25 --seed 1 holds out are those Dataset.split(0.25, 1) puts aside.
        Dataset all = CsvLoader.classification("label").load(file).dataset();
        Dataset held = all.split(0.25, 1).heldOut();
        Set<String> heldA = new HashSet<>();
        for (int r = 0; r < held.rows(); r++) {
            heldA.add(Float.toString(held.feature(r, 0)));
        }
        StringBuilder changed = new StringBuilder("a,b,label\n");
        for (String row : csv.toString().lines().skip(1).toList()) {
            String[] f = row.split(",");
            boolean isHeld = heldA.contains(Float.toString(Float.parseFloat(f[0])));
            changed.append(f[0]).append(',').append(isHeld ? Double.parseDouble(f[1]) * 1000 : f[1]).append(',')
                    .append(f[2]).append('\n');
        }
        assertEquals(10, heldA.size());
        Path other = Files.writeString(dir.resolve("changed.csv"), changed);
        assertArrayEquals(trained(file, "--held-out", "0.25"), trained(other, "--held-out", "0.25"));
    }

    /** The parameters of the model trained on {@code csv} with {@code extra} options. */
    private float[] trained(Path csv, String... extra) throws IOException {
        Path model = Files.createTempFile(dir, "m", ".lanes");
        String[] args = new String[extra.length + 6];
        System.arraycopy(new String[] {"--data", csv.toString(), "--label", "label", "--save", model.toString()}, 0,
                args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        Run r = train(args);
        assertEquals(0, r.code(), r.toString());
        return Model.load(model).toSequential(1).parameters().values();
    }
}
