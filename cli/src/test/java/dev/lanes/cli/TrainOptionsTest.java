package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.Choices.OptimizerKind;
import dev.lanes.cli.LanesTest.Run;
import dev.lanes.infer.Model;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's defaults by the kind of data, and --schedule, --dropout and --patience. */
class TrainOptionsTest {

    @TempDir
    Path dir;

    private static String line(Run r, String start) {
        return r.out().lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(
                "no line starting '" + start + "' in:\n" + r.toString()));
    }

    @Test
    void defaultsByKindOfData() {
        // Built-in sets: the spiral demo's settings; regression takes Adam.
        assertEquals(OptimizerKind.SGD, Defaults.optimizer(false, true));
        assertEquals(OptimizerKind.ADAM, Defaults.optimizer(false, false));
        assertEquals(0.5f, Defaults.rate(OptimizerKind.SGD, false));
        assertEquals(0.01f, Defaults.rate(OptimizerKind.ADAM, false));
        assertEquals(30, Defaults.batch(false));
        assertEquals(300, Defaults.epochs(false, 300, 30));
        assertEquals(1e-3f, Defaults.l2(false));
        assertEquals(ScheduleOption.CONSTANT, Defaults.schedule(false));
        // Files: Adam 1e-3 down a cosine to 0, batches of 64, no L2, 10 epochs or enough for 2000 steps.
        assertEquals(ScheduleOption.COSINE, Defaults.schedule(true));
        assertEquals(OptimizerKind.ADAM, Defaults.optimizer(true, true));
        assertEquals(0.001f, Defaults.rate(OptimizerKind.ADAM, true));
        assertEquals(0.01f, Defaults.rate(OptimizerKind.SGD, true));
        assertEquals(64, Defaults.batch(true));
        assertEquals(0f, Defaults.l2(true));
        assertEquals(10, Defaults.epochs(true, 60_000, 64), "Fashion-MNIST: 938 steps an epoch, 10 epochs");
        assertEquals(667, Defaults.epochs(true, 150, 64), "iris-sized: 3 steps an epoch, ⌈2000 / 3⌉ epochs");
        assertEquals(1000, Defaults.epochs(true, 1, 64), "at most 1000");
        assertEquals(10, Defaults.epochs(true, 12_800, 64), "200 steps an epoch: exactly 2000 in 10");
        assertEquals(11, Defaults.epochs(true, 12_736, 64), "199 steps an epoch: 11 epochs for 2000");
    }

    @Test
    void theDefaultsChosenAreTheOnesPrinted() throws Exception {
        Path csv = TinySets.petsCsv(dir.resolve("pets.csv"), 90);
        Run file = LanesTest.run("train", "--data", csv.toString(), "--label", "kind", "--hidden", "8");
        assertEquals(0, file.code(), file.toString());
        assertTrue(line(file, "training").endsWith("softmax-ce, adam 0.001 (cosine to 0.0), batch 64, 1000 epochs"), file.out());
        assertTrue(line(file, "done:").contains("1000 epochs, 2000 steps"), file.out());
        assertTrue(line(file, "done:").startsWith("done: accuracy 100.0 %"), file.out());
        Run demo = LanesTest.run("train", "--epochs", "1");
        assertEquals(0, demo.code(), demo.toString());
        assertTrue(line(demo, "training").endsWith("2-100-3 relu (603 parameters), softmax-ce, sgd 0.5, L2 0.001, "
                + "batch 30, 1 epochs"), demo.out());
        Run given = LanesTest.run("train", "--data", csv.toString(), "--label", "kind", "--hidden", "8",
                "--optimizer", "rmsprop", "--batch", "16", "--epochs", "3", "--l2", "0.01");
        assertTrue(line(given, "training").endsWith("rmsprop 0.001 (cosine to 0.0), L2 0.01, batch 16, 3 epochs"), given.out());
    }

    @Test
    void scheduleDropoutAndPatience() throws Exception {
        Path model = dir.resolve("m.lanes");
        Run r = LanesTest.run("train", "--data", "xor", "--hidden", "8", "--epochs", "4", "--optimizer", "adam",
                "--lr", "0.04", "--schedule", "step:2:0.5", "--dropout", "0.25", "--save", model.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(line(r, "training").contains("2-8-2 relu, dropout 0.25 (")
                && line(r, "training").contains("adam 0.04 (×0.5 every 2 epochs)"), r.out());
        // lr per epoch: 0.04, 0.04, 0.02, 0.02 (printed with 3 significant digits)
        List<String> epochs = r.out().lines().filter(l -> l.startsWith("epoch")).toList();
        assertEquals(4, epochs.size(), r.out());
        assertTrue(epochs.get(1).contains("lr 0.0400") && epochs.get(2).contains("lr 0.0200"), r.out());
        assertTrue(Model.load(model).describe().contains("Dropout width 8, p = 0.25"), Model.load(model).describe());

        Run cosine = LanesTest.run("train", "--data", "xor", "--hidden", "8", "--epochs", "4", "--optimizer", "adam",
                "--lr", "0.04", "--schedule", "cosine");
        // η(e) = ½·0.04·(1 + cos(π·e / 4)): 0.04, 0.0341, 0.02, 0.00586
        List<String> lines = cosine.out().lines().filter(l -> l.startsWith("epoch")).toList();
        assertTrue(lines.get(1).contains("lr 0.0341") && lines.get(3).contains("lr 0.00586"), cosine.out());

        Run early = LanesTest.run("train", "--data", "xor", "--hidden", "8", "--epochs", "200", "--optimizer",
                "adam", "--held-out", "0.25", "--patience", "3");
        assertEquals(0, early.code(), early.toString());
        assertTrue(line(early, "training").endsWith("200 epochs, early stopping on held-out loss, patience 3"),
                early.out());
        String done = line(early, "done:");
        assertTrue(done.matches(".*, (\\d+) epochs, .*; kept epoch \\d+ \\(lowest held-out loss\\)"), done);
        int run = Integer.parseInt(done.replaceAll(".*, (\\d+) epochs, .*", "$1"));
        int kept = Integer.parseInt(done.replaceAll(".*kept epoch (\\d+) .*", "$1"));
        assertTrue(kept <= run && (run == 200 || run - kept == 3), "stops 3 epochs after the best: " + done);
        assertEquals(run < 200, done.contains("; stopped early"), done);
    }

    @Test
    void badValuesAreUsageErrors() {
        for (String[] bad : new String[][] {{"--dropout", "1"}, {"--dropout", "-0.1"}, {"--patience", "0"},
            {"--schedule", "linear"}, {"--schedule", "step:0:0.5"}, {"--schedule", "exp:0"},
            {"--schedule", "cosine:0.6"}, {"--batch", "0"}}) {
            Run r = LanesTest.run("train", "--epochs", "1", bad[0], bad[1]);
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r);
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertTrue(LanesTest.run("train", "--schedule", "step:x").err().contains("is not one of constant, step:N:F"));
        assertTrue(LanesTest.run("train", "--epochs", "1", "--schedule", "cosine:0.9").err()
                .contains("the floor exceeds the learning rate 0.5"));
    }
}
