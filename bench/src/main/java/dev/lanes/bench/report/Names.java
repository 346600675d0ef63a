package dev.lanes.bench.report;

import java.util.Set;

/**
 * The benchmark names the report understands, one place for the naming contract between the benchmarks in
 * {@code dev.lanes.bench} and this package. Rows under other names are read and ignored.
 */
final class Names {

    private static final String P = "dev.lanes.bench.";

    static final String GEMM_SIMD = P + "GemmBenchmark.lanes";
    /** Only its {@code lanes} method counts: its other methods repeat GemmBenchmark's peers. */
    static final String GEMM_SCALAR = P + "GemmScalarBenchmark.lanes";
    static final String GEMM_OPENBLAS = P + "GemmBenchmark.openblas";
    static final String GEMM_EJML = P + "GemmBenchmark.ejml";

    static final String SESSION = P + "OnnxRuntimeBenchmark.lanes";
    /** The same model exported to ONNX and run by Lanes' importer (OnnxSession). */
    static final String SESSION_IMPORTED = P + "OnnxRuntimeBenchmark.lanesImported";
    /** Kernels.gemmPacked on B packed at set-up: the product inference runs. */
    static final String GEMM_PACKED = P + "PackedGemmBenchmark.lanesPacked";
    /** Register-only fma throughput: the single-core peak the Vector API reaches. */
    static final String PEAK = P + "PeakBenchmark.fmaThroughput";
    static final String ONNX_RUNTIME = P + "OnnxRuntimeBenchmark.onnxruntime";
    static final String LAYERS_SIMD = P + "InferenceBenchmark.Simd.forward";
    static final String LAYERS_SCALAR = P + "InferenceBenchmark.Scalar.forward";

    static final String TRAIN_SIMD = P + "TrainingStepBenchmark.Simd.step";
    static final String TRAIN_SCALAR = P + "TrainingStepBenchmark.Scalar.step";

    static final String COPY = P + "CopyBenchmark.copy";
    static final String RELU_SIMD = P + "ReluBenchmark.Simd.relu";
    static final String RELU_SCALAR = P + "ReluBenchmark.Scalar.relu";

    /** Twins that are whole networks, not kernels: they have their own sections. */
    private static final Set<String> NOT_KERNELS = Set.of("InferenceBenchmark", "TrainingStepBenchmark");
    /** Methods that measure a peer library, not Lanes. */
    private static final Set<String> PEER_METHODS = Set.of("openblas", "ejml", "onnxruntime");

    private Names() {}

    /** A kernel twin: {@code dev.lanes.bench.<Family>Benchmark.(Scalar|Simd).<kernel>}. */
    static boolean isKernelTwin(Measurement m) {
        return m.benchmark().startsWith(P) && !m.twin().isEmpty() && !NOT_KERNELS.contains(m.benchmarkClass());
    }

    /** The same kernel, size and family in the other twin. */
    static String otherTwin(Measurement m) {
        String from = "." + m.twin() + ".";
        String to = m.twin().equals("Simd") ? ".Scalar." : ".Simd.";
        return m.benchmark().replace(from, to);
    }

    /** Baselines that measure the machine, not Lanes: a memory copy and the fma peak. */
    private static final Set<String> BASELINES = Set.of("CopyBenchmark", "PeakBenchmark");

    /** Lanes code measured: everything but the peers and the baselines. */
    static boolean isLanes(Measurement m) {
        return m.benchmark().startsWith(P) && !PEER_METHODS.contains(m.method())
                && !BASELINES.contains(m.benchmarkClass());
    }
}
