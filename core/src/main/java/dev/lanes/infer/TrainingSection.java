package dev.lanes.infer;

import dev.lanes.io.ModelFormatException;
import dev.lanes.optim.OptimizerState;
import dev.lanes.random.Rng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The training-state section of a checkpoint (format version 2, flag bit 0), right after the parameters. All
 * little-endian; offsets from the section's start S = 28 + 24·L + 4·P:
 * <pre>
 *   +0   optimizer   u32     1 sgd, 2 momentum, 3 nesterov, 4 adagrad, 5 rmsprop, 6 adam, 7 adamw
 *   +4   hyper       4 × f32 the optimizer's constants in OptimizerState order; unused slots +0.0
 *   +20  steps       i64     optimizer steps taken, ≥ 0 (adam, adamw: ≤ 2³¹ − 1)
 *   +28  epoch       i32     epochs completed, 0 ..= epochs
 *   +32  epochs      i32     epochs planned, ≥ 1
 *   +36  batch       i32     rows per step, ≥ 1
 *   +40  rows        i32     training rows R, 1 ..= 2³¹ − 9
 *   +44  shuffle     20      generator position: state i64, spare f64, has-spare u32 (0 or 1; spare +0.0 if 0)
 *   +64  dropouts    i32     D, the model's number of Dropout layers
 *   +68  watch       u32     early stopping: 0 none, 1 training loss, 2 held-out loss, 3 held-out accuracy
 *   +72  bestEpoch   i32     −1 without early stopping or epoch 0, else 0 ..&lt; epoch
 *   +76  bestValue   f64     NaN where bestEpoch = −1
 *   +84  flags       u32     bit 0: training parameters follow; bit 1: stopped early
 *   +88  order       R × i32 a permutation of 0 .. R − 1
 *   ..   generators  D × 20  the Dropout layers' positions, in network order
 *   ..   moments     K × P × f32, K = the optimizer's moment count (sgd 0, adam 2, others 1)
 *   ..   parameters  P × f32 if flag bit 0: the training loop's parameters, where they differ from the model's
 *   ..   best        P × f32 if watch ≠ 0 and bestEpoch ≥ 0: early stopping's best parameters
 * </pre>
 */
final class TrainingSection {

    static final int HEAD = 88;
    static final int POSITION = 20;
    static final int OWN_PARAMETERS = 1;
    static final int STOPPED = 2;

    /** Optimizer tags in the file: index + 1. Never reordered. */
    private static final OptimizerState.Kind[] KINDS = {OptimizerState.Kind.SGD, OptimizerState.Kind.MOMENTUM,
        OptimizerState.Kind.NESTEROV, OptimizerState.Kind.ADAGRAD, OptimizerState.Kind.RMSPROP,
        OptimizerState.Kind.ADAM, OptimizerState.Kind.ADAMW};

    private TrainingSection() {}

    private static int tag(OptimizerState.Kind kind) {
        for (int i = 0; i < KINDS.length; i++) {
            if (KINDS[i] == kind) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no tag for " + kind);
    }

    /** The fixed part, every field checked; {@code at} is the section's offset in the file. */
    record Head(long at, OptimizerState.Kind kind, float[] hyper, long steps, int epoch, int epochs, int batch,
                int rows, Rng.Position shuffle, int dropouts, int watch, int bestEpoch, double bestValue,
                int flags) {

        static Head parse(ByteBuffer b, long at, int layers) throws ModelFormatException {
            int tag = b.getInt(0);
            if (tag < 1 || tag > KINDS.length) {
                throw new ModelFormatException(at, "training state: unknown optimizer tag "
                        + Integer.toUnsignedString(tag) + "; version 2 knows 1 to 7 (sgd, momentum, nesterov, "
                        + "adagrad, rmsprop, adam, adamw)");
            }
            OptimizerState.Kind kind = KINDS[tag - 1];
            List<String> names = kind.hyperParameters();
            float[] hyper = new float[names.size()];
            for (int i = 0; i < 4; i++) {
                float v = b.getFloat(4 + 4 * i);
                long off = at + 4 + 4 * i;
                if (i >= hyper.length) {
                    if (Float.floatToRawIntBits(v) != 0) {
                        throw new ModelFormatException(off, "training state: " + kind.label() + " has "
                                + hyper.length + " hyper-parameters; slot " + i + " must be +0.0, got " + v);
                    }
                    continue;
                }
                String problem = hyperProblem(names.get(i), v);
                if (problem != null) {
                    throw new ModelFormatException(off, "training state: " + kind.label() + "'s " + names.get(i)
                            + " = " + v + " " + problem);
                }
                hyper[i] = v;
            }
            long steps = b.getLong(20);
            if (steps < 0 || steps > OptimizerState.maxSteps(kind)) {
                throw new ModelFormatException(at + 20, "training state: step count " + steps + " is outside [0, "
                        + OptimizerState.maxSteps(kind) + "] for " + kind.label());
            }
            int epoch = b.getInt(28);
            int epochs = b.getInt(32);
            if (epochs < 1) {
                throw new ModelFormatException(at + 32, "training state: " + epochs + " epochs planned; need ≥ 1");
            }
            if (epoch < 0 || epoch > epochs) {
                throw new ModelFormatException(at + 28, "training state: epoch " + epoch + " is outside [0, "
                        + epochs + "], the epochs planned");
            }
            int batch = b.getInt(36);
            if (batch < 1) {
                throw new ModelFormatException(at + 36, "training state: batch size " + batch + " is not positive");
            }
            int rows = b.getInt(40);
            if (rows < 1 || rows > ModelCodec.MAX_PARAMETERS) {
                throw new ModelFormatException(at + 40, "training state: " + rows + " training rows is outside [1, "
                        + ModelCodec.MAX_PARAMETERS + "]");
            }
            Rng.Position shuffle = position(b, 44, at + 44, "the shuffling generator");
            int dropouts = b.getInt(64);
            if (dropouts < 0 || dropouts > layers) {
                throw new ModelFormatException(at + 64, "training state: " + dropouts + " dropout generators for "
                        + layers + " layers");
            }
            int watch = b.getInt(68);
            int bestEpoch = b.getInt(72);
            double bestValue = b.getDouble(76);
            int flags = b.getInt(84);
            if (watch < 0 || watch > 3) {
                throw new ModelFormatException(at + 68, "training state: early stopping watches "
                        + Integer.toUnsignedString(watch) + "; version 2 knows 0 (nothing), 1 (training loss), "
                        + "2 (held-out loss), 3 (held-out accuracy)");
            }
            if (watch == 0 || epoch == 0) {
                if (bestEpoch != -1) {
                    throw new ModelFormatException(at + 72, "training state: best epoch " + bestEpoch + " without "
                            + (watch == 0 ? "early stopping" : "an epoch run") + "; must be −1");
                }
                if (!Double.isNaN(bestValue)) {
                    throw new ModelFormatException(at + 76, "training state: best value " + bestValue
                            + " without a best epoch; must be NaN");
                }
            } else if (bestEpoch < 0 || bestEpoch >= epoch) {
                throw new ModelFormatException(at + 72, "training state: best epoch " + bestEpoch
                        + " is outside [0, " + epoch + "), the epochs run");
            }
            if ((flags & ~(OWN_PARAMETERS | STOPPED)) != 0) {
                throw new ModelFormatException(at + 84, "training state: unknown flags 0x"
                        + Integer.toHexString(flags & ~(OWN_PARAMETERS | STOPPED)) + "; version 2 defines bits 0 "
                        + "(training parameters) and 1 (stopped early)");
            }
            if ((flags & STOPPED) != 0 && (watch == 0 || epoch == 0 || epoch >= epochs)) {
                throw new ModelFormatException(at + 84, "training state: stopped early after epoch " + epoch
                        + " of " + epochs + (watch == 0 ? " without early stopping" : ""));
            }
            return new Head(at, kind, hyper, steps, epoch, epochs, batch, rows, shuffle, dropouts, watch, bestEpoch,
                    bestValue, flags);
        }

        boolean hasBest() {
            return watch != 0 && bestEpoch >= 0;
        }

        /** The section's size in bytes; its counts are bounded, so this cannot overflow. */
        long size(long parameters) {
            int arrays = kind.moments().size() + ((flags & OWN_PARAMETERS) != 0 ? 1 : 0) + (hasBest() ? 1 : 0);
            return HEAD + 4L * rows + (long) POSITION * dropouts + 4L * arrays * parameters;
        }

        void checkDropouts(LayerSpec[] specs) throws ModelFormatException {
            int n = 0;
            for (LayerSpec s : specs) {
                n += s.kind() == LayerSpec.Kind.DROPOUT ? 1 : 0;
            }
            if (n != dropouts) {
                throw new ModelFormatException(at + 64, "training state: " + dropouts + " dropout generators, but"
                        + " the model has " + n + " Dropout layers");
            }
        }
    }

    private static String hyperProblem(String name, float v) {
        return switch (name) {
            case "μ", "α", "β1", "β2" -> v >= 0f && v < 1f ? null : "is outside [0, 1)";
            case "ε" -> v > 0f && Float.isFinite(v) ? null : "is not positive and finite";
            case "λ" -> v >= 0f && Float.isFinite(v) ? null : "is not ≥ 0 and finite";
            default -> throw new IllegalStateException("no rule for " + name);
        };
    }

    private static Rng.Position position(ByteBuffer b, int i, long off, String what) throws ModelFormatException {
        long state = b.getLong(i);
        double spare = b.getDouble(i + 8);
        int has = b.getInt(i + 16);
        if (has != 0 && has != 1) {
            throw new ModelFormatException(off + 16, "training state: " + what + "'s has-spare field must be 0 or 1,"
                    + " got " + Integer.toUnsignedString(has));
        }
        if (has == 0 && Double.doubleToRawLongBits(spare) != 0) {
            throw new ModelFormatException(off + 8, "training state: " + what + " has no spare Gaussian; its "
                    + "spare field must be +0.0, got " + spare);
        }
        return new Rng.Position(state, has == 1, spare);
    }

    static void write(ModelCodec.Writer w, Checkpoint c) throws IOException {
        OptimizerState o = c.optimizer();
        Checkpoint.Loop l = c.loop();
        boolean own = !sameBits(c.parameters(), c.model().values());
        ByteBuffer b = w.room(HEAD).putInt(tag(o.kind()));
        for (int i = 0; i < 4; i++) {
            b.putFloat(i < o.hyperParameters().length ? o.hyperParameters()[i] : 0f);
        }
        b.putLong(o.steps()).putInt(l.epoch()).putInt(l.epochs()).putInt(l.batchSize()).putInt(l.rows());
        put(b, l.shuffle());
        b.putInt(l.dropout().size()).putInt(l.watch()).putInt(l.bestEpoch()).putDouble(l.bestValue())
                .putInt((own ? OWN_PARAMETERS : 0) | (l.stoppedEarly() ? STOPPED : 0));
        w.ints(l.order());
        for (Rng.Position p : l.dropout()) {
            put(w.room(POSITION), p);
        }
        for (float[] m : o.moments()) {
            w.floats(m);
        }
        if (own) {
            w.floats(c.parameters());
        }
        if (l.best() != null) {
            w.floats(l.best());
        }
    }

    private static void put(ByteBuffer b, Rng.Position p) {
        b.putLong(p.state()).putDouble(p.spare()).putInt(p.hasSpare() ? 1 : 0);
    }

    /** Bit for bit, NaN payloads included (Arrays.equals would call two different NaNs equal). */
    private static boolean sameBits(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the section's arrays after the checksum has passed, checking each as it goes: the order is a
     * permutation, each generator position well formed, no sum of squares negative.
     */
    static Checkpoint read(ModelCodec.Source src, long size, long at, Head h, Model model) throws IOException {
        long off = at + HEAD;
        int[] order = new int[h.rows];                  // 4 bytes each are present in the file
        boolean[] seen = new boolean[h.rows];
        byte[] buf = new byte[(int) Math.min(1 << 16, 4L * h.rows)];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < h.rows; ) {
            int n = Math.min(buf.length / 4, h.rows - i);
            ModelCodec.readAt(src, size, off + 4L * i, buf, 4 * n);
            for (int j = 0; j < n; j++, i++) {
                int v = bb.getInt(4 * j);
                if (v < 0 || v >= h.rows || seen[v]) {
                    throw new ModelFormatException(off + 4L * i, "training state: order[" + i + "] = " + v
                            + (v < 0 || v >= h.rows ? " is outside [0, " + h.rows + ")" : " repeats an earlier entry")
                            + "; the order must be a permutation of the " + h.rows + " training rows");
                }
                seen[v] = true;
                order[i] = v;
            }
        }
        off += 4L * h.rows;
        List<Rng.Position> dropout = new ArrayList<>(h.dropouts);
        byte[] pos = new byte[POSITION];
        for (int d = 0; d < h.dropouts; d++, off += POSITION) {
            ModelCodec.readAt(src, size, off, pos, POSITION);
            dropout.add(position(ByteBuffer.wrap(pos).order(ByteOrder.LITTLE_ENDIAN), 0, off,
                    "dropout generator " + d));
        }
        int p = model.parameterCount();
        float[][] moments = new float[h.kind.moments().size()][];
        for (int k = 0; k < moments.length; k++, off += 4L * p) {
            moments[k] = new float[p];
            ModelCodec.readFloats(src, size, off, moments[k]);
            int bad = h.kind.ofSquares(k) ? OptimizerState.firstNegative(moments[k]) : -1;
            if (bad >= 0) {
                throw new ModelFormatException(off + 4L * bad, "training state: " + h.kind.label() + "'s "
                        + h.kind.moments().get(k) + "[" + bad + "] = " + moments[k][bad] + " is negative, but it"
                        + " accumulates squares");
            }
        }
        float[] parameters = model.values().clone();
        if ((h.flags & OWN_PARAMETERS) != 0) {
            ModelCodec.readFloats(src, size, off, parameters);
            off += 4L * p;
        }
        float[] best = null;
        if (h.hasBest()) {
            best = new float[p];
            ModelCodec.readFloats(src, size, off, best);
        }
        try {
            return new Checkpoint(model, parameters, new OptimizerState(h.kind, h.hyper, h.steps, moments),
                    new Checkpoint.Loop(h.epoch, h.epochs, h.batch, h.shuffle, order, dropout, h.watch, h.bestEpoch,
                            h.bestValue, best, (h.flags & STOPPED) != 0));
        } catch (IllegalArgumentException e) { // every rule above is checked with its offset first
            throw new ModelFormatException(at, "training state: " + e.getMessage());
        }
    }
}
