package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.LanesTest.Run;
import dev.lanes.infer.Checkpoint;
import dev.lanes.infer.Model;
import dev.lanes.kernels.Kernels;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --checkpoint-every N --save FILE} and {@code --resume FILE}: a run killed mid-way (SIGKILL, in
 * a child JVM) leaves a checkpoint that loads, and the same command with {@code --resume} ends with the file
 * the uninterrupted run writes, byte for byte.
 */
class ResumeCommandTest {

    @TempDir
    Path dir;

    /** The spiral demo, smaller: 2-32-3 with dropout, Adam on a cosine schedule, 300 epochs, a checkpoint every 10. */
    static List<String> spiral(Path save) {
        return List.of("train", "--hidden", "32", "--dropout", "0.1", "--optimizer", "adam", "--schedule", "cosine",
                "--epochs", "300", "--checkpoint-every", "10", "--save", save.toString());
    }

    @Test
    void aKilledRunResumesToTheUninterruptedResult() throws Exception {
        Path whole = dir.resolve("whole.lanes");
        assertEquals(0, child(spiral(whole)).waitFor(), "uninterrupted run");

        Path killed = dir.resolve("killed.lanes");
        Process p = child(spiral(killed));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(killed) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no finally blocks
        Checkpoint c = Checkpoint.load(killed); // whatever was on disk is a whole checkpoint
        int epoch = c.loop().epoch();
        assertTrue(epoch % 10 == 0 && epoch < 300, "killed after a checkpoint and before the end: epoch " + epoch);
        List<String> resumed = new ArrayList<>(spiral(killed));
        resumed.addAll(List.of("--resume", killed.toString()));
        assertEquals(0, child(resumed).waitFor(), "resumed run");
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(killed),
                "resumed after epoch " + epoch + " of 300: the same final checkpoint");
    }

    /** A child JVM running {@code lanes} with this JVM's kernels and VM flags; output to a log beside the files. */
    private Process child(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String arg : ProcessHandle.current().info().arguments().orElse(new String[0])) {
            if (arg.startsWith("-XX:")) { // the vector width, should a run narrow it
                cmd.add(arg);
            }
        }
        if (Kernels.describe().implementation().equals("simd")) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        } else {
            cmd.add("-Dlanes.kernels=scalar");
        }
        String modulePath = System.getProperty("jdk.module.path");
        String cp = modulePath == null || modulePath.isBlank() ? System.getProperty("java.class.path")
                : modulePath + File.pathSeparator + System.getProperty("java.class.path");
        cmd.addAll(List.of("-Djava.awt.headless=true", "-cp", cp, Lanes.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + System.nanoTime() + ".log").toFile()).start();
    }

    /**
     * In process, on a CSV file (standardised, the scaling folded into the saved model): 3 epochs, then the same
     * command for 6 with --resume, ends as 6 epochs at once (at a constant rate: the files' default cosine
     * stretches to the new length, so its first 3 epochs differ); the checkpoint runs with predict as a model
     * does.
     */
    @Test
    void aFinishedRunTrainsFurtherAndTheCheckpointPredicts() throws Exception {
        Path csv = TinySets.petsCsv(dir.resolve("pets.csv"), 90);
        Path once = dir.resolve("once.lanes");
        Path twice = dir.resolve("twice.lanes");
        Run a = LanesTest.run(pets(csv, once, 6));
        assertEquals(0, a.code(), a.toString());
        assertTrue(a.out().contains("saved " + once + " (") && a.out().contains("format version 2: a checkpoint"
                + " after epoch 6 of 6, adam"), a.out());
        assertEquals(0, LanesTest.run(pets(csv, twice, 3)).code());
        List<String> more = new ArrayList<>(List.of(pets(csv, twice, 6)));
        more.addAll(List.of("--resume", twice.toString()));
        Run b = LanesTest.run(more.toArray(new String[0]));
        assertEquals(0, b.code(), b.toString());
        assertTrue(b.out().contains("resuming " + twice + ": after epoch 3 of 3, adam"), b.out());
        assertTrue(b.out().contains("epoch 6/6"), b.out());
        assertArrayEquals(Files.readAllBytes(once), Files.readAllBytes(twice));
        // The model section takes raw rows: predict on the training file gives the classes the run learnt.
        Model m = Model.load(twice);
        assertEquals(2, m.formatVersion());
        Run info = LanesTest.run("info", "--model", twice.toString());
        assertTrue(info.out().contains("training state: after epoch 6 of 6, adam (β1 = 0.9, β2 = 0.999, ε = 1.0E-8), "
                + "54 steps, 90 rows in batches of 10; train --resume continues it"), info.out());
        Run predict = LanesTest.run("predict", "--model", twice.toString(), "--label", "kind", csv.toString());
        assertEquals(0, predict.code(), predict.toString());
        List<String> rows = predict.out().lines().skip(1).toList();
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            right += rows.get(i).startsWith((i % 3) + ",") ? 1 : 0;
        }
        assertEquals(90, right, "x alone tells the kind: " + predict.out());
    }

    private static String[] pets(Path csv, Path save, int epochs) {
        return new String[] {"train", "--data", csv.toString(), "--label", "kind", "--hidden", "8", "--optimizer",
            "adam", "--lr", "0.01", "--schedule", "constant", "--batch", "10", "--l2", "0", "--epochs",
            Integer.toString(epochs), "--checkpoint-every", "3", "--save", save.toString()};
    }

    @Test
    void mistakesAreOneLineErrors() throws Exception {
        Path plain = dir.resolve("plain.lanes");
        Path ckpt = dir.resolve("ckpt.lanes");
        String[] quick = {"--hidden", "8", "--epochs", "4", "--optimizer", "adam"};
        assertEquals(0, LanesTest.run(concat(new String[] {"train", "--save", plain.toString()}, quick)).code());
        assertEquals(0, LanesTest.run(concat(new String[] {"train", "--save", ckpt.toString(), "--checkpoint-every",
            "2"}, quick)).code());
        assertError(LanesTest.run("train", "--checkpoint-every", "2"), 2, "--checkpoint-every needs --save FILE");
        assertError(LanesTest.run(concat(new String[] {"train", "--resume", plain.toString()}, quick)), 1,
                "no training state");
        assertError(LanesTest.run(concat(new String[] {"train", "--resume", ckpt.toString()}, quick)), 2,
                "has run 4 of 4 epochs; give --epochs above 4");
        assertError(LanesTest.run("train", "--resume", ckpt.toString(), "--hidden", "9", "--epochs", "8",
                "--optimizer", "adam"), 1, "layer 0: the network has Dense 2 → 9");
        assertError(LanesTest.run("train", "--resume", ckpt.toString(), "--hidden", "8", "--epochs", "8"), 1,
                "the saved state is adam's, this optimizer is sgd");
        assertError(LanesTest.run("train", "--resume", ckpt.toString(), "--hidden", "8", "--epochs", "8",
                "--optimizer", "adam", "--batch", "20"), 1, "batches of 30 rows, this one 20");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void assertError(Run r, int code, String phrase) {
        assertEquals(code, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(phrase), r.err());
        // A refused checkpoint is never announced as resumed.
        assertFalse(r.out().contains("resuming"), r.out());
    }
}
