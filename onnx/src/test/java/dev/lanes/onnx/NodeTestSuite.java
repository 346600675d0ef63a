package dev.lanes.onnx;

import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import dev.lanes.onnx.proto.Onnx.ValueInfoProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs ONNX backend test directories (model.onnx + test_data_set_N/{input,output}_K.pb) through Lanes. A test is
 * skipped, with its reason, only when it needs what Lanes does not claim: a non-FLOAT tensor type or an operator
 * outside {@link Ops#SUPPORTED}. Anything else that fails to load or to match is a failure.
 */
final class NodeTestSuite {
    /** Upstream's tolerance (onnx backend test runner): |a − r| ≤ atol + rtol·|r|. */
    static final double ATOL = 1e-7, RTOL = 1e-3;

    final List<String> passed = new ArrayList<>();
    final List<String> failed = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();

    void runAll(Path root, List<String> names) throws IOException {
        for (String name : names) run(root.resolve(name));
    }

    void run(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        String reason = skipReason(ModelProto.parseFrom(bytes));
        if (reason != null) {
            skipped.add(name + ": " + reason);
            return;
        }
        try {
            OnnxModel model = OnnxModel.fromBytes(bytes);
            OnnxSession session = model.newSession();
            List<Path> sets;
            try (Stream<Path> s = Files.list(dir)) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
            if (sets.isEmpty()) throw new AssertionError("no test_data_set_*");
            for (Path set : sets) {
                float[][] inputs = new float[model.inputCount()][];
                int[][] shapes = new int[model.inputCount()][];
                for (int i = 0; i < inputs.length; i++) {
                    TensorData t = read(set.resolve("input_" + i + ".pb"));
                    inputs[i] = t.floats;
                    shapes[i] = t.shape;
                }
                float[][] outputs = session.run(inputs, shapes);
                for (int j = 0; j < outputs.length; j++) {
                    TensorData want = read(set.resolve("output_" + j + ".pb"));
                    compare(name + "/" + set.getFileName() + " output " + j, want, session.outputShape(j), outputs[j]);
                }
            }
            passed.add(name);
        } catch (IOException | RuntimeException | AssertionError e) {
            failed.add(name + ": " + e);
        }
    }

    static TensorData read(Path file) throws IOException {
        return TensorData.decode(TensorProto.parseFrom(Files.readAllBytes(file)), file.toString());
    }

    static void compare(String what, TensorData want, int[] shape, float[] got) {
        if (want.floats == null) throw new AssertionError(what + ": expected output is not FLOAT");
        if (!java.util.Arrays.equals(want.shape, shape)) throw new AssertionError(what + ": shape "
                + java.util.Arrays.toString(shape) + ", expected " + java.util.Arrays.toString(want.shape));
        for (int i = 0; i < want.floats.length; i++) {
            double r = want.floats[i], a = got[i];
            boolean ok = Math.abs(a - r) <= ATOL + RTOL * Math.abs(r) || Double.isNaN(r) && Double.isNaN(a)
                    || r == a;
            if (!ok) throw new AssertionError(what + "[" + i + "]: " + a + ", expected " + r);
        }
    }

    /** Why Lanes does not run this test, or null if it must. */
    static String skipReason(ModelProto m) {
        for (NodeProto n : m.getGraph().getNodeList()) {
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx") || !Ops.SUPPORTED.contains(n.getOpType())) {
                return "operator " + n.getOpType() + " is not supported";
            }
        }
        List<ValueInfoProto> values = new ArrayList<>(m.getGraph().getInputList());
        values.addAll(m.getGraph().getOutputList());
        for (ValueInfoProto v : values) {
            int type = v.getType().getTensorType().getElemType();
            if (type != TensorData.FLOAT) return "tensor '" + v.getName() + "' has data type " + type + " (FLOAT only)";
        }
        return null;
    }

    String report(String title) {
        StringBuilder s = new StringBuilder();
        s.append(title).append(": ").append(passed.size()).append(" passed / ").append(passed.size() + failed.size())
                .append(" run, ").append(skipped.size()).append(" skipped\n");
        for (String f : failed) s.append("  FAILED  ").append(f).append('\n');
        for (String k : skipped) s.append("  skipped ").append(k).append('\n');
        return s.toString();
    }
}
