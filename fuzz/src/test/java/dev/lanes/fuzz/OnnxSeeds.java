package dev.lanes.fuzz;

import dev.lanes.onnx.proto.Onnx.AttributeProto;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import dev.lanes.onnx.proto.Onnx.TensorShapeProto;
import dev.lanes.onnx.proto.Onnx.TypeProto;
import dev.lanes.onnx.proto.Onnx.ValueInfoProto;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small valid graphs, one or two per operator and attribute form the importer supports: the ONNX seeds. */
final class OnnxSeeds {

    private OnnxSeeds() {}

    static Map<String, byte[]> graphs() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("gemm-trans.onnx", model(13, GraphProto.newBuilder().addInput(value("x", 3, -1))
                .addInitializer(floats("B", 4, 3)).addInitializer(floats("C", 1))
                .addNode(node("Gemm", "y", "x", "B", "C").addAttribute(i("transA", 1)).addAttribute(i("transB", 1))
                        .addAttribute(f("alpha", 0.5f)).addAttribute(f("beta", 2f)))
                .addOutput(value("y", -1, 4))));
        out.put("gemm-relu.onnx", model(11, GraphProto.newBuilder().addInput(value("x", -1, 3))
                .addInitializer(floats("W", 3, 2)).addInitializer(floats("b", 2))
                .addNode(node("Gemm", "h", "x", "W", "b")).addNode(node("Relu", "y", "h"))
                .addOutput(value("y", -1, 2))));
        out.put("matmul-add.onnx", model(13, GraphProto.newBuilder().addInput(value("x", -1, 2, 3))
                .addInitializer(floats("W", 3, 2)).addInitializer(floats("b", 2))
                .addNode(node("MatMul", "h", "x", "W")).addNode(node("Add", "y", "h", "b"))
                .addOutput(value("y", -1, 2, 2))));
        out.put("broadcast.onnx", model(13, GraphProto.newBuilder().addInput(value("a", -1, 1, 3))
                .addInput(value("b", 2, 1)).addInitializer(floats("c", 3))
                .addNode(node("Sub", "d", "a", "b")).addNode(node("Mul", "e", "d", "c"))
                .addNode(node("Max", "y", "e", "a", "c")).addOutput(value("y", -1, 2, 3))));
        out.put("prelu-leaky.onnx", model(9, GraphProto.newBuilder().addInput(value("x", -1, 4))
                .addInitializer(floats("s", 4))
                .addNode(node("PRelu", "h", "x", "s")).addNode(node("LeakyRelu", "g", "h").addAttribute(f("alpha", 0.3f)))
                .addNode(node("Sigmoid", "k", "g")).addNode(node("Tanh", "y", "k")).addOutput(value("y", -1, 4))));
        out.put("prelu-legacy.onnx", model(6, GraphProto.newBuilder().addInput(value("x", -1, 3, 2))
                .addInitializer(floats("s", 3)).addNode(node("PRelu", "y", "x", "s")).addOutput(value("y", -1, 3, 2))));
        out.put("softmax-axis.onnx", model(13, GraphProto.newBuilder().addInput(value("x", -1, 3, 4))
                .addNode(node("Softmax", "s", "x").addAttribute(i("axis", 1)))
                .addNode(node("LogSoftmax", "y", "s").addAttribute(i("axis", -1))).addOutput(value("y", -1, 3, 4))));
        out.put("softmax-legacy.onnx", model(11, GraphProto.newBuilder().addInput(value("x", 2, 3, 2))
                .addNode(node("Softmax", "y", "x")).addOutput(value("y", 2, 3, 2))));
        out.put("flatten-reshape.onnx", model(14, GraphProto.newBuilder().addInput(value("x", -1, 2, 3))
                .addNode(node("Flatten", "f", "x").addAttribute(i("axis", 1)))
                .addNode(node("Constant", "shape").addAttribute(AttributeProto.newBuilder().setName("value").setType(4)
                        .setT(TensorProto.newBuilder().setDataType(7).addDims(3).addInt64Data(0).addInt64Data(3)
                                .addInt64Data(-1))))
                .addNode(node("Reshape", "y", "f", "shape")).addOutput(value("y", -1, 3, 2))));
        out.put("transpose-matmul.onnx", model(13, GraphProto.newBuilder().addInput(value("x", -1, 3))
                .addInitializer(floats("W", 2, 3))
                .addNode(node("Transpose", "t", "W").addAttribute(AttributeProto.newBuilder().setName("perm").setType(7)
                        .addInts(1).addInts(0)))
                .addNode(node("MatMul", "y", "x", "t")).addOutput(value("y", -1, 2))));
        out.put("dropout-identity.onnx", model(12, GraphProto.newBuilder().addInput(value("x", -1, 2))
                .addNode(node("Dropout", "d", "x").addAttribute(f("ratio", 0.5f)))
                .addNode(node("Identity", "y", "d")).addOutput(value("y", -1, 2))));
        out.put("constants.onnx", model(13, GraphProto.newBuilder().addInput(value("x", -1, 3))
                .addNode(node("Constant", "c").addAttribute(AttributeProto.newBuilder().setName("value_floats")
                        .setType(6).addFloats(1f).addFloats(-2f).addFloats(0.5f)))
                .addNode(node("Constant", "k").addAttribute(f("value_float", 3f)))
                .addNode(node("Add", "h", "x", "c")).addNode(node("Mul", "y", "h", "k"))
                .addOutput(value("y", -1, 3))));
        return out;
    }

    private static byte[] model(int opset, GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("lanes-fuzz-seeds")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset)).setGraph(g).build().toByteArray();
    }

    static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    /** A FLOAT initializer of the given shape holding 0.1, -0.2, 0.3, … */
    private static TensorProto floats(String name, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (int i = 0; i < n; i++) t.addFloatData((i % 2 == 0 ? 0.1f : -0.2f) * (i + 1));
        return t.build();
    }

    private static NodeProto.Builder node(String op, String out, String... in) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addOutput(out);
        for (String s : in) n.addInput(s);
        return n;
    }

    private static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(2).setI(v).build();
    }

    private static AttributeProto f(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(1).setF(v).build();
    }
}
