package dev.lanes.onnx;

import com.google.protobuf.ByteString;
import dev.lanes.onnx.proto.Onnx.AttributeProto;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lanes.onnx.proto.Onnx.StringStringEntryProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import dev.lanes.onnx.proto.Onnx.TensorShapeProto;
import dev.lanes.onnx.proto.Onnx.TypeProto;
import dev.lanes.onnx.proto.Onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed or unsupported file fails with OnnxFormatException and a message that says where. */
class MalformedModelTest {
    static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static TensorProto floats(String name, float[] v, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1);
        for (long d : dims) t.addDims(d);
        for (float f : v) t.addFloatData(f);
        return t.build();
    }

    /** y = Relu(x · W + b), x: (N, 2), W: (2, 3). */
    static ModelProto.Builder mlp() {
        GraphProto g = GraphProto.newBuilder()
                .addInput(value("x", -1, 2))
                .addInitializer(floats("W", new float[] {1, -2, 3, -4, 5, -6}, 2, 3))
                .addInitializer(floats("b", new float[] {0.5f, 0.5f, -0.5f}, 3))
                .addNode(NodeProto.newBuilder().setName("fc").setOpType("Gemm").addInput("x").addInput("W")
                        .addInput("b").addOutput("h"))
                .addNode(NodeProto.newBuilder().setName("act").setOpType("Relu").addInput("h").addOutput("y"))
                .addOutput(value("y", -1, 3)).build();
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g);
    }

    @Test
    void aValidModelRuns() throws Exception {
        OnnxModel model = OnnxModel.fromBytes(mlp().build().toByteArray());
        float[] y = new float[6];
        model.newSession().predict(new float[] {1, 1, 0, -1}, 2, y);
        // row 1: (1-4, -2+5, 3-6) + b → relu; row 2: (4, -5, 6) + b → relu
        assertArrayEquals(new float[] {0, 3.5f, 0, 4.5f, 0, 5.5f}, y);
    }

    @Test
    void corruptedPytorchExportsFailCleanly() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("lanes.onnx.testdata",
                "/usr/share/libonnx-testdata/data"), "pytorch-converted");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(root),
                "libonnx-testdata not installed");
        Random rng = new Random(11);
        for (String name : new String[] {"test_Linear", "test_PReLU_1d_multiparam", "test_LogSoftmax"}) {
            byte[] good = java.nio.file.Files.readAllBytes(root.resolve(name).resolve("model.onnx"));
            for (int trial = 0; trial < 2000; trial++) {
                byte[] bad = trial % 4 == 0 ? Arrays.copyOf(good, rng.nextInt(good.length)) : good.clone();
                if (trial % 4 != 0) {
                    for (int f = 1 + rng.nextInt(4); f > 0; f--) bad[rng.nextInt(bad.length)] ^= (byte) (1 << rng.nextInt(8));
                }
                try {
                    OnnxModel.fromBytes(bad);
                } catch (OnnxFormatException expected) {
                    // the only exception allowed
                }
            }
        }
    }

    @Test
    void sessionsOnSeveralThreadsShareOneModel() throws Exception {
        OnnxModel model = OnnxModel.fromBytes(mlp().build().toByteArray());
        float[] x = {1, 1, 0, -1};
        float[] want = new float[6];
        model.newSession().predict(x, 2, want);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    OnnxSession s = model.newSession();
                    float[] y = new float[6];
                    for (int i = 0; i < 10_000; i++) s.predict(x, 2, y);
                    return y;
                }));
            }
            for (var f : results) assertArrayEquals(want, f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void batchedMatMulFoldsLeadingDimensions() throws Exception {
        GraphProto g = GraphProto.newBuilder()
                .addInput(value("x", 2, 3, 2))
                .addInitializer(floats("W", new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").addInput("x").addInput("W").addOutput("y"))
                .addOutput(value("y", 2, 3, 3)).build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
        OnnxSession s = OnnxModel.fromBytes(m.toByteArray()).newSession();
        float[] x = new float[12];
        for (int i = 0; i < 12; i++) x[i] = i - 5;
        float[] y = s.run(new float[][] {x}, new int[][] {{2, 3, 2}})[0];
        assertArrayEquals(new int[] {2, 3, 3}, s.outputShape(0));
        for (int row = 0; row < 6; row++) {
            for (int j = 0; j < 3; j++) { // small integers: exact in float
                assertTrue(y[row * 3 + j] == x[row * 2] * (j + 1) + x[row * 2 + 1] * (j + 4), "y[" + row + "," + j + "]");
            }
        }
    }

    private static void rejects(byte[] bytes, String expected) {
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.fromBytes(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static void rejects(ModelProto.Builder m, String expected) {
        rejects(m.build().toByteArray(), expected);
    }

    @Test
    void unsupportedOperatorNamesNodeAndOperator() {
        ModelProto.Builder m = mlp();
        m.getGraphBuilder().getNodeBuilder(1).setOpType("Elu");
        rejects(m, "node 1 'act' (Elu): operator Elu is not supported");
    }

    @Test
    void unsupportedAttributeNamesNode() {
        ModelProto.Builder m = mlp();
        m.getGraphBuilder().getNodeBuilder(0).addAttribute(
                AttributeProto.newBuilder().setName("bogus").setType(2).setI(1));
        rejects(m, "node 0 'fc' (Gemm): attribute 'bogus' is not supported");
    }

    @Test
    void nodesOutOfTopologicalOrder() {
        ModelProto.Builder m = mlp();
        NodeProto first = m.getGraphBuilder().getNode(0);
        m.getGraphBuilder().removeNode(0).addNode(first);
        rejects(m, "not defined before this node");
    }

    @Test
    void inconsistentShapes() {
        ModelProto.Builder m = mlp();
        m.getGraphBuilder().setInitializer(1, floats("b", new float[] {1, 2}, 2));
        rejects(m, "do not broadcast");
        ModelProto.Builder n = mlp();
        n.getGraphBuilder().setOutput(0, value("y", -1, 4));
        rejects(n, "declared with dimension 1 = 4");
    }

    @Test
    void unsupportedOpset() {
        ModelProto.Builder m = mlp();
        m.setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(99));
        rejects(m, "opset 99 is not supported");
    }

    @Test
    void externalDataIsRejectedWithoutOpeningAnything() {
        ModelProto.Builder m = mlp();
        m.getGraphBuilder().setInitializer(0, TensorProto.newBuilder().setName("W").setDataType(1).addDims(2)
                .addDims(3).setDataLocation(1).addExternalData(StringStringEntryProto.newBuilder()
                        .setKey("location").setValue("/etc/passwd")));
        rejects(m, "external data is not supported");
    }

    @Test
    void forgedDimsAndDataLengthMismatches() {
        ModelProto.Builder huge = mlp();
        huge.getGraphBuilder().setInitializer(0, floats("W", new float[] {1}, 1L << 40, 1L << 40));
        rejects(huge, "out of range");
        ModelProto.Builder overflow = mlp();
        overflow.getGraphBuilder().setInitializer(0, floats("W", new float[] {1}, 1 << 20, 1 << 20));
        rejects(overflow, "exceeds");
        ModelProto.Builder negative = mlp();
        negative.getGraphBuilder().setInitializer(0, floats("W", new float[] {1}, -1, 2));
        rejects(negative, "out of range");
        ModelProto.Builder raw = mlp();
        raw.getGraphBuilder().setInitializer(0, TensorProto.newBuilder().setName("W").setDataType(1).addDims(2)
                .addDims(3).setRawData(ByteString.copyFrom(new byte[23])));
        rejects(raw, "shape holds 6 elements but the tensor has 23 raw_data bytes");
        ModelProto.Builder few = mlp();
        few.getGraphBuilder().setInitializer(0, floats("W", new float[] {1, 2}, 2, 3));
        rejects(few, "shape holds 6 elements but the tensor has 2 float_data values");
        ModelProto.Builder input = mlp();
        input.getGraphBuilder().setInput(0, value("x", -1, 1L << 33));
        rejects(input, "out of range");
    }

    @Test
    void truncationsAndBitFlipsFailCleanly() {
        byte[] good = mlp().build().toByteArray();
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            try {
                OnnxModel.fromBytes(cut);
            } catch (OnnxFormatException expected) {
                // the only exception allowed
            }
        }
        Random rng = new Random(5);
        for (int trial = 0; trial < 5000; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + rng.nextInt(3);
            for (int f = 0; f < flips; f++) bad[rng.nextInt(bad.length)] ^= (byte) (1 << rng.nextInt(8));
            OnnxModel model;
            try {
                model = OnnxModel.fromBytes(bad);
            } catch (OnnxFormatException expected) {
                continue; // the only exception loading may throw
            }
            try {
                model.newSession().run(new float[][] {new float[4]}, new int[][] {{2, 2}});
            } catch (OnnxFormatException expected) {
                // the corrupted model declares another input shape than (2, 2)
            } catch (IllegalArgumentException e) {
                // only the caller's error is acceptable here, never a kernel's argument check
                assertTrue(e.getMessage().contains("inputs given") || e.getMessage().contains("shape needs"),
                        e.toString());
            }
        }
    }
}
