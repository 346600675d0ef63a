package dev.lanes.check.io;

import static dev.lanes.check.io.ModelFiles.le;
import static dev.lanes.check.io.ModelFiles.withCrc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Checkpoint;
import dev.lanes.infer.Model;
import dev.lanes.io.ModelFormatException;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adam;
import dev.lanes.optim.OptimizerState;
import dev.lanes.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training-state section of format version 2, as ModelFormatTest treats version 1: every truncation and
 * bit flip rejected, every field forged (with a correct checksum, so the field's own check must catch it)
 * rejected with a ModelFormatException naming the field's offset.
 */
class CheckpointFormatTest {

    // ModelFiles.smallNet: 7 layers, 36 parameters, one Dropout. The model ends (the section starts) at
    // S = 28 + 7·24 + 36·4 = 340.
    static final int S = 340;
    static final int P = 36;
    static final int ROWS = 10;
    static final int ORDER = S + 88;
    static final int GENERATOR = ORDER + 4 * ROWS;
    static final int MOMENTS = GENERATOR + 20;          // m then v, P floats each
    static final int OWN = MOMENTS + 2 * 4 * P;
    static final int BEST = OWN + 4 * P;
    static final int SIZE = BEST + 4 * P + 4;           // 1068

    /**
     * Every optional part present: Adam's two moments after three steps, training parameters that differ from
     * the model's, early stopping on held-out loss with a best epoch and its parameters, a spare Gaussian in the
     * shuffling generator.
     */
    static Checkpoint checkpoint() {
        Sequential net = ModelFiles.smallNet();
        Adam adam = new Adam();
        for (int step = 0; step < 3; step++) {
            float[] g = net.parameters().gradients();
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) Math.sin(i + 10 * step);
            }
            adam.step(net.parameters(), 0.01f);
        }
        Model model = Model.of(net);
        float[] training = net.parameters().values().clone();
        training[0] += 1;
        float[] best = training.clone();
        best[1] -= 1;
        Rng shuffle = new Rng(5);
        shuffle.nextGaussian(); // leaves a spare
        Rng dropout = null;
        for (Layer l : net.layers()) {
            if (l instanceof Dropout d) {
                dropout = d.generator();
            }
        }
        int[] order = {3, 1, 4, 0, 5, 9, 2, 6, 8, 7};
        return new Checkpoint(model, training, adam.state(net.parameters()), new Checkpoint.Loop(3, 5, 3,
                shuffle.position(), order, List.of(dropout.position()), 2, 1, 0.25, best, false));
    }

    static byte[] file() {
        return checkpoint().toBytes();
    }

    static ModelFormatException reject(byte[] file, String what) {
        return ModelFiles.reject(Checkpoint::fromBytes, file, what);
    }

    static void rejectAt(byte[] file, int offset, String phrase, String what) {
        ModelFormatException e = reject(withCrc(file), what);
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(phrase), what + ": " + e.getMessage());
    }

    @Test
    void theLayoutIsTheDocumentedOneAndRoundTrips() throws Exception {
        Checkpoint c = checkpoint();
        byte[] f = c.toBytes();
        assertEquals(SIZE, f.length);
        assertEquals(2, le(f).getInt(8));
        assertEquals(1, le(f).getInt(12));
        assertEquals(6, le(f).getInt(S), "adam's tag");
        assertEquals(3, le(f).getLong(S + 20), "steps");
        assertEquals(1, le(f).getInt(S + 84), "flags: training parameters present, not stopped");
        assertEquals(c.parameters()[0], le(f).getFloat(OWN));
        Checkpoint back = Checkpoint.fromBytes(f);
        assertArrayEquals(f, back.toBytes());
        assertArrayEquals(c.parameters(), back.parameters());
        assertArrayEquals(c.loop().order(), back.loop().order());
        assertEquals(c.loop().shuffle(), back.loop().shuffle());
        assertEquals(c.loop().dropout(), back.loop().dropout());
        assertArrayEquals(c.optimizer().moments()[1], back.optimizer().moments()[1]);
        assertArrayEquals(c.loop().best(), back.loop().best());
        // The model section alone, as predict reads it.
        Model m = Model.fromBytes(f);
        assertEquals(2, m.formatVersion());
        assertArrayEquals(c.model().toBytes(), m.toBytes(), "the model section is the model, bit for bit");
        // Training parameters equal to the model's are not stored twice.
        Checkpoint same = new Checkpoint(c.model(), c.model().toSequential(1).parameters().values(), c.optimizer(),
                c.loop());
        assertEquals(SIZE - 4 * P, same.toBytes().length);
        assertEquals(0, le(same.toBytes()).getInt(S + 84));
    }

    /** The checkpoint with {@code edit} applied to its bytes (little-endian). */
    private static byte[] forged(java.util.function.Consumer<java.nio.ByteBuffer> edit) {
        byte[] f = file();
        edit.accept(le(f));
        return f;
    }

    private static void accepted(byte[] forged, String what) {
        try {
            Checkpoint.fromBytes(withCrc(forged));
        } catch (ModelFormatException e) {
            throw new AssertionError(what + " should be accepted: " + e.getMessage(), e);
        }
    }

    /**
     * Each field at the edge of its range is accepted, and one step past it rejected at the field's offset: the
     * checks are exactly the documented intervals, not one off.
     */
    @Test
    void fieldsAreCheckedToTheirExactBounds() {
        // epoch = epochs: a finished run
        accepted(forged(b -> b.putInt(S + 28, 5)), "epoch 5 of 5");
        rejectAt(forged(b -> b.putInt(S + 28, 6)), S + 28, "epoch 6 is outside [0, 5]", "epoch 6 of 5");
        // best epoch = epoch − 1
        accepted(forged(b -> b.putInt(S + 72, 2)), "best epoch 2 after 3");
        rejectAt(forged(b -> b.putInt(S + 72, 3)), S + 72, "best epoch 3 is outside [0, 3)", "best epoch 3 after 3");
        accepted(forged(b -> b.putInt(S + 72, 0)), "best epoch 0");
        // the last known watched metric
        accepted(forged(b -> b.putInt(S + 68, 3)), "watch 3");
        rejectAt(forged(b -> b.putInt(S + 68, 4)), S + 68, "early stopping watches 4", "watch 4");
        // AdamW: Adam's moments, a fourth hyper-parameter λ = +0.0 (the slot Adam leaves zero)
        accepted(forged(b -> b.putInt(S, 7)), "adamw");
        rejectAt(forged(b -> b.putInt(S, 8)), S, "unknown optimizer tag 8", "tag 8");
        rejectAt(forged(b -> b.putInt(S, 0)), S, "unknown optimizer tag 0", "tag 0");
        // β1 = 0: [0, 1) includes 0
        accepted(forged(b -> b.putFloat(S + 4, 0f)), "β1 = 0");
        accepted(forged(b -> b.putFloat(S + 4, Math.nextDown(1f))), "β1 just below 1");
        rejectAt(forged(b -> b.putFloat(S + 4, 1f)), S + 4, "is outside [0, 1)", "β1 = 1");
        rejectAt(forged(b -> b.putFloat(S + 4, -Float.MIN_VALUE)), S + 4, "is outside [0, 1)", "β1 < 0");
        // ε: positive, however small
        accepted(forged(b -> b.putFloat(S + 12, Float.MIN_VALUE)), "ε = MIN_VALUE");
        rejectAt(forged(b -> b.putFloat(S + 12, 0f)), S + 12, "is not positive and finite", "ε = 0");
        rejectAt(forged(b -> b.putFloat(S + 12, Float.POSITIVE_INFINITY)),
                S + 12, "is not positive and finite", "ε = ∞");
        rejectAt(forged(b -> { b.putInt(S, 7); b.putFloat(S + 16, Float.POSITIVE_INFINITY); }),
                S + 16, "is not ≥ 0 and finite", "λ = ∞");
        rejectAt(forged(b -> { b.putInt(S, 7); b.putFloat(S + 16, -1f); }), S + 16, "is not ≥ 0 and finite", "λ < 0");
        accepted(forged(b -> b.putLong(S + 20, OptimizerState.maxSteps(OptimizerState.Kind.ADAM))), "the most steps");
        rejectAt(forged(b -> b.putLong(S + 20, OptimizerState.maxSteps(OptimizerState.Kind.ADAM) + 1)),
                S + 20, "is outside [0, ", "one step too many");
        rejectAt(forged(b -> b.putLong(S + 20, -1)), S + 20, "step count -1", "negative steps");
        accepted(forged(b -> b.putInt(S + 36, 1)), "batch 1");
        rejectAt(forged(b -> b.putInt(S + 36, 0)), S + 36, "batch size 0 is not positive", "batch 0");
        rejectAt(forged(b -> b.putInt(S + 32, 0)), S + 32, "0 epochs planned", "no epochs");
    }

    @Test
    void everyTruncationIsRejected() {
        ModelFiles.everyTruncationIsRejected(Checkpoint::fromBytes, file());
    }

    @Test
    void everySingleBitFlipIsRejected() {
        ModelFiles.everySingleBitFlipIsRejected(Checkpoint::fromBytes, file());
    }

    @Test
    void trailingBytesAndFlagsAreRejected() {
        byte[] f = Arrays.copyOf(file(), SIZE + 3);
        ModelFormatException e = reject(f, "3 trailing bytes");
        assertEquals(SIZE, e.offset());
        assertTrue(e.getMessage().contains("trailing bytes"), e.getMessage());
        f = file();
        le(f).putInt(12, 3);
        rejectAt(f, 12, "unknown flags 0x2", "header flag bit 1");
        f = file();
        le(f).putInt(8, 1);
        rejectAt(f, 12, "version 1 defines none", "version 1 with training state");
    }

    @Test
    void forgedFixedFieldsAreRejectedAtTheirOffsets() {
        Object[][] forgeries = {
            {S, 0, "unknown optimizer tag 0"}, {S, 8, "unknown optimizer tag 8"},
            {S + 4, 1f, "β1 = 1.0 is outside [0, 1)"}, {S + 8, -0.5f, "β2 = -0.5 is outside [0, 1)"},
            {S + 12, 0f, "ε = 0.0 is not positive"}, {S + 12, Float.NaN, "ε = NaN is not positive"},
            {S + 16, 1f, "slot 3 must be +0.0"}, {S + 16, -0f, "slot 3 must be +0.0"},
            {S + 20, -1L, "step count -1"}, {S + 20, 1L << 31, "step count 2147483648 is outside [0, 2147483647]"},
            {S + 28, 6, "epoch 6 is outside [0, 5]"}, {S + 28, -1, "epoch -1"},
            {S + 32, 0, "0 epochs planned"}, {S + 36, 0, "batch size 0"},
            {S + 40, 0, "0 training rows"}, {S + 40, -7, "-7 training rows"},
            {S + 44 + 16, 2, "has-spare field must be 0 or 1"},
            {S + 64, 8, "8 dropout generators for 7 layers"}, {S + 64, -1, "-1 dropout generators"},
            {S + 68, 4, "watches 4"}, {S + 72, 3, "best epoch 3 is outside [0, 3)"},
            {S + 72, -1, "best epoch -1 is outside"},
            {S + 84, 4, "unknown flags 0x4"},
        };
        for (Object[] forgery : forgeries) {
            byte[] f = file();
            int at = (int) forgery[0];
            switch (forgery[1]) {
                case Integer v -> le(f).putInt(at, v);
                case Long v -> le(f).putLong(at, v);
                case Float v -> le(f).putFloat(at, v);
                default -> throw new IllegalStateException();
            }
            rejectAt(f, at, (String) forgery[2], "field " + at + " = " + forgery[1]);
        }
        // No spare Gaussian, but a spare value: the value is the offending field.
        byte[] f = file();
        le(f).putInt(S + 60, 0);
        rejectAt(f, S + 52, "spare field must be +0.0", "spare without has-spare");
        // Stopped early after the planned epochs.
        f = file();
        le(f).putInt(S + 84, 3).putInt(S + 32, 3);
        rejectAt(f, S + 84, "stopped early after epoch 3 of 3", "stopped at the end");
        // Watching nothing, with a best epoch (the best parameters' bytes become the size's business, so the
        // field check must come first).
        f = file();
        le(f).putInt(S + 68, 0);
        rejectAt(f, S + 72, "best epoch 1 without early stopping", "best epoch without watching");
        // A dropout count that matches the size (one generator less, five order entries more) but not the model.
        f = file();
        le(f).putInt(S + 64, 0).putInt(S + 40, ROWS + 5);
        rejectAt(f, S + 64, "0 dropout generators, but the model has 1 Dropout layers", "dropout count");
    }

    @Test
    void forgedArraysAreRejectedAtTheEntry() {
        byte[] f = file();
        le(f).putInt(ORDER + 8, 1);
        rejectAt(f, ORDER + 8, "order[2] = 1 repeats an earlier entry", "repeated order entry");
        f = file();
        le(f).putInt(ORDER + 4 * 9, ROWS);
        rejectAt(f, ORDER + 36, "order[9] = 10 is outside [0, 10)", "order entry out of range");
        f = file();
        le(f).putInt(GENERATOR + 16, 7);
        rejectAt(f, GENERATOR + 16, "dropout generator 0's has-spare field must be 0 or 1", "dropout position");
        f = file();
        le(f).putFloat(MOMENTS + 4 * P + 20, -1f);
        rejectAt(f, MOMENTS + 4 * P + 20, "adam's v[5] = -1.0 is negative", "negative second moment");
        f = file();
        le(f).putFloat(MOMENTS + 20, -1f); // m may be negative
        Checkpoint c = assertAccepted(withCrc(f));
        assertEquals(-1f, c.optimizer().moments()[0][5]);
    }

    static Checkpoint assertAccepted(byte[] f) {
        try {
            return Checkpoint.fromBytes(f);
        } catch (ModelFormatException e) {
            throw new AssertionError("rejected: " + e.getMessage(), e);
        }
    }

    @Test
    void theRecordsCheckWhatTheFileChecks() {
        Checkpoint c = checkpoint();
        Checkpoint.Loop l = c.loop();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Checkpoint.Loop(3, 5, 3,
                l.shuffle(), new int[] {0, 0}, l.dropout(), 0, -1, Double.NaN, null, false));
        assertTrue(e.getMessage().contains("order[1] = 0 repeats"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Checkpoint(c.model(), new float[P - 1],
                c.optimizer(), l));
        assertTrue(e.getMessage().contains("parameters holds 35 floats, the model 36"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new OptimizerState(OptimizerState.Kind.RMSPROP,
                new float[] {0.99f, 1e-8f}, 1, new float[][] {{0f, -2f}}));
        assertTrue(e.getMessage().contains("mean square[1] = -2.0 is negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Rng.Position(1, false, 0.5));
        assertTrue(e.getMessage().contains("spare +0.0"), e.getMessage());
    }

    @Test
    void loadFromDiskRejectsTheSameWay(@TempDir Path dir) throws Exception {
        Path ok = dir.resolve("c.lanes");
        checkpoint().save(ok);
        assertArrayEquals(file(), Files.readAllBytes(ok));
        assertEquals(3, Checkpoint.load(ok).loop().epoch());
        byte[] f = file();
        le(f).putInt(ORDER, 11);
        Path bad = Files.write(dir.resolve("bad.lanes"), withCrc(f));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoint.load(bad));
        assertEquals(ORDER, e.offset());
        // As a model file, the same file's model section is sound: predict can run it.
        assertEquals(36, Model.load(bad).parameterCount());
    }
}
