package dev.lanes.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.onnx.OnnxExport;
import dev.lanes.onnx.OnnxFormatException;
import dev.lanes.onnx.OnnxModel;
import dev.lanes.onnx.OnnxSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Inference latency of the same network, with the same weights, in Lanes and in ONNX Runtime Java — what an
 * embedding service would use instead. Lanes runs through its embedding API ({@link Session#predictBatch},
 * output copied into the caller's array); ONNX Runtime runs the model Lanes' own {@link OnnxExport} wrote,
 * on one intra-op and one inter-op thread, sequential execution, all graph optimisations, with input and
 * output tensors bound once to direct buffers (its "pinned outputs"), so a call is a session run and nothing
 * else — the fastest way the Java API offers. Each call returns one batch of softmax probabilities.
 *
 * <p>{@code threads} above 1 gives both sides that many threads for one call: Lanes'
 * {@link Session#threads} (a batch of at least 16 rows is split by rows) and ONNX Runtime's intra-op pool
 * (its default spinning, sequential execution still). {@code lanesImported} stays on one thread.
 *
 * <p>The set-up runs both on the same input and fails when the outputs differ by more than the rounding
 * both may commit (see {@link #checkSameOutputs}), so the times compare the same computation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OnnxRuntimeBenchmark {

    @Param({"mlp", "spiral"})
    public String net;

    @Param({"1", "32", "256"})
    public int batch;

    /** Threads per call on both sides; {@code -p threads=1,2} compares them. */
    @Param({"1"})
    public int threads;

    private Session lanes;
    private OnnxSession imported;
    private float[] x;
    private float[] y;

    private OrtEnvironment env;
    private OrtSession ort;
    private OnnxTensor ortInput;
    private OnnxTensor ortOutput;
    private FloatBuffer ortOutputBuffer;
    private Map<String, OnnxTensor> ortInputs;
    private Map<String, OnnxValue> ortOutputs;

    @Setup
    public void setup() throws OrtException, OnnxFormatException {
        Model model = Model.of(Networks.build(net, batch, true));
        lanes = model.newSession(batch).threads(threads);
        x = Inputs.uniform(batch * model.inputWidth(), -1f, 1f, 17);
        y = new float[batch * model.outputWidth()];

        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            ort = env.createSession(OnnxExport.toBytes(model), options);
        }
        FloatBuffer in = direct(x.length).put(x).flip();
        ortInput = OnnxTensor.createTensor(env, in, new long[] {batch, model.inputWidth()});
        ortOutputBuffer = direct(y.length);
        ortOutput = OnnxTensor.createTensor(env, ortOutputBuffer, new long[] {batch, model.outputWidth()});
        ortInputs = Map.of("input", ortInput);
        ortOutputs = Map.of("output", ortOutput);
        checkSameOutputs(model);
        imported = OnnxModel.fromBytes(OnnxExport.toBytes(model)).newSession();
        float[] want = y.clone();
        lanesImported();
        if (!java.util.Arrays.equals(want, y)) { // the same engine steps on the same packed weights
            throw new IllegalStateException(net + " batch " + batch + ": the imported model's outputs differ from "
                    + "the Lanes session's");
        }
    }

    @TearDown
    public void tearDown() throws OrtException {
        lanes.threads(1);
        ortInput.close();
        ortOutput.close();
        ort.close();
    }

    @Benchmark
    public float[] lanes() {
        lanes.predictBatch(x, batch, y);
        return y;
    }

    /**
     * The same model exported to ONNX and imported back by Lanes: the ONNX front end's session, on the same
     * engine (a user who brings an .onnx file instead of a .lanes one).
     */
    @Benchmark
    public float[] lanesImported() throws OnnxFormatException {
        imported.predict(x, batch, y);
        return y;
    }

    /** Returns ORT's output buffer, which it wrote in place; the Result object only wraps the pinned tensor. */
    @SuppressWarnings("try") // the Result is opened only to be closed: closing it releases ORT's handle
    @Benchmark
    public FloatBuffer onnxruntime() throws OrtException {
        try (OrtSession.Result result = ort.run(ortInputs, ortOutputs)) {
            return ortOutputBuffer;
        }
    }

    /**
     * Both compute softmax(relu(x·W1 + b1)·W2 + b2) in float. Each one's logits are within E of the exact ones
     * ({@link Networks#logitErrorBound}); a logit error of at most E moves a probability p by at most
     * p·(e^{2E} − 1), so the two differ by at most twice that (taking the larger p), plus the rounding of
     * each one's exp, sum and division, a few ulps of p ≤ 1: 16·2⁻²⁴ covers both.
     */
    private void checkSameOutputs(Model model) throws OrtException {
        lanes();
        onnxruntime();
        float[] theirs = new float[y.length];
        ortOutputBuffer.get(0, theirs);
        double e = Networks.logitErrorBound(model, x, batch);
        for (int i = 0; i < y.length; i++) {
            double bound = 2 * Math.max(y[i], theirs[i]) * Math.expm1(2 * e) + 16 * 0x1p-24;
            if (!(Math.abs(y[i] - theirs[i]) <= bound)) {
                throw new IllegalStateException(net + " batch " + batch + ": output[" + i / model.outputWidth() + "]["
                        + i % model.outputWidth() + "] differs: Lanes " + y[i] + ", ONNX Runtime " + theirs[i]
                        + " (bound " + bound + ")");
            }
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
