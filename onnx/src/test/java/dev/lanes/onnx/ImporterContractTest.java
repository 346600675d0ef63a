package dev.lanes.onnx;

import static dev.lanes.onnx.MalformedModelTest.floats;
import static dev.lanes.onnx.MalformedModelTest.mlp;
import static dev.lanes.onnx.MalformedModelTest.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.lanes.infer.MemoryLimitException;
import dev.lanes.onnx.proto.Onnx.AttributeProto;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a loaded model reports and what the importer reads, value by value: accessors, every tensor encoding,
 * Constant forms, opset bounds, dimension bounds, and the session's argument checks.
 */
class ImporterContractTest {

    private static ModelProto model(int opset, GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test").setProducerVersion("1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).setGraph(g).build();
    }

    private static OnnxModel load(ModelProto m) throws OnnxFormatException {
        return OnnxModel.fromBytes(m.toByteArray());
    }

    private static String error(ModelProto m) {
        return assertThrows(OnnxFormatException.class, () -> load(m)).getMessage();
    }

    /** y = x + c with the constant c of 3 values given by {@code c}. */
    private static GraphProto.Builder plus(TensorProto c) {
        return GraphProto.newBuilder().addInput(value("x", -1, 3)).addInitializer(c)
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("c").addOutput("y"))
                .addOutput(value("y", -1, 3));
    }

    private static float[] run(OnnxModel m, float... x) throws OnnxFormatException {
        float[] y = new float[x.length];
        m.newSession().predict(x, x.length / 3, y);
        return y;
    }

    @Test
    void accessorsDescribeTheGraph() throws Exception {
        OnnxModel m = load(mlp().setProducerName("torch").setProducerVersion("2.1").build());
        assertEquals(13, m.opset());
        assertEquals(1, m.inputCount());
        assertEquals("x", m.inputName(0));
        assertArrayEquals(new int[] {-1, 2}, m.inputShape(0));
        assertEquals(1, m.outputCount());
        assertEquals("y", m.outputName(0));
        assertEquals(List.of("Gemm", "Relu"), m.operators());
        assertEquals(9, m.parameterCount()); // W: 2 × 3, b: 3
        assertEquals("ONNX model, opset 13, from torch 2.1\n  input  x [?, 2]\n  output y\n"
                + "  operators: Gemm → Relu\n  parameters: 9", m.describe());
        assertEquals("OnnxModel[opset 13, 2 nodes]", m.toString());
        assertArrayEquals(new int[] {5, 3}, m.outputShapes(new int[][] {{5, 2}})[0]);
        int[] shape = m.inputShape(0);
        shape[0] = 99; // a copy
        assertArrayEquals(new int[] {-1, 2}, m.inputShape(0));
        assertTrue(load(mlp().clearProducerName().build()).describe().startsWith("ONNX model, opset 13\n"));
    }

    @Test
    void everyTensorEncodingDecodesToTheSameValues() throws Exception {
        float[] c = {0.5f, -1.25f, 3f};
        ByteBuffer f32 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer f64 = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : c) {
            f32.putFloat(v);
            f64.putDouble(v);
        }
        TensorProto.Builder base = TensorProto.newBuilder().setName("c").addDims(3);
        TensorProto[] forms = {
            base.clone().setDataType(1).addFloatData(c[0]).addFloatData(c[1]).addFloatData(c[2]).build(),
            base.clone().setDataType(1).setRawData(ByteString.copyFrom(f32.array())).build(),
            base.clone().setDataType(11).addDoubleData(c[0]).addDoubleData(c[1]).addDoubleData(c[2]).build(),
            base.clone().setDataType(11).setRawData(ByteString.copyFrom(f64.array())).build(),
        };
        float[] expected = {1.5f, -0.25f, 4f}; // x = 1 + c, exact
        for (TensorProto t : forms) {
            assertArrayEquals(expected, run(load(model(13, plus(t))), 1, 1, 1), t.toString());
        }
        // a mismatch between the shape and the stored values, for each encoding, names both counts
        assertTrue(error(model(13, plus(base.clone().setDataType(1).addFloatData(1f).build())))
                .contains("shape holds 3 elements but the tensor has 1 float_data values"));
        assertTrue(error(model(13, plus(base.clone().setDataType(1).setRawData(ByteString.copyFrom(new byte[11]))
                .build()))).contains("has 11 raw_data bytes (4 per element)"));
        assertTrue(error(model(13, plus(base.clone().setDataType(11).addDoubleData(1).build())))
                .contains("1 double_data values"));
        assertTrue(error(model(13, plus(base.clone().setDataType(11).setRawData(ByteString.copyFrom(new byte[16]))
                .build()))).contains("16 raw_data bytes (8 per element)"));
        assertTrue(error(model(13, plus(base.clone().setDataType(10).build()))).contains("data type 10"));
    }

    /** Integer tensors, in all four encodings, as Reshape's target shape [-1, 3]. */
    @Test
    void integerTensorsDecodeInEveryEncoding() throws Exception {
        ByteBuffer i64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(3);
        ByteBuffer i32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(3);
        TensorProto.Builder base = TensorProto.newBuilder().setName("s").addDims(2);
        TensorProto[] forms = {
            base.clone().setDataType(7).addInt64Data(-1).addInt64Data(3).build(),
            base.clone().setDataType(7).setRawData(ByteString.copyFrom(i64.array())).build(),
            base.clone().setDataType(6).addInt32Data(-1).addInt32Data(3).build(),
            base.clone().setDataType(6).setRawData(ByteString.copyFrom(i32.array())).build(),
        };
        for (TensorProto t : forms) {
            OnnxModel m = load(model(13, GraphProto.newBuilder().addInput(value("x", 2, 3)).addInitializer(t)
                    .addNode(NodeProto.newBuilder().setOpType("Reshape").addInput("x").addInput("s").addOutput("y"))
                    .addOutput(value("y", 2, 3))));
            assertArrayEquals(new int[] {2, 3}, m.outputShapes(new int[][] {{2, 3}})[0], t.toString());
        }
        assertTrue(error(model(13, GraphProto.newBuilder().addInput(value("x", 2, 3))
                .addInitializer(base.clone().setDataType(7).addInt64Data(1).build())
                .addNode(NodeProto.newBuilder().setOpType("Reshape").addInput("x").addInput("s").addOutput("y"))
                .addOutput(value("y", 2, 3)))).contains("1 int64_data values"));
    }

    @Test
    void constantNodesInEveryForm() throws Exception {
        AttributeProto[] forms = {
            AttributeProto.newBuilder().setName("value_floats").setType(6).addFloats(1).addFloats(2).addFloats(3).build(),
            AttributeProto.newBuilder().setName("value").setType(4).setT(floats("", new float[] {1, 2, 3}, 3)).build(),
        };
        for (AttributeProto a : forms) {
            OnnxModel m = load(model(13, GraphProto.newBuilder().addInput(value("x", -1, 3))
                    .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("c").addAttribute(a))
                    .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("c").addOutput("y"))
                    .addOutput(value("y", -1, 3))));
            assertArrayEquals(new float[] {1, 2, 3}, run(m, 0, 0, 0), a.getName());
            assertEquals(List.of("Add"), m.operators(), "a Constant is folded, not run");
        }
        OnnxModel scalar = load(model(13, GraphProto.newBuilder().addInput(value("x", -1, 3))
                .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("c")
                        .addAttribute(AttributeProto.newBuilder().setName("value_float").setType(1).setF(2.5f)))
                .addNode(NodeProto.newBuilder().setOpType("Mul").addInput("x").addInput("c").addOutput("y"))
                .addOutput(value("y", -1, 3))));
        assertArrayEquals(new float[] {2.5f, 5f, -2.5f}, run(scalar, 1, 2, -1));
        AttributeProto ints = AttributeProto.newBuilder().setName("value_ints").setType(7).addInts(-1).addInts(3).build();
        OnnxModel reshaped = load(model(13, GraphProto.newBuilder().addInput(value("x", 2, 3))
                .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("s").addAttribute(ints))
                .addNode(NodeProto.newBuilder().setOpType("Reshape").addInput("x").addInput("s").addOutput("y"))
                .addOutput(value("y", 2, 3))));
        assertArrayEquals(new int[] {2, 3}, reshaped.outputShapes(new int[][] {{2, 3}})[0]);
        // value_int: a scalar, here Dropout's training mode: 0 runs (inference), 1 is refused
        for (long mode : new long[] {0, 1}) {
            ModelProto m = model(13, GraphProto.newBuilder().addInput(value("x", -1, 3))
                    .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("t").addAttribute(
                            AttributeProto.newBuilder().setName("value_int").setType(2).setI(mode)))
                    .addNode(NodeProto.newBuilder().setOpType("Dropout").addInput("x").addInput("").addInput("t")
                            .addOutput("y"))
                    .addOutput(value("y", -1, 3)));
            if (mode == 0) assertArrayEquals(new float[] {1, 2, 3}, run(load(m), 1, 2, 3));
            else assertTrue(error(m).contains("training-mode Dropout is not supported"));
        }
    }

    @Test
    void constantNodeFormsAreChecked() {
        NodeProto.Builder two = NodeProto.newBuilder().setOpType("Constant").addOutput("c")
                .addAttribute(AttributeProto.newBuilder().setName("value_float").setType(1).setF(1))
                .addAttribute(AttributeProto.newBuilder().setName("value_int").setType(2).setI(1));
        assertTrue(error(model(13, GraphProto.newBuilder().addNode(two).addOutput(value("c")))).contains(
                "exactly one value attribute"));
        NodeProto.Builder withInput = NodeProto.newBuilder().setOpType("Constant").addOutput("c").addInput("x")
                .addAttribute(AttributeProto.newBuilder().setName("value_float").setType(1).setF(1));
        assertTrue(error(model(13, GraphProto.newBuilder().addInput(value("x", 1)).addNode(withInput)
                .addOutput(value("c")))).contains("Constant takes no inputs"));
    }

    @Test
    void opsetBoundsAndDomains() throws Exception {
        for (int opset : new int[] {OnnxModel.MIN_OPSET, OnnxModel.MAX_OPSET}) {
            ModelProto.Builder b = mlp().setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(opset));
            assertEquals(opset, load(b.build()).opset());
        }
        for (int opset : new int[] {OnnxModel.MIN_OPSET - 1, OnnxModel.MAX_OPSET + 1}) {
            ModelProto.Builder b = mlp().setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(opset));
            assertTrue(error(b.build()).contains("opset " + opset + " is not supported"));
        }
        ModelProto named = mlp().setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("ai.onnx").setVersion(12))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(3)).build();
        assertEquals(12, load(named).opset());
        assertTrue(error(mlp().setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("x").setVersion(13))
                .build()).contains("imports no opset of the default ONNX domain"));
        ModelProto.Builder onnxDomain = mlp();
        onnxDomain.getGraphBuilder().getNodeBuilder(1).setDomain("ai.onnx");
        assertEquals(List.of("Gemm", "Relu"), load(onnxDomain.build()).operators());
        ModelProto.Builder other = mlp();
        other.getGraphBuilder().getNodeBuilder(1).setDomain("com.example");
        assertTrue(error(other.build()).contains("node 1 'act' (Relu): operator Relu of domain 'com.example'"));
    }

    @Test
    void dimensionBounds() throws Exception {
        long cap = Shapes.MAX_ELEMENTS;
        // an initializer dimension of 2^28 is allowed when the tensor is empty; one more is not
        TensorProto.Builder t = TensorProto.newBuilder().setName("c").setDataType(1).addDims(cap).addDims(0);
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", 1)).addInitializer(t)
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("y")).addOutput(value("y", 1));
        load(model(13, g));
        t.setDims(0, cap + 1);
        g.setInitializer(0, t);
        assertTrue(error(model(13, g)).contains("dimension " + (cap + 1) + " out of range"));
        t.setDims(0, -1);
        g.setInitializer(0, t);
        assertTrue(error(model(13, g)).contains("dimension -1 out of range"));
        // a graph input's declared dimension: 2^28 allowed (here with a 0 beside it), one more or negative not
        for (long d : new long[] {cap + 1, -2}) {
            GraphProto.Builder in = GraphProto.newBuilder().addInput(value("x", 0, 1)).addNode(NodeProto.newBuilder()
                    .setOpType("Identity").addInput("x").addOutput("y")).addOutput(value("y", 0, 1));
            in.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).setDimValue(d);
            assertTrue(error(model(13, in)).contains("dimension " + d + " out of range"), Long.toString(d));
        }
        GraphProto.Builder ok = GraphProto.newBuilder().addInput(value("x", 0, cap)).addNode(NodeProto.newBuilder()
                .setOpType("Identity").addInput("x").addOutput("y")).addOutput(value("y", 0, cap));
        assertArrayEquals(new int[] {0, (int) cap}, load(model(13, ok)).inputShape(0));
    }

    @Test
    void nodeOutputsAndIntegerInputsAreChecked() {
        ModelProto.Builder second = mlp();
        second.getGraphBuilder().getNodeBuilder(1).addOutput("mask");
        assertTrue(error(second.build()).contains("output 1 ('mask') is not supported"));
        ModelProto.Builder optionalSecond = mlp();
        optionalSecond.getGraphBuilder().getNodeBuilder(1).addOutput("");
        assertEquals("y", assertLoads(optionalSecond.build()).outputName(0));
        ModelProto.Builder none = mlp();
        none.getGraphBuilder().getNodeBuilder(1).setOutput(0, "");
        assertTrue(error(none.build()).contains("node 1 'act' (Relu): no output"));
        TensorProto ints = TensorProto.newBuilder().setName("c").setDataType(7).addDims(3).addInt64Data(1)
                .addInt64Data(2).addInt64Data(3).build();
        assertTrue(error(model(13, plus(ints))).contains("input 'c' is an integer tensor; Add computes FLOAT only"));
    }

    private static OnnxModel assertLoads(ModelProto m) {
        try {
            return load(m);
        } catch (OnnxFormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void attributesAreTypedAndRanged() {
        ModelProto.Builder b = mlp();
        b.getGraphBuilder().getNodeBuilder(0).addAttribute(AttributeProto.newBuilder().setName("alpha").setType(2)
                .setI(1));
        assertTrue(error(b.build()).contains("attribute 'alpha' has type 2, expected 1"));
        for (int bad : new int[] {-1, 2}) {
            ModelProto.Builder t = mlp();
            t.getGraphBuilder().getNodeBuilder(0).addAttribute(AttributeProto.newBuilder().setName("transA").setType(2)
                    .setI(bad));
            assertTrue(error(t.build()).contains("attribute 'transA' = " + bad + " is out of range [0, 1]"));
        }
        ModelProto.Builder twice = mlp();
        twice.getGraphBuilder().getNodeBuilder(0).addAttribute(AttributeProto.newBuilder().setName("beta").setType(1)
                .setF(1)).addAttribute(AttributeProto.newBuilder().setName("beta").setType(1).setF(1));
        assertTrue(error(twice.build()).contains("attribute 'beta' given twice"));
    }

    @Test
    void loadReadsAFileAndNamesADirectory(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("m.onnx"), mlp().build().toByteArray());
        assertEquals(List.of("Gemm", "Relu"), OnnxModel.load(file).operators());
        Path sub = Files.createDirectory(dir.resolve("d.onnx"));
        assertEquals(sub + " is a directory, not a file",
                assertThrows(java.io.IOException.class, () -> OnnxModel.load(sub)).getMessage());
        assertTrue(assertThrows(OnnxFormatException.class, () -> OnnxModel.load(Files.write(dir.resolve("bad.onnx"),
                new byte[] {(byte) 0xff, 1, 2}))).getMessage().startsWith("not a valid ONNX (protobuf) file"));
    }

    @Test
    void sessionArgumentsAreChecked() throws Exception {
        OnnxModel m = load(mlp().build());
        OnnxSession s = m.newSession();
        assertEquals(m, s.model());
        assertEquals(dev.lanes.infer.MemoryLimit.current(), s.maxBytes());
        assertThrows(IllegalStateException.class, () -> s.outputShape(0), "no run yet");
        assertEquals("OnnxSession[OnnxModel[opset 13, 2 nodes]]", s.toString());
        float[] x = {1, 1, 0, -1};
        float[][] out = s.run(new float[][] {x}, new int[][] {{2, 2}});
        assertArrayEquals(new float[] {0, 3.5f, 0, 4.5f, 0, 5.5f}, out[0]);
        assertArrayEquals(new int[] {2, 3}, s.outputShape(0));
        assertEquals("OnnxSession[OnnxModel[opset 13, 2 nodes], planned for [[2, 2]]]", s.toString());
        assertThrows(IllegalArgumentException.class, () -> s.outputShape(1));
        assertThrows(IllegalArgumentException.class, () -> s.outputShape(-1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.run(new float[][] {x, x},
                new int[][] {{2, 2}}, new float[1][6])).getMessage().contains("2 inputs given, the model has 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.run(new float[][] {x},
                new int[][] {{2, 2}}, new float[2][6])).getMessage().contains("2 outputs given, the model has 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.run(new float[][] {new float[3]},
                new int[][] {{2, 2}}, new float[1][6])).getMessage().contains("input 0 has 3 values, shape [2, 2] needs 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.run(new float[][] {x},
                new int[][] {{2, 2}}, new float[][] {new float[5]})).getMessage()
                .contains("output 0 has room for 5 values, shape [2, 3] needs 6"));
        float[] y = new float[6];
        s.run(new float[][] {x}, new int[][] {{2, 2}}, new float[][] {y}); // exactly enough room: fine
        float[] one = new float[3];
        s.predict(new float[] {1, 1}, 1, one); // another shape: a new plan
        assertArrayEquals(new int[] {1, 3}, s.outputShape(0));
        s.predict(new float[0], 0, new float[0]); // zero rows: allowed
        assertArrayEquals(new int[] {0, 3}, s.outputShape(0));
        assertTrue(assertThrows(OnnxFormatException.class, () -> s.run(new float[][] {x}, new int[][] {{4}}))
                .getMessage().contains("rank 1 given, 2 declared"));
        // predict needs one 2-D input of known width and one output
        OnnxModel two = load(model(13, GraphProto.newBuilder().addInput(value("a", -1, 2)).addInput(value("b", -1, 2))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("a").addInput("b").addOutput("y"))
                .addOutput(value("y", -1, 2))));
        assertThrows(IllegalStateException.class, () -> two.newSession().predict(new float[2], 1, new float[2]));
        OnnxModel wide = load(model(13, GraphProto.newBuilder().addInput(value("x", 1, -1))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("y"))
                .addOutput(value("y", 1, -1))));
        assertTrue(assertThrows(IllegalStateException.class, () -> wide.newSession().predict(new float[2], 1,
                new float[2])).getMessage().contains("symbolic"));
        // the session limit: 12 bytes per row of (rows, 3) floats
        OnnxSession small = m.newSession(12);
        small.predict(new float[] {1, 1}, 1, one);
        assertEquals(24, assertThrows(MemoryLimitException.class, () -> small.predict(new float[4], 2, new float[6]))
                .needed());
        assertArrayEquals(new int[] {1, 3}, small.outputShape(0), "a refused plan leaves the last one");
    }

    @Test
    void anInitializerDeclaredAsAnInputIsAConstant() throws Exception {
        GraphProto.Builder g = plus(floats("c", new float[] {1, 2, 3}, 3)).addInput(value("c", 3));
        OnnxModel m = load(model(13, g));
        assertEquals(1, m.inputCount(), "the initializer's declaration is not an input");
        assertArrayEquals(new float[] {1, 2, 3}, run(m, 0, 0, 0));
    }
}
