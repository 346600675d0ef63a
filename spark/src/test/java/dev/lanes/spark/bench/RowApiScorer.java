package dev.lanes.spark.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The peer: what a Spark user writes without Lanes' transformer — {@code Dataset.mapPartitions} over the public
 * {@link Row} API, rows gathered into batches, one inference call per batch — with either ONNX Runtime Java or
 * a Lanes {@link Session} as the engine, so that the two engines are also compared on the same plumbing.
 *
 * <p>Input: (id: long, features: Vector); output: (id, prediction: double, probability: Vector), the model's
 * outputs being probabilities (it ends with Softmax). ONNX Runtime runs at its best settings for this set-up:
 * one session per executor JVM (ORT sessions are thread-safe), one intra-op and one inter-op thread (Spark
 * already runs one task per core: more ORT threads would oversubscribe the two cores), sequential execution, all
 * graph optimisations, and per partition a direct input buffer and a pinned output tensor reused by every full
 * batch, as in bench's OnnxRuntimeBenchmark.
 */
public final class RowApiScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** Which engine runs the batches. */
    public enum Engine { ORT, LANES }

    private final Engine engine;
    private final byte[] modelBytes; // .lanes for LANES, .onnx for ORT; small, shipped in the closure
    private final int in, out, batch;

    public RowApiScorer(Engine engine, byte[] modelBytes, int in, int out, int batch) {
        this.engine = engine;
        this.modelBytes = modelBytes;
        this.in = in;
        this.out = out;
        this.batch = batch;
    }

    private static OrtSession ortSession;
    private static Model lanesModel;

    private static synchronized OrtSession ort(byte[] bytes) throws OrtException {
        if (ortSession == null) {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                ortSession = OrtEnvironment.getEnvironment().createSession(bytes, options);
            }
        }
        return ortSession;
    }

    private static synchronized Model lanes(byte[] bytes) throws IOException {
        if (lanesModel == null) {
            lanesModel = Model.fromBytes(bytes);
        }
        return lanesModel;
    }

    /** Runs a batch: y: (rows, out) ← model(x: (rows, in)). */
    private interface Batch {
        void run(int rows) throws Exception;

        /** Frees what the partition's batches held. */
        default void close() {}
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws Exception {
        float[] x = new float[batch * in], y = new float[batch * out];
        Batch run = engine == Engine.LANES ? lanesBatch(x, y) : ortBatch(x, y);
        long[] ids = new long[batch];
        List<Row> result = new ArrayList<>(batch);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next < result.size()) return true;
                result.clear();
                next = 0;
                int n = 0;
                while (n < batch && rows.hasNext()) {
                    Row r = rows.next();
                    ids[n] = r.getLong(0);
                    double[] v = ((Vector) r.get(1)).toArray();
                    for (int j = 0; j < in; j++) x[n * in + j] = (float) v[j];
                    n++;
                }
                if (n == 0) {
                    run.close();
                    return false;
                }
                try {
                    run.run(n);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < n; i++) {
                    double[] p = new double[out];
                    int best = 0;
                    for (int j = 0; j < out; j++) {
                        p[j] = y[i * out + j];
                        if (p[j] > p[best]) best = j;
                    }
                    result.add(RowFactory.create(ids[i], (double) best, Vectors.dense(p)));
                }
                return true;
            }

            @Override
            public Row next() {
                return result.get(next++);
            }
        };
    }

    private Batch lanesBatch(float[] x, float[] y) throws IOException {
        Session s = lanes(modelBytes).newSession(batch);
        return rows -> s.predictBatch(x, rows, y);
    }

    private Batch ortBatch(float[] x, float[] y) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = ort(modelBytes);
        String inputName = session.getInputNames().iterator().next();
        String outputName = session.getOutputNames().iterator().next();
        FloatBuffer input = direct(batch * in), output = direct(batch * out);
        OnnxTensor fullIn = OnnxTensor.createTensor(env, input, new long[] {batch, in});
        OnnxTensor fullOut = OnnxTensor.createTensor(env, output, new long[] {batch, out});
        Map<String, OnnxTensor> fullInputs = Map.of(inputName, fullIn);
        Map<String, OnnxValue> fullOutputs = Map.of(outputName, fullOut);
        return new Batch() {
            @Override
            public void run(int rows) throws OrtException {
                runOrt(rows);
            }

            @Override
            public void close() {
                fullIn.close();
                fullOut.close();
            }

            @SuppressWarnings("try") // the Result is opened only to be closed: closing it releases ORT's handle
            private void runOrt(int rows) throws OrtException {
            input.clear();
            input.put(x, 0, rows * in).flip();
            if (rows == batch) {
                try (OrtSession.Result r = session.run(fullInputs, fullOutputs)) {
                    output.get(0, y, 0, rows * out);
                }
                return;
            }
            // the partition's last, short batch: tensors of its own shape
            try (OnnxTensor t = OnnxTensor.createTensor(env, input, new long[] {rows, in});
                    OrtSession.Result r = session.run(Map.of(inputName, t))) {
                ((OnnxTensor) r.get(0)).getFloatBuffer().get(y, 0, rows * out);
            }
            }
        };
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
