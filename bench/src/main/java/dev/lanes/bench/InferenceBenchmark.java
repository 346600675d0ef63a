package dev.lanes.bench;

import dev.lanes.nn.Sequential;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Inference latency on Lanes' layers directly: one forward pass (training = false) of a batch through the
 * network, ending in softmax probabilities, returning the output buffer. Batch 1 is the embedded-service
 * case (one request, one answer). Measured: ns per pass; with {@code -prof gc}, bytes per pass (0 after
 * warm-up). {@link OnnxRuntimeBenchmark} measures the same networks through the embedding API against ONNX
 * Runtime.
 */
public abstract class InferenceBenchmark extends KernelBenchmark {

    @Param({"spiral", "mlp"})
    public String net;

    @Param({"1", "32", "256"})
    public int batch;

    private Sequential model;
    private float[] x;

    @Setup
    public void setup() {
        model = Networks.build(net, batch, true);
        x = Inputs.uniform(batch * model.inputWidth(), -1f, 1f, 13);
    }

    @Benchmark
    public float[] forward() {
        return model.forward(x, batch, false);
    }

    @Fork(value = 1, jvmArgsAppend = {"-Dlanes.kernels=scalar"})
    public static class Scalar extends InferenceBenchmark {}

    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
    public static class Simd extends InferenceBenchmark {}
}
