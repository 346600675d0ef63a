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
     * The partition's output, a batch at a time. Every row handed out is the same two reused objects (a joined
     * row over the input row's copy and the outputs); Spark's scan projects each into its own row as it is
     * handed out. Per row this allocates only the copy of the input row (held until its batch is scored) and
     * the output arrays Spark keeps.
     */
    private final class Rows implements Iterator<InternalRow> {
        private final Iterator<InternalRow> in;
        private final LoadedModel.Scorer scorer;
        private final boolean softmax;
        private final int inWidth, outWidth, maxRows;
        private final float[] x, y, p;          // x: (maxRows, inWidth); y, p: (maxRows, outWidth)
        private final double[] pd;               // p as doubles, the vector column's element type
        private final InternalRow[] held;        // the batch's input rows
        private final int[] slot;                // held row r → its row in x and y, or -1 when its input is null
        private final SpecificInternalRow out;
        private final GenericInternalRow vector = new GenericInternalRow(4);
        private final JoinedRow joined = new JoinedRow();
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
            this.pd = probability ? new double[maxRows * outWidth] : null;
            this.held = new InternalRow[maxRows];
            this.slot = new int[maxRows];
            this.out = new SpecificInternalRow(outputSchema);
            vector.update(0, (byte) 1); // dense; size and indices stay null
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
                out.update(c++, UnsafeArrayData.fromPrimitiveArray(y, Platform.FLOAT_ARRAY_OFFSET
                        + s * outWidth * Float.BYTES, outWidth, Float.BYTES));
            }
            if (prediction) {
                out.setDouble(c++, argmax(y, s * outWidth, outWidth));
            }
            if (probability) {
                vector.update(VECTOR_VALUES, UnsafeArrayData.fromPrimitiveArray(pd, Platform.DOUBLE_ARRAY_OFFSET
                        + s * outWidth * Double.BYTES, outWidth, Double.BYTES));
                out.update(c, vector);
            }
            return joined.apply(row, out);
        }

        private static final int VECTOR_VALUES = 3;

        /** Reads up to maxRows rows, scores those with an input, and returns whether any row was read. */
        private boolean fill() {
            count = 0;
            next = 0;
            int scored = 0;
            while (count < maxRows && in.hasNext()) {
                InternalRow row = in.next().copy(); // the upstream iterator may reuse its row
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
                if (probability) {
                    for (int i = 0, n = scored * outWidth; i < n; i++) {
                        pd[i] = p[i];
                    }
                }
            }
            return count > 0;
        }
    }

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
