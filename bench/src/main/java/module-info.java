/**
 * Lanes' JMH benchmarks, including the classes JMH's annotation processor generates into
 * {@code dev.lanes.bench.jmh_generated}. The shaded benchmarks.jar drops every module-info.class and runs on
 * the class path (JMH forks its workers that way), so this descriptor governs compilation: it proves the
 * benchmarks use only what the Lanes modules export. Nothing is exported: JMH reaches the benchmark and
 * generated classes reflectively, which the qualified opens allow should the jar ever run as a module.
 */
module dev.lanes.bench {
    requires dev.lanes.core;
    requires dev.lanes.simd;
    requires dev.lanes.onnx;
    requires jmh.core;
    // PeakBenchmark measures the fma throughput the Vector API reaches.
    requires jdk.incubator.vector;
    requires org.bytedeco.openblas;
    // The peers. EJML's jars name no module: these are their file-name-derived automatic names.
    requires ejml.core;
    requires ejml.fdense;
    requires com.microsoft.onnxruntime;
    // The report.
    requires com.google.gson;
    requires org.knowm.xchart;
    requires java.desktop;
    // The study re-runs itself without the OpenBLAS overrides, with this JVM's own arguments.
    requires java.management;

    opens dev.lanes.bench to jmh.core;
    opens dev.lanes.bench.jmh_generated to jmh.core;
}
