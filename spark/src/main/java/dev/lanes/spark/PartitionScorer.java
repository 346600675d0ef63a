package dev.lanes.spark;

import dev.lanes.kernels.Kernels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

/**
 * Scores one partition: the function a {@link LanesModel} runs on every partition of its input. It is its own
 * serializable class (a lambda would capture whatever encloses it), and carries only the model's key, the
 * broadcast of its bytes and the column plan. On the executor it takes the parsed model from the JVM's {@link
 * ModelCache} (parsing the broadcast bytes on first use), opens one session for the partition, and scores the
 * rows in batches: the batch's inputs are read straight from Spark's internal rows into one float buffer, scored
 * in one call, and emitted with the input row's columns followed by the outputs.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;

    private final String modelKey;
    private final ModelFormat format;
    private final Broadcast<byte[]> bytes;
    private final InputColumn input;
    private final int batch;
    private final boolean scores, prediction, probability;
    private final StructType outputSchema; // the new columns only, in output order

    PartitionScorer(String modelKey, ModelFormat format, Broadcast<byte[]> bytes, InputColumn input, int batch,
            boolean scores, boolean prediction, boolean probability, StructType outputSchema) {
        this.modelKey = modelKey;
        this.format = format;
        this.bytes = bytes;
        this.input = input;
        this.batch = batch;
        this.scores = scores;
        this.prediction = prediction;
        this.probability = probability;
        this.outputSchema = outputSchema;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        LoadedModel model = ModelCache.get(modelKey, bytes::value, format);
        return new Rows(rows, model, model.batchFor(batch));
    }

    /**
     * The partition's output, a batch at a time, allocating nothing per row once the partition's buffers have
     * grown to its largest batch (for UnsafeRows of arrays or dense vectors; see {@link InputColumn}).
     *
     * <p>A batch's input rows are held until the batch is scored, so they are copied (the upstream iterator may
     * reuse its row): an input UnsafeRow (what Spark's scans and projections give) into one byte arena per batch,
     * reread through a pooled UnsafeRow per slot; any other row by {@code copy()}. Every row handed out is the
     * same reused objects (a joined row over the held input row and one row of outputs, whose arrays point into
     * one reused buffer each): the iterator contract of Spark's internal rows, which lets a producer reuse its
     * row, and the scan over this RDD (RDDScanExec) projects each row into its own UnsafeRow as it is handed out.
     */
    private final class Rows implements Iterator<InternalRow> {
        private final Iterator<InternalRow> in;
        private final LoadedModel.Scorer scorer;
        private final boolean softmax;
        private final int inWidth, outWidth, maxRows;
        private final float[] x, y, p;          // x: (maxRows, inWidth); y, p: (maxRows, outWidth)
        private final InternalRow[] held;        // the batch's input rows
        private final UnsafeRow[] pooled;        // slot r's view into the arena, when its row is an UnsafeRow
        private final int[] slot;                // held row r → its row in x and y, or -1 when its input is null
        private byte[] arena = new byte[0];      // the batch's UnsafeRows, end to end
        private long arenaUsed;
        private final SpecificInternalRow out;
        private final GenericInternalRow vector = new GenericInternalRow(4);
        private final JoinedRow joined = new JoinedRow();
        // One output row's arrays, in UnsafeArrayData's layout: element count, null bits (all clear), values.
        private final int header;
        private final byte[] scoresImage, probabilityImage;
        private final UnsafeArrayData scoresArray = new UnsafeArrayData(), probabilityArray = new UnsafeArrayData();
        private int count, next;

        Rows(Iterator<InternalRow> in, LoadedModel model, int maxRows) {
            this.in = in;
            this.maxRows = maxRows;
            this.inWidth = model.inputWidth();
            this.outWidth = model.outputWidth();
            this.softmax = probability && !model.outputsAreProbabilities();
            this.scorer = model.newScorer(maxRows);
            this.x = new float[maxRows * inWidth];
            this.y = new float[maxRows * outWidth];
            this.p = softmax ? new float[maxRows * outWidth] : y;
            this.held = new InternalRow[maxRows];
            this.pooled = new UnsafeRow[maxRows];
            this.slot = new int[maxRows];
            this.out = new SpecificInternalRow(outputSchema);
            this.header = UnsafeArrayData.calculateHeaderPortionInBytes(outWidth);
            this.scoresImage = arrayImage(Float.BYTES);
            this.probabilityImage = arrayImage(Double.BYTES);
            scoresArray.pointTo(scoresImage, Platform.BYTE_ARRAY_OFFSET, scoresImage.length);
            probabilityArray.pointTo(probabilityImage, Platform.BYTE_ARRAY_OFFSET, probabilityImage.length);
            vector.update(0, (byte) 1); // dense; size and indices stay null
            vector.update(VECTOR_VALUES, probabilityArray);
        }

        private byte[] arrayImage(int elementBytes) {
            byte[] image = new byte[header + (outWidth * elementBytes + 7) / 8 * 8];
            Platform.putLong(image, Platform.BYTE_ARRAY_OFFSET, outWidth);
            return image;
        }

        @Override
        public boolean hasNext() {
            return next < count || fill();
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int r = next++;
            InternalRow row = held[r];
            held[r] = null;
            int s = slot[r];
            int c = 0;
            if (s < 0) {
                for (; c < out.numFields(); c++) {
                    out.setNullAt(c);
                }
                return joined.apply(row, out);
            }
            if (scores) {
                Platform.copyMemory(y, Platform.FLOAT_ARRAY_OFFSET + (long) s * outWidth * Float.BYTES, scoresImage,
                        Platform.BYTE_ARRAY_OFFSET + header, (long) outWidth * Float.BYTES);
                out.update(c++, scoresArray);
            }
            if (prediction) {
                out.setDouble(c++, argmax(y, s * outWidth, outWidth));
            }
            if (probability) {
                long at = Platform.BYTE_ARRAY_OFFSET + header;
                for (int j = s * outWidth, end = j + outWidth; j < end; j++, at += Double.BYTES) {
                    Platform.putDouble(probabilityImage, at, p[j]);
                }
                out.update(c, vector);
            }
            return joined.apply(row, out);
        }

        /** Reads up to maxRows rows, scores those with an input, and returns whether any row was read. */
        private boolean fill() {
            count = 0;
            next = 0;
            int scored = 0;
            arenaUsed = 0;
            while (count < maxRows && in.hasNext()) {
                InternalRow row = hold(in.next());
                held[count] = row;
                slot[count] = input.read(row, x, scored * inWidth) ? scored++ : -1;
                count++;
            }
            if (scored > 0) {
                try {
                    scorer.score(x, scored, y);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (softmax) {
                    Kernels.softmaxRows(p, 0, outWidth, y, 0, outWidth, scored, outWidth);
                }
            }
            return count > 0;
        }

        /** A copy of held row {@code count} that stays valid until the next fill: in the arena, if it can. */
        private InternalRow hold(InternalRow row) {
            if (!(row instanceof UnsafeRow u)) {
                return row.copy();
            }
            int size = u.getSizeInBytes();
            if (arenaUsed + size > arena.length) {
                // A new, larger arena for the rest of the batch; the rows held so far keep the old one.
                long want = Math.max(2L * arena.length, (long) size * maxRows);
                if (want > Integer.MAX_VALUE - 8) {
                    return row.copy();
                }
                arena = new byte[(int) want];
                arenaUsed = 0;
            }
            UnsafeRow copy = pooled[count];
            if (copy == null || copy.numFields() != u.numFields()) {
                copy = pooled[count] = new UnsafeRow(u.numFields());
            }
            u.writeToMemory(arena, Platform.BYTE_ARRAY_OFFSET + arenaUsed);
            copy.pointTo(arena, Platform.BYTE_ARRAY_OFFSET + arenaUsed, size);
            arenaUsed += size;
            return copy;
        }
    }

    private static final int VECTOR_VALUES = 3;

    /**
     * The index of the largest of y[off, off + n) as a double, ties to the lowest index (as {@code
     * Session.argmax}); NaN when any of them is NaN: a row whose scores are not numbers has no prediction.
     */
    static double argmax(float[] y, int off, int n) {
        int best = 0;
        for (int i = 0; i < n; i++) {
            float v = y[off + i];
            if (v != v) {
                return Double.NaN;
            }
            if (v > y[off + best]) {
                best = i;
            }
        }
        return best;
    }
}
