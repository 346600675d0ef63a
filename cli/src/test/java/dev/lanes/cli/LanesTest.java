package dev.lanes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in process: exit codes, messages, files written. Each run takes well under a second. */
class LanesTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Lanes.run(args, new PrintWriter(out, true), new PrintWriter(err, true), terminal);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(false, args);
    }

    private static void assertOneLineError(Run r, String expected) {
        assertNotEquals(0, r.code(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + r.err());
        assertTrue(lines.get(0).startsWith("lanes"), r.err());
        assertTrue(lines.get(0).contains(expected), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    /**
     * Every command's help formats cleanly. picocli formats description lines with String.format and, on a
     * stray '%', prints "[picocli WARN] Could not format ..." on the System.err it saw when it was first
     * loaded, so this runs the command line in a JVM of its own and reads its stderr.
     */
    @Test
    void helpPrintsNoWarning() throws IOException, InterruptedException {
        String path = System.getProperty("jdk.module.path", "") + java.io.File.pathSeparator
                + System.getProperty("java.class.path", "");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String command : List.of("train", "evaluate", "predict", "info")) {
            Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", path, "dev.lanes.cli.Lanes",
                    command, "--help").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), command + ": " + err);
            assertFalse((out + err).contains("WARN"), command + ": " + out + err);
            assertTrue(out.contains("Usage: lanes " + command), command + ": " + out);
            if (command.equals("train")) {
                assertTrue(out.contains("about 98 % accuracy"), out);
            }
        }
    }

    @Test
    void badArgumentsGiveOneLineAndUsageExitCode() {
        assertOneLineError(run("train", "--bogus"), "Unknown option: '--bogus'");
        assertOneLineError(run("train", "--epochs", "0"), "--epochs must be at least 1");
        assertOneLineError(run("train", "--optimizer", "foo"), "'foo' is not one of");
        assertOneLineError(run("train", "--hidden", "10,x"), "--hidden");
        assertOneLineError(run("train", "--plot", "out.jpg"), ".png");
        assertOneLineError(run("train", "--data", "sine", "--loss", "hinge"), "needs classes");
        assertOneLineError(run(), "missing command");
        assertOneLineError(run("predict"), "--model");
        assertEquals(2, run("train", "--bogus").code());
    }

    @Test
    void badFilesGiveOneLineAndFailureExitCode() throws IOException {
        Run missing = run("info", "--model", dir.resolve("none.lanes").toString());
        assertOneLineError(missing, "no such file");
        assertEquals(1, missing.code());

        Path garbage = Files.writeString(dir.resolve("bad.lanes"), "not a model");
        assertOneLineError(run("info", "--model", garbage.toString()), "not a Lanes model file");
        assertOneLineError(run("predict", "--model", garbage.toString()), "not a Lanes model file");

        Path csv = Files.writeString(dir.resolve("bad.csv"), "a,b,label\n1,2,x\n3,oops,y\n");
        assertOneLineError(run("train", "--data", csv.toString(), "--label", "label"), "bad.csv:3");
        assertOneLineError(run("train", "--data", csv.toString()), "needs --label");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Run r = run("info", "--model", dir.resolve("none.lanes").toString(), "--verbose");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void trainXorWritesModelAndPlots() throws IOException {
        Path model = dir.resolve("xor.lanes");
        Path plot = dir.resolve("xor.png");
        Run r = run("train", "--data", "xor", "--epochs", "20", "--hidden", "8", "--save", model.toString(),
                "--plot", plot.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.size(model) > 0);
        assertPng(plot, RegionPlot.WIDTH, RegionPlot.HEIGHT);
        assertPng(dir.resolve("xor-curves.png"), Curves.WIDTH, Curves.HEIGHT);
        String last = r.out().lines().filter(l -> l.startsWith("done:")).findFirst().orElseThrow();
        assertTrue(last.matches("done: accuracy \\d+\\.\\d % \\(\\d+/200\\), .* in \\d+\\.\\d\\d s .*"), last);
    }

    @Test
    void trainSineRegressionPlotsTheFit() throws IOException {
        Path plot = dir.resolve("sine.png");
        Run r = run("train", "--data", "sine", "--epochs", "5", "--hidden", "16", "--activation", "tanh",
                "--plot", plot.toString());
        assertEquals(0, r.code(), r.toString());
        assertFalse(r.out().contains("accuracy"), r.out());
        assertPng(plot, FitPlot.WIDTH, FitPlot.HEIGHT);
        assertPng(dir.resolve("sine-curves.png"), Curves.WIDTH, Curves.HEIGHT);
    }

    @Test
    void everyLossAndOptimizerRuns() {
        for (String optimizer : Choices.labels(Choices.OptimizerKind.class)) {
            Run r = run("train", "--data", "xor", "--points", "5", "--epochs", "2", "--hidden", "4",
                    "--optimizer", optimizer, "--activation", "leaky-relu");
            assertEquals(0, r.code(), optimizer + ": " + r);
        }
        for (String loss : List.of("softmax-ce", "hinge", "bce")) {
            Run r = run("train", "--data", "spiral", "--points", "10", "--epochs", "2", "--loss", loss,
                    "--activation", "sigmoid", "--held-out", "0.2");
            assertEquals(0, r.code(), loss + ": " + r);
            assertTrue(r.out().contains("held-out"), r.out());
        }
    }

    @Test
    void plainOutputHasNoCarriageReturnAndTerminalOutputRedraws() {
        Run plain = run(false, "train", "--data", "xor", "--points", "5", "--epochs", "30", "--hidden", "4");
        assertEquals(0, plain.code());
        assertFalse(plain.out().contains("\r"), plain.out());
        assertEquals(10, plain.out().lines().filter(l -> l.startsWith("epoch")).count(), plain.out());

        Run terminal = run(true, "train", "--data", "xor", "--points", "5", "--epochs", "30", "--hidden", "4");
        assertEquals(0, terminal.code());
        assertTrue(terminal.out().contains("\r["), terminal.out());
        assertTrue(terminal.out().contains("epoch 30/30"), terminal.out());
    }

    @Test
    void predictWritesClassAndProbabilities() throws IOException {
        Path model = dir.resolve("m.lanes");
        assertEquals(0, run("train", "--data", "xor", "--epochs", "30", "--hidden", "8", "--optimizer", "adam",
                "--save", model.toString()).code());
        Path csv = Files.writeString(dir.resolve("in.csv"), "a,b,label\n0,0,0\n0,1,1\n\n1,0,1\n1,1,0\n");
        Path out = dir.resolve("out.csv");
        Run r = run("predict", "--model", model.toString(), "--label", "label", "--output", out.toString(),
                csv.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("class,p_0,p_1", lines.get(0));
        assertEquals(5, lines.size(), lines.toString());
        for (String line : lines.subList(1, 5)) {
            String[] f = line.split(",");
            assertEquals(3, f.length, line);
            double p0 = Double.parseDouble(f[1]);
            double p1 = Double.parseDouble(f[2]);
            assertEquals(1.0, p0 + p1, 1e-5, line); // six decimals each
            assertEquals(p1 > p0 ? 1 : 0, Integer.parseInt(f[0]), line);
        }
        assertEquals(List.of("0", "1", "1", "0"), lines.subList(1, 5).stream().map(l -> l.split(",")[0]).toList());
    }

    @Test
    void predictReadsStdinWithoutHeader() throws IOException {
        Path model = dir.resolve("sine.lanes");
        assertEquals(0, run("train", "--data", "sine", "--epochs", "2", "--hidden", "4", "--save",
                model.toString()).code());
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("0.5\n-1\n".getBytes(StandardCharsets.UTF_8)));
            Run r = run("predict", "--model", model.toString(), "--raw");
            assertEquals(0, r.code(), r.toString());
            List<String> lines = r.out().lines().toList();
            assertEquals("value,out_0", lines.get(0));
            assertEquals(3, lines.size());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void infoWithoutAModelSaysWhichKernelsRunAndWhy() {
        Run r = run("info");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("kernels: " + dev.lanes.kernels.Kernels.describe().implementation()
                + " kernels"), r.out());
        assertTrue(r.out().contains(dev.lanes.kernels.Kernels.describe().reason()), r.out());
    }

    @Test
    void infoPrintsArchitectureAndKernels() {
        Path model = dir.resolve("m.lanes");
        assertEquals(0, run("train", "--data", "spiral", "--points", "10", "--epochs", "1", "--hidden", "12,7",
                "--activation", "tanh", "--save", model.toString()).code());
        Run r = run("info", "--model", model.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Dense 2 → 12"), r.out());
        assertTrue(r.out().contains("Tanh"), r.out());
        assertTrue(r.out().contains("Dense 7 → 3"), r.out());
        assertTrue(r.out().contains("parameters: 151"), r.out()); // 2·12+12 + 12·7+7 + 7·3+3
        assertTrue(r.out().contains("format version: 1"), r.out());
        assertTrue(r.out().contains("kernels: "), r.out());
    }

    @Test
    void predictAndInfoAcceptOnnxFiles() throws IOException {
        Path model = dir.resolve("m.lanes");
        assertEquals(0, run("train", "--data", "xor", "--epochs", "30", "--hidden", "8", "--optimizer", "adam",
                "--save", model.toString()).code());
        Path onnx = dir.resolve("m.onnx");
        dev.lanes.onnx.OnnxExport.save(dev.lanes.infer.Model.load(model), onnx);
        Path csv = Files.writeString(dir.resolve("in.csv"), "a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n");
        Run lanes = run("predict", "--model", model.toString(), "--label", "label", csv.toString());
        Run imported = run("predict", "--model", onnx.toString(), "--label", "label", csv.toString());
        assertEquals(0, imported.code(), imported.toString());
        assertEquals(lanes.out(), imported.out()); // six decimals: the two runtimes agree to far better
        Run info = run("info", "--model", onnx.toString());
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().contains("ONNX model, opset 13, from lanes"), info.out());
        assertTrue(info.out().contains("Gemm"), info.out());
        Path broken = Files.write(dir.resolve("broken.onnx"), new byte[] {8, 7, 0x3a, 100, 1});
        assertOneLineError(run("info", "--model", broken.toString()), "not a valid ONNX");
    }

    @Test
    void predictRunsAFixedBatchPytorchExportInChunks() throws IOException {
        Path linear = Path.of("/usr/share/libonnx-testdata/data/pytorch-converted/test_Linear/model.onnx");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(linear), "libonnx-testdata not installed");
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < 6; r++) { // 6 rows: one full batch of 4, then 2 rows padded to 4
            for (int c = 0; c < 10; c++) csv.append(c == 0 ? "" : ",").append(r == 5 ? 0 : (r + c) % 3 - 1);
            csv.append('\n');
        }
        Path in = Files.writeString(dir.resolve("rows.csv"), csv);
        Run r = run("predict", "--model", linear.toString(), "--raw", in.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("class,p_0,") && lines.get(0).endsWith(",out_7"), lines.get(0));
    }

    private static void assertPng(Path png, int width, int height) throws IOException {
        assertTrue(Files.size(png) > 1000, png + " is nearly empty");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth(), png.toString());
        assertEquals(height, image.getHeight(), png.toString());
    }
}
