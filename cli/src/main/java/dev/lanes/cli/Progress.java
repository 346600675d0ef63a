package dev.lanes.cli;

import dev.lanes.train.EpochReport;
import dev.lanes.train.TrainingListener;
import java.io.PrintWriter;
import java.util.function.ToDoubleFunction;

/**
 * Training progress. On a terminal: one line redrawn in place with {@code \r} (a bar, the epoch, loss,
 * accuracy and rows per second), at most every 100 ms and at the last epoch. Elsewhere (a pipe, a file, a
 * dumb terminal): a plain line about every tenth of the run, never a {@code \r}.
 */
final class Progress implements TrainingListener {

    private static final int BAR = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    /** Accuracy of an epoch when the training loop reports none (bce): computed by the command; may be null. */
    private final ToDoubleFunction<EpochReport> accuracy;
    /** Whether the learning rate changes over the run (a schedule), so each line shows it. */
    private final boolean showRate;
    private int epochs;
    private long lastDraw;
    private int lastWidth;

    Progress(PrintWriter out, boolean terminal, ToDoubleFunction<EpochReport> accuracy, boolean showRate) {
        this.out = out;
        this.terminal = terminal;
        this.accuracy = accuracy;
        this.showRate = showRate;
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch, int trainRows) {
        this.epochs = epochs;
        this.lastDraw = System.nanoTime() - REDRAW_NANOS;
    }

    @Override
    public void onEpoch(EpochReport r) {
        boolean last = r.epoch() + 1 == epochs;
        if (terminal) {
            long now = System.nanoTime();
            if (last || now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                String line = bar(r.epoch() + 1) + " " + text(r);
                // Pad over a longer previous line, then return to its start.
                out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
                lastWidth = line.length();
                if (last) {
                    out.println();
                    lastWidth = 0;
                }
                out.flush();
            }
        } else {
            int every = Math.max(1, epochs / 10);
            if (last || (r.epoch() + 1) % every == 0) {
                out.println(text(r));
                out.flush();
            }
        }
    }

    /** Ends a partly drawn line, e.g. when early stopping ends the run before the last epoch. */
    void finish() {
        if (terminal && lastWidth > 0) {
            out.println();
            lastWidth = 0;
            out.flush();
        }
    }

    private String bar(int done) {
        int filled = (int) ((long) done * BAR / epochs);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private String text(EpochReport r) {
        int digits = Integer.toString(epochs).length();
        StringBuilder s = new StringBuilder();
        s.append(String.format("epoch %" + digits + "d/%d  loss %.4f", r.epoch() + 1, epochs, r.trainLoss()));
        double acc = accuracy != null ? accuracy.applyAsDouble(r) : r.trainAccuracy();
        if (!Double.isNaN(acc)) {
            s.append(String.format("  acc %5.1f%%", 100 * acc));
        }
        if (r.hasHeldOut()) {
            s.append(String.format("  held-out loss %.4f", r.heldOutLoss()));
            if (!Double.isNaN(r.heldOutAccuracy())) {
                s.append(String.format("  acc %5.1f%%", 100 * r.heldOutAccuracy()));
            }
        }
        if (showRate) {
            s.append(String.format("  lr %.3g", r.learningRate()));
        }
        s.append(String.format("  %,.0f rows/s", r.samplesPerSecond()));
        return s.toString();
    }
}
