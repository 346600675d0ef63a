package dev.lanes.onnx;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The ONNX backend node tests (Debian's libonnx-testdata, ONNX 1.12) for every operator Lanes supports, and the
 * PyTorch-converted model tests built from them. Where the data is missing the suite says so and is skipped,
 * unless -Dlanes.onnx.conformance.required=true (set in CI), which makes its absence a failure.
 */
class NodeConformanceTest {
    /** Node test families of the supported operators (all axes, broadcasts, large numbers, all Gemm variants). */
    private static final List<String> PREFIXES = List.of("test_gemm_", "test_matmul_2d", "test_add", "test_sub",
            "test_mul", "test_relu", "test_leakyrelu", "test_prelu", "test_sigmoid", "test_tanh", "test_softmax",
            "test_logsoftmax", "test_max_", "test_flatten");

    /** PyTorch-exported models (torch.nn modules) that are MLP building blocks. */
    private static final List<String> PYTORCH = List.of("test_Linear", "test_Linear_no_bias", "test_ReLU",
            "test_LeakyReLU", "test_LeakyReLU_with_negval", "test_PReLU_1d", "test_PReLU_1d_multiparam",
            "test_Sigmoid", "test_Tanh", "test_Softmax", "test_LogSoftmax", "test_softmax_lastdim",
            "test_softmax_functional_dim3", "test_log_softmax_lastdim", "test_log_softmax_dim3");

    private static Path data(String sub) {
        Path root = Path.of(System.getProperty("lanes.onnx.testdata", "/usr/share/libonnx-testdata/data"), sub);
        if (!Files.isDirectory(root)) {
            String msg = "ONNX backend test data not found at " + root + " (apt-get install libonnx-testdata)";
            if (Boolean.getBoolean("lanes.onnx.conformance.required")) fail(msg + "; required in CI");
            System.out.println(msg + ": conformance suite skipped");
            Assumptions.abort(msg);
        }
        return root;
    }

    @Test
    void nodeTestsOfSupportedOperatorsPass() throws IOException {
        Path root = data("node");
        List<String> names;
        try (Stream<Path> s = Files.list(root)) {
            names = s.map(p -> p.getFileName().toString())
                    .filter(n -> PREFIXES.stream().anyMatch(n::startsWith)).sorted().toList();
        }
        NodeTestSuite suite = new NodeTestSuite();
        suite.runAll(root, names);
        String report = suite.report("ONNX node conformance");
        System.out.println(report);
        assertTrue(suite.failed.isEmpty(), report);
        assertTrue(suite.passed.size() >= 57, "too few node tests ran: " + report);
    }

    @Test
    void pytorchExportedModelsMatchTheirOutputs() throws IOException {
        Path root = data("pytorch-converted");
        NodeTestSuite suite = new NodeTestSuite();
        suite.runAll(root, PYTORCH);
        String report = suite.report("PyTorch-converted models");
        System.out.println(report);
        assertTrue(suite.failed.isEmpty(), report);
        assertEquals(List.of(), suite.skipped, report);
    }
}
