package dev.lanes.check.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Dataset;
import dev.lanes.data.Generators;
import dev.lanes.infer.Checkpoint;
import dev.lanes.infer.Model;
import dev.lanes.loss.L2Regularization;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.optim.Adagrad;
import dev.lanes.optim.Adam;
import dev.lanes.optim.AdamW;
import dev.lanes.optim.Momentum;
import dev.lanes.optim.Nesterov;
import dev.lanes.optim.Optimizer;
import dev.lanes.optim.OptimizerState;
import dev.lanes.optim.RmsProp;
import dev.lanes.optim.Schedules;
import dev.lanes.optim.Sgd;
import dev.lanes.train.Training;
import dev.lanes.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and resume: a run of E epochs stopped after e, saved to a file, loaded and resumed to E ends
 * bit for bit where the uninterrupted run ends — parameters, every optimizer moment and step count, the
 * shuffling and dropout generators, the row order, early stopping's record. The comparison is of the two runs'
 * final checkpoint files, byte for byte, so nothing the loop carries escapes it.
 */
class ResumeTest {

    static final int EPOCHS = 7;
    static final int BATCH = 16;

    @TempDir
    Path dir;

    /** 2-16-3 ReLU with dropout 0.2 after the hidden layer: 99 parameters, one dropout generator. */
    static Sequential net() {
        return Sequential.of(BATCH, 3, new Dense(2, 16), new Relu(16), new Dropout(16, 0.2), new Dense(16, 3));
    }

    static final Dataset SPIRAL = Generators.spiral(3, 40, 0.2, 0);            // 120 rows: 7 batches of 16, 1 of 8
    static final Dataset.Split SPLIT = SPIRAL.split(0.25, 4);

    /** The run under test: cosine schedule, L2, shuffling (the default), held-out set, optional early stopping. */
    static Training configure(Sequential net, Optimizer opt, float lr, boolean earlyStopping) {
        Training t = Training.of(net, new SoftmaxCrossEntropy(), opt).batchSize(BATCH).epochs(EPOCHS).seed(11)
                .schedule(Schedules.cosine(lr, lr / 10)).regularizer(new L2Regularization(1e-3f));
        if (earlyStopping) {
            t.earlyStopping(Training.Metric.HELD_OUT_LOSS, EPOCHS, 0); // never stops: exercises the record only
        }
        return t;
    }

    /** Thrown by a sink to stop a run the way a killed process stops: right after a checkpoint is on disk. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    record Optim(String name, Supplier<Optimizer> make, float lr) {}

    static final List<Optim> ALL = List.of(new Optim("sgd", Sgd::new, 0.5f),
            new Optim("momentum", () -> new Momentum(0.9f), 0.1f), new Optim("nesterov", () -> new Nesterov(0.9f), 0.1f),
            new Optim("adagrad", Adagrad::new, 0.1f), new Optim("rmsprop", RmsProp::new, 0.01f),
            new Optim("adam", Adam::new, 0.01f), new Optim("adamw", () -> new AdamW(0.05f), 0.01f));

    /** The final checkpoint of an uninterrupted run, as file bytes. */
    static byte[] uninterrupted(Optim o, boolean earlyStopping) {
        List<Checkpoint> end = new ArrayList<>();
        configure(net(), o.make.get(), o.lr, earlyStopping).checkpoints(EPOCHS, end::add).fit(SPLIT.train(),
                SPLIT.heldOut());
        assertEquals(1, end.size(), "one checkpoint: after the last epoch");
        return end.get(0).toBytes();
    }

    /** Runs to epoch {@code stopAfter}, saves, "dies"; loads the file, resumes to EPOCHS; the final checkpoint. */
    byte[] interrupted(Optim o, boolean earlyStopping, int stopAfter) throws Exception {
        Path file = dir.resolve(o.name + ".lanes");
        assertThrows(Interrupted.class, () -> configure(net(), o.make.get(), o.lr, earlyStopping)
                .checkpoints(stopAfter, c -> {
                    c.save(file);
                    throw new Interrupted();
                }).fit(SPLIT.train(), SPLIT.heldOut()));
        Checkpoint saved = Checkpoint.load(file);
        assertEquals(stopAfter, saved.loop().epoch());
        List<Checkpoint> end = new ArrayList<>();
        // A fresh network and optimizer, as a new process has: everything comes from the file.
        TrainingResult r = configure(saved.network(BATCH), o.make.get(), o.lr, earlyStopping).resume(saved)
                .checkpoints(EPOCHS, end::add).fit(SPLIT.train(), SPLIT.heldOut());
        assertEquals(EPOCHS - stopAfter, r.history().size());
        assertEquals(stopAfter, r.history().get(0).epoch(), "epochs keep their numbers");
        return end.get(0).toBytes();
    }

    @Test
    void everyOptimizerResumesBitForBit() throws Exception {
        for (Optim o : ALL) {
            byte[] whole = uninterrupted(o, false);
            assertArrayEquals(whole, interrupted(o, false, 3), o.name + ": resumed after epoch 3 of 7");
        }
    }

    @Test
    void resumeKeepsEarlyStoppingsRecord() throws Exception {
        for (Optim o : List.of(ALL.get(1), ALL.get(5))) {
            byte[] whole = uninterrupted(o, true);
            for (int e : new int[] {1, 4, 6}) {
                assertArrayEquals(whole, interrupted(o, true, e), o.name + ": resumed after epoch " + e + " of 7");
            }
            Checkpoint end = Checkpoint.fromBytes(whole);
            assertNotNull(end.loop().best());
            assertArrayEquals(end.loop().best(), Model.fromBytes(whole).toSequential(1).parameters().values(),
                    o.name + ": the model section holds the best epoch's parameters, which fit returns");
        }
    }

    /**
     * The comparison can fail: continuing from the saved parameters without the rest of the state (a fresh
     * Adam, generators from their seeds) ends elsewhere.
     */
    @Test
    void theParametersAloneDoNotResume() throws Exception {
        Optim adam = ALL.get(5);
        byte[] whole = uninterrupted(adam, false);
        Path file = dir.resolve("adam.lanes");
        assertThrows(Interrupted.class, () -> configure(net(), adam.make.get(), adam.lr, false)
                .checkpoints(3, c -> {
                    c.save(file);
                    throw new Interrupted();
                }).fit(SPLIT.train(), SPLIT.heldOut()));
        Sequential fromModel = Model.load(file).toSequential(BATCH);
        configure(fromModel, adam.make.get(), adam.lr, false).epochs(EPOCHS - 3).fit(SPLIT.train(), SPLIT.heldOut());
        float[] expected = Checkpoint.fromBytes(whole).parameters();
        float[] got = fromModel.parameters().values();
        int differ = 0;
        for (int i = 0; i < got.length; i++) {
            differ += Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(expected[i]) ? 1 : 0;
        }
        assertTrue(differ > got.length / 2, differ + " of " + got.length + " parameters differ");
    }

    @Test
    void checkpointsComeEveryNEpochsAndAtTheEnd() throws Exception {
        List<Integer> at = new ArrayList<>();
        configure(net(), new Adam(), 0.01f, false).checkpoints(3, c -> at.add(c.loop().epoch()))
                .fit(SPLIT.train(), SPLIT.heldOut());
        assertEquals(List.of(3, 6, 7), at);
        // Early stopping that ends the run: the last checkpoint says so and holds the best epoch's model.
        List<Checkpoint> cs = new ArrayList<>();
        Sequential net = net();
        TrainingResult r = Training.of(net, new SoftmaxCrossEntropy(), new Adam()).batchSize(BATCH).epochs(40)
                .learningRate(0.05f).earlyStopping(Training.Metric.TRAIN_LOSS, 1, 10)
                .checkpoints(100, cs::add).fit(SPLIT.train());
        assertTrue(r.stoppedEarly());
        Checkpoint last = cs.get(cs.size() - 1);
        assertTrue(last.loop().stoppedEarly());
        assertEquals(r.bestEpoch(), last.loop().bestEpoch());
        assertArrayEquals(net.parameters().values(), Model.fromBytes(last.toBytes()).toSequential(1).parameters()
                .values(), "the model section holds the parameters fit returned");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Training.of(net(),
                        new SoftmaxCrossEntropy(), new Adam()).batchSize(BATCH).epochs(40)
                .earlyStopping(Training.Metric.TRAIN_LOSS, 1, 10).resume(last).fit(SPLIT.train()));
        assertTrue(e.getMessage().contains("ended by early stopping"), e.getMessage());
    }

    @Test
    void aCheckpointThatDoesNotFitTheRunIsRefusedNamingWhy() throws Exception {
        List<Checkpoint> cs = new ArrayList<>();
        configure(net(), new Adam(), 0.01f, false).epochs(2).checkpoints(2, cs::add).fit(SPLIT.train());
        Checkpoint c = cs.get(0);
        assertRefused(IllegalArgumentException.class, "this optimizer is momentum",
                () -> configure(c.network(BATCH), new Momentum(0.9f), 0.1f, false).resume(c).fit(SPLIT.train()));
        assertRefused(IllegalArgumentException.class, "β1 = 0.9, this optimizer 0.8",
                () -> configure(c.network(BATCH), new Adam(0.8f, 0.999f, 1e-8f), 0.01f, false).resume(c)
                        .fit(SPLIT.train()));
        assertRefused(IllegalArgumentException.class, "trained on 90 rows, this one on 120",
                () -> configure(c.network(BATCH), new Adam(), 0.01f, false).resume(c).fit(SPIRAL));
        assertRefused(IllegalArgumentException.class, "batches of 16 rows, this one 8",
                () -> configure(c.network(BATCH), new Adam(), 0.01f, false).batchSize(8).resume(c)
                        .fit(SPLIT.train()));
        assertRefused(IllegalArgumentException.class, "watched nothing for early stopping, this one HELD_OUT_LOSS",
                () -> configure(c.network(BATCH), new Adam(), 0.01f, true).resume(c)
                        .fit(SPLIT.train(), SPLIT.heldOut()));
        Sequential wider = Sequential.of(BATCH, 3, new Dense(2, 16), new Relu(16), new Dropout(16, 0.3),
                new Dense(16, 3));
        assertRefused(IllegalArgumentException.class, "layer 2: the network has Dropout width 16, p = 0.3",
                () -> configure(wider, new Adam(), 0.01f, false).resume(c).fit(SPLIT.train()));
        assertRefused(IllegalStateException.class, "has run 2 epochs and this run is for 2",
                () -> configure(c.network(BATCH), new Adam(), 0.01f, false).epochs(2).resume(c).fit(SPLIT.train()));
        assertRefused(UnsupportedOperationException.class, "cannot restore",
                () -> configure(c.network(BATCH), new Fixtures.PlainSgd(), 0.01f, false).resume(c)
                        .fit(SPLIT.train()));
    }

    static void assertRefused(Class<? extends RuntimeException> type, String phrase,
                              org.junit.jupiter.api.function.Executable run) {
        RuntimeException e = assertThrows(type, run);
        assertTrue(e.getMessage().contains(phrase), e.getMessage());
    }

    /** Every optimizer's state survives state() → restore() into a fresh one and steps on identically. */
    @Test
    void optimizerStateRoundTripsThroughRestore() {
        for (Optim o : ALL) {
            Sequential a = net();
            Sequential b = net();
            Optimizer first = o.make.get();
            Optimizer second = o.make.get();
            float[] g = new float[a.parameters().size()];
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) Math.sin(31 * i + step);
                }
                System.arraycopy(g, 0, a.parameters().gradients(), 0, g.length);
                first.step(a.parameters(), 0.01f);
            }
            OptimizerState s = first.state(a.parameters());
            assertEquals(3, s.steps(), o.name);
            System.arraycopy(a.parameters().values(), 0, b.parameters().values(), 0, g.length);
            second.restore(s, b.parameters());
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) Math.cos(7 * i);
            }
            System.arraycopy(g, 0, a.parameters().gradients(), 0, g.length);
            System.arraycopy(g, 0, b.parameters().gradients(), 0, g.length);
            first.step(a.parameters(), 0.01f);
            second.step(b.parameters(), 0.01f);
            assertArrayEquals(a.parameters().values(), b.parameters().values(), o.name);
            assertEquals(4, second.state(b.parameters()).steps(), o.name);
        }
    }

    /** A checkpoint file is also a model file; a model file is no checkpoint. */
    @Test
    void checkpointAndModelFiles() throws Exception {
        List<Checkpoint> cs = new ArrayList<>();
        Sequential net = net();
        configure(net, new Adam(), 0.01f, false).epochs(2).checkpoints(2, cs::add).fit(SPLIT.train());
        Path file = dir.resolve("c.lanes");
        cs.get(0).save(file);
        Model m = Model.load(file);
        assertEquals(2, m.formatVersion());
        assertArrayEquals(Model.of(net).toSequential(1).parameters().values(), m.toSequential(1).parameters().values());
        Path plain = dir.resolve("m.lanes");
        Model.of(net).save(plain);
        assertEquals(1, Model.load(plain).formatVersion(), "a model alone is still written as version 1");
        var e = assertThrows(dev.lanes.io.ModelFormatException.class, () -> Checkpoint.load(plain));
        assertEquals(12, e.offset());
        assertTrue(e.getMessage().contains("no training state"), e.getMessage());
        assertTrue(Files.size(file) > Files.size(plain));
    }
}
