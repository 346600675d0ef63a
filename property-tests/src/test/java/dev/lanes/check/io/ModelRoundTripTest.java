package dev.lanes.check.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.check.Floats;
import dev.lanes.check.Property;
import dev.lanes.check.Rnd;
import dev.lanes.check.Sizes;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.io.AtomicFile;
import dev.lanes.io.ModelFormatException;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Linear;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Step;
import dev.lanes.nn.Tanh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save → load is exact: the loaded model's outputs are bit-identical to the trained network's own inference
 * pass, for every layer type; saving the loaded model gives the same bytes. Saving is atomic; a layer the
 * format does not know is refused by name.
 */
class ModelRoundTripTest {

    static final Sizes BATCH = Sizes.MATRIX.named("batch").atLeast(1).atMost(9);
    static final Sizes WIDTH = Sizes.MATRIX.named("width").atLeast(1).atMost(17);
    static final int KINDS = 9;

    /** Dense → (kind) → Dense → Maxout → Dropout → (kind again): every elementwise kind in turn. */
    static Layer[] layers(int kind, int in, int h, int out, int k, Rnd v) {
        return new Layer[] {new Dense(in, h), activation(kind, h, v), new Dense(h, out * k), new Maxout(out, k),
            new Dropout(out, v.nextDouble() * 0.9), activation(kind, out, v)};
    }

    static Layer activation(int kind, int w, Rnd v) {
        return switch (kind) {
            case 0 -> new Relu(w);
            case 1 -> new LeakyRelu(w, (float) (v.nextDouble() - 0.5));
            case 2 -> new PRelu(w);
            case 3 -> new Sigmoid(w);
            case 4 -> new Tanh(w);
            case 5 -> new Softmax(w);
            case 6 -> new Step(w);
            case 7 -> new Linear(w);
            default -> new Dropout(w, 0.5);
        };
    }

    record Case(int[] s, long seed) {
        @Override
        public String toString() {
            return "batch " + s[0] + " widths in " + s[1] + " h " + s[2] + " out " + s[3] + " k " + s[4]
                    + " seed " + seed;
        }
    }

    @Test
    void loadedModelsGiveBitIdenticalOutputs() {
        Property.of("save → load outputs", (v, s) -> new Case(s, v.nextLong()), BATCH, WIDTH.named("in"),
                WIDTH.named("h"), WIDTH.named("out"), Sizes.MATRIX.named("k").atLeast(1).atMost(4)).check(c -> {
            for (int kind = 0; kind < KINDS; kind++) {
                Rnd v = new Rnd(c.seed + kind);
                int batch = c.s[0];
                Sequential net = Sequential.of(batch, v.nextLong(), layers(kind, c.s[1], c.s[2], c.s[3], c.s[4], v));
                float[] w = net.parameters().values();
                for (int i = 0; i < w.length; i++) { // PReLU slopes and biases away from their initial values
                    w[i] = Floats.UNIT.next(v.at(i));
                }
                float[] x = new float[batch * c.s[1]];
                for (int i = 0; i < x.length; i++) {
                    x[i] = 3 * Floats.UNIT.next(v.at(1_000_000 + i));
                }
                // The compiled sessions of the model before and after the file give the same bits (how a
                // session's compiled plan relates to net.forward: SessionTest).
                Model before = Model.of(net);
                float[] expected = new float[batch * c.s[3]];
                before.newSession(batch).predictBatch(x, batch, expected);
                byte[] file = before.toBytes();
                Model loaded;
                try {
                    loaded = Model.fromBytes(file);
                } catch (ModelFormatException e) {
                    throw new AssertionError("kind " + kind, e);
                }
                float[] got = new float[batch * c.s[3]];
                loaded.newSession(batch).predictBatch(x, batch, got);
                assertBits("kind " + kind, expected, got, got.length);
                assertArrayEquals(file, loaded.toBytes(), "kind " + kind + ": re-saved bytes");
                assertEquals(net.parameters().size(), loaded.parameterCount());
                // and back to a trainable network with the same parameters
                assertArrayEquals(w, loaded.toSequential(batch).parameters().values());
            }
        });
    }

    static void assertBits(String what, float[] expected, float[] got, int n) {
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void everyLayerTypeRoundTripsThroughAFile(@TempDir Path dir) throws IOException {
        Sequential net = Sequential.of(2, 3, new Dense(3, 8), new Relu(8), new Dense(8, 8), new LeakyRelu(8, 0.01f),
                new PRelu(8), new Sigmoid(8), new Tanh(8), new Dense(8, 6), new Maxout(3, 2), new Dropout(3, 0.2),
                new Linear(3), new Step(3), new Softmax(3));
        Path p = dir.resolve("all.lanes");
        Model.of(net).save(p);
        Model m = Model.load(p);
        float[] x = {0.5f, -1.25f, 2f, 0.1f, 0.2f, -0.3f};
        float[] out = new float[6];
        m.newSession(2).predictBatch(x, 2, out);
        assertBits("all layers", net.forward(x, 2, false), out, 6);
        assertEquals(13, m.layerCount());
        String d = m.describe();
        assertEquals(14, d.lines().count(), d);
        for (String s : List.of("Dense 3 → 8", "LeakyRelu width 8, α = 0.01", "PRelu width 8", "Maxout 6 → 3, k = 2",
                "Dropout width 3, p = 0.2", "Step width 3", "Softmax width 3", "format version 1")) {
            assertTrue(d.contains(s), s + " in\n" + d);
        }
        assertEquals(1, m.formatVersion());
    }

    @Test
    void aModelIsASnapshot() {
        Sequential net = ModelFiles.smallNet();
        Model m = Model.of(net);
        float[] x = {0.3f, -0.7f};
        float[] before = m.newSession(1).predict(x);
        java.util.Arrays.fill(net.parameters().values(), 0.5f);
        assertArrayEquals(before, m.newSession(1).predict(x));
        Sequential copy = m.toSequential(4);
        java.util.Arrays.fill(copy.parameters().values(), 0.25f);
        assertArrayEquals(before, m.newSession(1).predict(x));
    }

    /** A user's own layer. */
    static final class Doubler extends Layer {
        @Override
        public int inputWidth() {
            return 2;
        }

        @Override
        public int outputWidth() {
            return 2;
        }

        @Override
        public void forward(float[] y, float[] x, int batch, boolean training) {
            for (int i = 0; i < 2 * batch; i++) {
                y[i] = 2 * x[i];
            }
        }

        @Override
        public void backward(float[] dx, float[] dy, float[] x, float[] y, int batch) {}
    }

    @Test
    void anUnknownLayerIsRefusedByName() {
        Sequential net = Sequential.of(1, 1, new Dense(2, 2), new Doubler());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.of(net));
        assertTrue(e.getMessage().contains("layer 1 Doubler(2 → 2)"), e.getMessage());
        assertTrue(e.getMessage().contains(Doubler.class.getName()), e.getMessage());
    }

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("model.lanes");
        byte[] old = ModelFiles.smallFile();
        Model.fromBytes(old).save(p);
        assertArrayEquals(old, Files.readAllBytes(p));
        byte[] other = Model.of(Sequential.of(1, 2, new Dense(3, 5))).toBytes();
        // A writer that fails half-way, as a full disk or a crash would: checked, unchecked and Error.
        List<Throwable> failures = List.of(new IOException("disk full"), new IllegalStateException("bug"),
                new OutOfMemoryError("simulated"));
        for (Throwable failure : failures) {
            Throwable thrown = assertThrows(failure.getClass(), () -> AtomicFile.write(p, out -> {
                out.write(other, 0, other.length / 2);
                out.flush();
                sneakyThrow(failure);
            }));
            assertEquals(failure, thrown);
            assertArrayEquals(old, Files.readAllBytes(p), "old file after " + failure);
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(p), files.toList(), "directory after " + failure);
            }
        }
        // and a successful save replaces it, leaving only the model
        Model.fromBytes(other).save(p);
        assertArrayEquals(other, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
    }

    @Test
    void savingOverAFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("model.lanes");
        Model.fromBytes(ModelFiles.smallFile()).save(p);
        if (Files.getFileAttributeView(p, PosixFileAttributeView.class) == null) {
            return; // not a POSIX file system: nothing to keep
        }
        // Unlike any default: group-writable, no access for others.
        Set<PosixFilePermission> chosen = PosixFilePermissions.fromString("rw-rw----");
        Files.setPosixFilePermissions(p, chosen);
        Model.of(Sequential.of(1, 2, new Dense(3, 5))).save(p);
        assertEquals(chosen, Files.getPosixFilePermissions(p));
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
