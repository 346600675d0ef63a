package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.LanesTest.Run;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line under unlucky input and a hostile environment: every failure is one line with the right exit
 * code, output files are whole or absent, and no silent fallback or truncation remains.
 */
class HardeningTest {

    @TempDir
    Path dir;
    private Path model;

    @BeforeEach
    void trainATinyModel() {
        model = dir.resolve("m.lanes");
        Run r = LanesTest.run("train", "--epochs", "2", "--hidden", "4", "--save", model.toString());
        assertEquals(0, r.code(), r.toString());
    }

    private static void assertOneLine(Run r, int code, String... expected) {
        assertEquals(code, r.code(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r.err());
        for (String e : expected) assertTrue(lines.get(0).contains(e), "'" + e + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void outputIsWrittenWholeOrNotAtAll() throws IOException {
        Path csv = Files.writeString(dir.resolve("rows.csv"), "0.5,0.5\n-0.2,0.1\n");
        Path out = dir.resolve("pred.csv");
        Run ok = LanesTest.run("predict", "--model", model.toString(), csv.toString(), "--output", out.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertEquals(3, Files.readAllLines(out).size(), "header and two rows");
        String before = Files.readString(out);
        Path bad = Files.writeString(dir.resolve("bad.csv"), "0.5,0.5\n1,oops\n");
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), bad.toString(), "--output",
                out.toString()), 1, "bad.csv:2");
        assertEquals(before, Files.readString(out), "a failed run leaves the old output");
        assertTrue(files().stream().noneMatch(f -> f.endsWith(".tmp")), files().toString());
        Path nodir = dir.resolve("nodir").resolve("pred.csv");
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), csv.toString(), "--output",
                nodir.toString()), 1, nodir.toString(), "does not exist");
    }

    /** PrintWriter and PrintStream swallow write errors; a failed stdout write must not exit 0. */
    @Test
    void aFailedWriteToStandardOutputExitsNonZero() throws IOException {
        Path csv = Files.writeString(dir.resolve("rows.csv"), "0.5,0.5\n");
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        StringWriter err = new StringWriter();
        int code = Lanes.run(new String[] {"predict", "--model", model.toString(), csv.toString()},
                new PrintWriter(full, true), new PrintWriter(err, true), false);
        assertEquals(1, code);
        assertTrue(err.toString().contains("writing to standard output failed"), err.toString());
        if (Files.isWritable(Path.of("/dev/full"))) { // Linux: a device that is always full
            try (OutputStream dev = Files.newOutputStream(Path.of("/dev/full"))) {
                StringWriter err2 = new StringWriter();
                assertEquals(1, Lanes.run(new String[] {"info", "--model", model.toString()},
                        new PrintWriter(dev, true), new PrintWriter(err2, true), false));
            }
        }
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstField() throws IOException {
        // Headerless: the BOM once made the first row a "header" and dropped it.
        Path rows = Files.writeString(dir.resolve("bom.csv"), "\uFEFF0.5,0.5\n-0.2,0.1\n", StandardCharsets.UTF_8);
        Run r = LanesTest.run("predict", "--model", model.toString(), rows.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(3, r.out().lines().count(), "header and both rows: " + r.out());
        // With a header: the first column's name is "kind", not "\uFEFFkind".
        StringBuilder csv = new StringBuilder("\uFEFFkind,x,y\n");
        for (int i = 0; i < 30; i++) csv.append(i % 2).append(',').append(i % 2).append(',').append(i % 5).append('\n');
        Path train = Files.writeString(dir.resolve("bomh.csv"), csv, StandardCharsets.UTF_8);
        Run t = LanesTest.run("train", "--data", train.toString(), "--label", "kind", "--epochs", "1");
        assertEquals(0, t.code(), t.toString());
    }

    /** No command writes over a file it reads: the data, the test set, the model, predict's input. */
    @Test
    void outputsAreNeverInputs() throws IOException {
        StringBuilder csv = new StringBuilder("x,y,k\n");
        for (int i = 0; i < 20; i++) csv.append(i % 3).append(',').append(i % 5).append(',').append(i % 2).append('\n');
        Path data = Files.writeString(dir.resolve("d.csv"), csv);
        Path test = Files.writeString(dir.resolve("t.csv"), csv);
        byte[] dataBytes = Files.readAllBytes(data);
        assertOneLine(LanesTest.run("train", "--data", data.toString(), "--label", "k", "--save", data.toString()), 2,
                "--save " + data + " is also --data: writing it would destroy that file");
        // The same file by another name.
        Path alias = dir.resolve("sub/../d.csv");
        Files.createDirectories(dir.resolve("sub"));
        assertOneLine(LanesTest.run("train", "--data", data.toString(), "--label", "k", "--save", alias.toString()), 2,
                "is also --data");
        assertOneLine(LanesTest.run("train", "--data", data.toString(), "--label", "k", "--test", test.toString(),
                "--save", test.toString()), 2, "is also --test");
        assertArrayEquals(dataBytes, Files.readAllBytes(data));
        assertArrayEquals(dataBytes, Files.readAllBytes(test));
        Path rows = Files.writeString(dir.resolve("rows.csv"), "0.5,0.5\n");
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), rows.toString(), "--output",
                rows.toString()), 2, "--output " + rows + " is also the input");
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), rows.toString(), "--output",
                model.toString()), 2, "is also --model");
        assertEquals("0.5,0.5\n", Files.readString(rows));
        Path png = dir.resolve("m.png");
        assertOneLine(LanesTest.run("evaluate", "--model", png.toString(), "--data", "x.csv", "--plot",
                png.toString()), 2, "is also --model");
        // A resumed run replaces its own checkpoint: --save may be --resume's file.
        assertEquals(0, LanesTest.run("train", "--data", data.toString(), "--label", "k", "--epochs", "2",
                "--checkpoint-every", "1", "--save", dir.resolve("c.lanes").toString()).code());
        assertEquals(0, LanesTest.run("train", "--data", data.toString(), "--label", "k", "--epochs", "3",
                "--checkpoint-every", "1", "--resume", dir.resolve("c.lanes").toString(), "--save",
                dir.resolve("c.lanes").toString()).code());
    }

    /** Binary input is not read as text: IDX goes to evaluate, other bytes are named where they stop being UTF-8. */
    @Test
    void bytesThatAreNotCsvTextSaySo() throws IOException {
        Path idx = Files.write(dir.resolve("t10k-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0,
            1, 0, 0, 0, 2, 7, 9});
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), idx.toString()), 2,
                "is gzip or IDX data, not CSV text", "lanes evaluate --model " + model + " --data " + idx);
        Path binary = Files.write(dir.resolve("b.csv"), new byte[] {'0', '.', '5', ',', '1', '\n', '2', ',',
            (byte) 0xFF, '\n'});
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), binary.toString()), 1,
                "b.csv: byte 8: line 2 is not UTF-8 text (byte 0xff");
        Path train = Files.write(dir.resolve("bt.csv"), new byte[] {'x', ',', 'k', '\n', '1', ',', (byte) 0xC0,
            '\n'});
        assertOneLine(LanesTest.run("train", "--data", train.toString(), "--label", "k"), 1,
                "bt.csv: byte 6: line 2 is not UTF-8 text (byte 0xc0");
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(new byte[] {(byte) 0xFE, '1', ',', '2', '\n'}));
            assertOneLine(LanesTest.run("predict", "--model", model.toString()), 1,
                    "<stdin>:1: this line, or one soon after it, is not UTF-8 text");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void javaOnlyNumberSyntaxIsNotData() throws IOException {
        for (String field : new String[] {"1f", "2d", "0x1p3", "NaN", "Infinity", "1_000"}) {
            Path rows = Files.writeString(dir.resolve("j.csv"), "0.5,0.5\n" + field + ",1\n");
            assertOneLine(LanesTest.run("predict", "--model", model.toString(), rows.toString()), 1,
                    "j.csv:2, column 1", "\"" + field + "\" is not a finite number");
            Path train = Files.writeString(dir.resolve("t.csv"), "x,y,k\n1,2,a\n" + field + ",3,b\n");
            assertOneLine(LanesTest.run("train", "--data", train.toString(), "--label", "k"), 1,
                    "t.csv:3", "\"" + field + "\" is not a number");
        }
        Path ok = Files.writeString(dir.resolve("ok.csv"), "0.5,0.5\n-1.5e-3,+.5\n3.,-0E+2\n");
        assertEquals(0, LanesTest.run("predict", "--model", model.toString(), ok.toString()).code());
    }

    @Test
    void builtInSetOptionsOutOfRangeAreUsageErrors() {
        assertOneLine(LanesTest.run("train", "--points", "-5"), 2, "--points must be at least 1, got -5");
        assertOneLine(LanesTest.run("train", "--points", "0"), 2, "--points must be at least 1");
        assertOneLine(LanesTest.run("train", "--noise", "NaN"), 2, "--noise must be a finite number ≥ 0, got NaN");
        assertOneLine(LanesTest.run("train", "--noise", "-0.1"), 2, "--noise");
        assertOneLine(LanesTest.run("train", "--noise", "Infinity"), 2, "--noise");
    }

    @Test
    void directoriesAreNamedInErrors() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub.lanes"));
        assertOneLine(LanesTest.run("info", "--model", sub.toString()), 1, sub + " is a directory");
        Path onnx = Files.createDirectory(dir.resolve("sub.onnx"));
        assertOneLine(LanesTest.run("predict", "--model", onnx.toString()), 1, onnx + " is a directory");
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), sub.toString()), 1,
                sub + " is a directory");
        Path csvDir = Files.createDirectory(dir.resolve("data.csv")); // a directory is a set of IDX files
        assertOneLine(LanesTest.run("train", "--data", csvDir.toString(), "--label", "k"), 2, csvDir.toString());
        assertOneLine(LanesTest.run("train", "--data", csvDir.toString()), 1, csvDir.toString());
        assertOneLine(LanesTest.run("predict", "--model", model.toString(), "--output", sub.toString()), 1,
                sub + ": it is a directory");
    }

    /** --save into a missing directory once failed after training, naming the hidden temporary file. */
    @Test
    void theSaveTargetIsCheckedBeforeTraining() throws IOException {
        Path target = dir.resolve("nodir").resolve("m.lanes");
        Run r = LanesTest.run("train", "--save", target.toString());
        assertOneLine(r, 1, target.toString(), "does not exist");
        assertFalse(r.out().contains("training"), "nothing trained: " + r.out());
        assertFalse(r.err().contains(".tmp"), r.err());
        Path plot = dir.resolve("nodir").resolve("p.png");
        assertOneLine(LanesTest.run("train", "--plot", plot.toString()), 1, plot.toString());
    }

    @Test
    void aZeroWideOutputIsRefused() throws IOException {
        Path file = dir.resolve("zero.onnx");
        Files.write(file, OnnxBytes.model(new OnnxBytes()
                .message(1, OnnxBytes.node("MatMul", "y", "x", "W"))
                .message(5, OnnxBytes.zeros("W", 2, 0))
                .message(11, OnnxBytes.value("x", -1, 2))
                .message(12, OnnxBytes.value("y", -1, 0))));
        Path rows = Files.writeString(dir.resolve("rows.csv"), "0.5,0.5\n");
        assertOneLine(LanesTest.run("predict", "--model", file.toString(), rows.toString()), 1,
                "0 outputs per row");
    }

    /** 75 bytes that declare a fixed batch of 2^27: the padded chunk alone would be 1 GiB for a one-row CSV. */
    @Test
    void aHugeFixedBatchIsRefusedBeforeAllocating() throws IOException {
        Path file = dir.resolve("batch.onnx");
        byte[] bytes = OnnxBytes.model(new OnnxBytes()
                .message(1, OnnxBytes.node("Relu", "y", "x"))
                .message(11, OnnxBytes.value("x", 1 << 27, 2))
                .message(12, OnnxBytes.value("y", 1 << 27, 2)));
        Files.write(file, bytes);
        assertTrue(bytes.length < 80, bytes.length + " bytes");
        Path rows = Files.writeString(dir.resolve("rows.csv"), "0.5,0.5\n");
        long needed = 3L << 30; // y (2^27 × 2 floats), the padded input chunk and the output chunk: 1 GiB each
        assertOneLine(LanesTest.run("predict", "--model", file.toString(), rows.toString()), 1,
                "fixed batch of 134217728 rows", needed + " bytes (3.0 GiB)", "session memory limit",
                "(here: --max-memory " + needed / 1024 + "k or more)");
        assertOneLine(LanesTest.run("predict", "--model", file.toString(), rows.toString(), "--max-memory", "lots"), 2,
                "--max-memory");
    }

    /** A run that exhausts the heap ends in one line with advice, not a stack trace. */
    @Test
    void outOfMemoryIsOneLineWithAdvice() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        String modulePath = System.getProperty("jdk.module.path");
        String cp = modulePath == null || modulePath.isBlank() ? System.getProperty("java.class.path")
                : modulePath + File.pathSeparator + System.getProperty("java.class.path");
        // 3000 × 3000 weights are 36 MB: their parameters, gradients and moments cannot fit a 32 MiB heap.
        cmd.addAll(List.of("-Xmx32m", "-Dlanes.kernels=scalar", "-Djava.awt.headless=true", "-cp", cp,
                Lanes.class.getName(), "train", "--hidden", "3000,3000", "--epochs", "1"));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), err);
        List<String> lines = err.lines().filter(l -> !l.startsWith("WARNING:")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("lanes train: out of memory"), err);
        assertTrue(lines.get(0).contains("-Xmx") && lines.get(0).contains("--batch"), err);
    }
}
