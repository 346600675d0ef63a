package dev.lanes.fuzz;

import com.google.protobuf.ByteString;
import dev.lanes.onnx.proto.Onnx.AttributeProto;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import dev.lanes.onnx.proto.Onnx.TensorShapeProto;
import dev.lanes.onnx.proto.Onnx.TypeProto;
import dev.lanes.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutates an ONNX model as a message rather than as bytes, so that mutants stay well-formed protobuf and reach
 * the importer's graph, operator, attribute, shape and tensor checks: operators swapped, nodes deleted,
 * duplicated or reordered, inputs renamed to "", to other values or to nothing, attributes retyped or set to
 * edge values, tensor dims, data types and data changed, graph inputs and outputs reshaped or retyped, opsets,
 * domains, local functions and sparse initializers added.
 */
final class OnnxMutator {

    static final String[] OPS = {"Gemm", "MatMul", "Add", "Sub", "Mul", "Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh",
        "Softmax", "LogSoftmax", "Max", "Flatten", "Identity", "Dropout", "Reshape", "Constant", "Transpose", "Conv",
        ""};
    private static final String[] ATTRS = {"alpha", "beta", "transA", "transB", "axis", "broadcast", "perm",
        "allowzero", "value", "value_float", "value_floats", "value_int", "value_ints", "ratio", "is_test", "shape",
        "consumed_inputs", "seed", "bogus"};
    private static final long[] DIMS = {0, 1, 2, 3, 4, 7, 16, 1 << 14, 1 << 20, (1 << 28) + 1, Integer.MAX_VALUE, -1,
        -2, Long.MAX_VALUE};
    private static final int[] TYPES = {0, 1, 2, 6, 7, 10, 11, 16, 99};

    private OnnxMutator() {}

    static ModelProto mutate(ModelProto seed, Choices c) {
        ModelProto.Builder m = seed.toBuilder();
        for (int n = 1 + c.next(3); n > 0; n--) {
            once(m, c);
        }
        return m.build();
    }

    private static void once(ModelProto.Builder m, Choices c) {
        GraphProto.Builder g = m.getGraphBuilder();
        List<String> names = valueNames(g);
        int nodes = g.getNodeCount();
        switch (c.next(16)) {
            case 0 -> { if (nodes > 0) g.getNodeBuilder(c.next(nodes)).setOpType(OPS[c.next(OPS.length)]); }
            case 1 -> { if (nodes > 0) g.removeNode(c.next(nodes)); }
            case 2 -> { if (nodes > 0) g.addNode(g.getNode(c.next(nodes))); }
            case 3 -> {
                if (nodes > 1) {
                    int i = c.next(nodes), j = c.next(nodes);
                    NodeProto a = g.getNode(i);
                    g.setNode(i, g.getNode(j));
                    g.setNode(j, a);
                }
            }
            case 4 -> { // an input renamed: "", another value, an unknown name
                if (nodes > 0) {
                    NodeProto.Builder n = g.getNodeBuilder(c.next(nodes));
                    String name = pickName(names, c);
                    if (n.getInputCount() > 0) n.setInput(c.next(n.getInputCount()), name);
                    else n.addInput(name);
                }
            }
            case 5 -> { // an input added or all removed
                if (nodes > 0) {
                    NodeProto.Builder n = g.getNodeBuilder(c.next(nodes));
                    if (c.next(3) == 0) n.clearInput();
                    else n.addInput(pickName(names, c));
                }
            }
            case 6 -> { // an output renamed, or a second output
                if (nodes > 0) {
                    NodeProto.Builder n = g.getNodeBuilder(c.next(nodes));
                    if (c.next(2) == 0 && n.getOutputCount() > 0) n.setOutput(0, pickName(names, c));
                    else n.addOutput(pickName(names, c));
                }
            }
            case 7 -> { if (nodes > 0) attribute(g.getNodeBuilder(c.next(nodes)), c); }
            case 8 -> { if (g.getInitializerCount() > 0) tensor(g.getInitializerBuilder(c.next(g.getInitializerCount())), c); }
            case 9 -> { if (g.getInputCount() > 0) valueInfo(g.getInputBuilder(c.next(g.getInputCount())), c); }
            case 10 -> { if (g.getOutputCount() > 0) valueInfo(g.getOutputBuilder(c.next(g.getOutputCount())), c); }
            case 11 -> { // an output naming another value, or none
                if (c.next(2) == 0 || g.getOutputCount() == 0) {
                    g.addOutput(ValueInfoProto.newBuilder().setName(pickName(names, c)));
                } else {
                    g.removeOutput(c.next(g.getOutputCount()));
                }
            }
            case 12 -> { // opset, or a node's domain
                if (c.next(2) == 0 && m.getOpsetImportCount() > 0) {
                    m.getOpsetImportBuilder(0).setVersion(new long[] {0, 1, 5, 6, 7, 12, 13, 21, 22, -1}[c.next(10)]);
                } else if (nodes > 0) {
                    g.getNodeBuilder(c.next(nodes)).setDomain(new String[] {"", "ai.onnx", "ai.onnx.ml", "x"}[c.next(4)]);
                }
            }
            case 13 -> { // unsupported sections
                if (c.next(2) == 0) m.addFunctions(ByteString.copyFromUtf8("f"));
                else g.addSparseInitializer(ByteString.copyFromUtf8("s"));
            }
            case 14 -> { // a Constant node with a fuzzed tensor, read by an existing node
                TensorProto.Builder t = TensorProto.newBuilder().setDataType(TYPES[c.next(TYPES.length)]);
                for (int d = c.next(3); d > 0; d--) t.addDims(DIMS[c.next(5)]);
                for (int i = c.next(5); i > 0; i--) {
                    t.addFloatData(Float.intBitsToFloat((int) c.nextLong()));
                    t.addInt64Data(c.nextLong() % 8);
                }
                String name = "k" + c.next(1000);
                g.addNode(0, NodeProto.newBuilder().setOpType("Constant").addOutput(name)
                        .addAttribute(AttributeProto.newBuilder().setName("value").setType(4).setT(t)));
                if (nodes > 0) g.getNodeBuilder(1 + c.next(nodes)).addInput(name);
            }
            default -> { // a graph input fed straight to an output, or an initializer made an input
                if (g.getInitializerCount() > 0 && c.next(2) == 0) {
                    TensorProto t = g.getInitializer(c.next(g.getInitializerCount()));
                    g.addInput(ValueInfoProto.newBuilder().setName(t.getName()).setType(floatType(t.getDimsList())));
                } else if (g.getInputCount() > 0) {
                    g.addOutput(g.getInput(c.next(g.getInputCount())));
                }
            }
        }
    }

    private static void attribute(NodeProto.Builder n, Choices c) {
        if (n.getAttributeCount() > 0 && c.next(3) == 0) {
            n.removeAttribute(c.next(n.getAttributeCount()));
            return;
        }
        AttributeProto.Builder a = n.getAttributeCount() > 0 && c.next(2) == 0
                ? n.getAttributeBuilder(c.next(n.getAttributeCount()))
                : n.addAttributeBuilder().setName(ATTRS[c.next(ATTRS.length)]);
        switch (c.next(6)) {
            case 0 -> a.setType(c.next(12));
            case 1 -> a.setI(new long[] {0, 1, -1, 2, -2, 64, -65, Integer.MAX_VALUE, Long.MIN_VALUE}[c.next(9)]);
            case 2 -> a.setF(new float[] {0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, 1e-30f, 0.5f}[c.next(7)]);
            case 3 -> a.clearInts().addInts(DIMS[c.next(DIMS.length)] % 5).addInts(c.next(3) - 1);
            case 4 -> a.clearFloats().addFloats(Float.intBitsToFloat((int) c.nextLong()));
            default -> a.setT(TensorProto.newBuilder().setDataType(TYPES[c.next(TYPES.length)])
                    .addDims(DIMS[c.next(DIMS.length)]).addFloatData(1f));
        }
    }

    private static void tensor(TensorProto.Builder t, Choices c) {
        switch (c.next(7)) {
            case 0 -> { if (t.getDimsCount() > 0) t.setDims(c.next(t.getDimsCount()), DIMS[c.next(DIMS.length)]); }
            case 1 -> t.addDims(DIMS[c.next(DIMS.length)]);
            case 2 -> { if (t.getDimsCount() > 0) { List<Long> d = new ArrayList<>(t.getDimsList());
                d.remove(c.next(d.size())); t.clearDims().addAllDims(d); } }
            case 3 -> t.setDataType(TYPES[c.next(TYPES.length)]);
            case 4 -> { // data moved between float_data and raw_data, or dropped
                if (t.getFloatDataCount() > 0) {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * t.getFloatDataCount())
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    for (float f : t.getFloatDataList()) b.putFloat(f);
                    t.clearFloatData().setRawData(ByteString.copyFrom(b.array()));
                } else {
                    t.clearRawData();
                }
            }
            case 5 -> { if (t.getFloatDataCount() > 0) t.setFloatData(c.next(t.getFloatDataCount()),
                    new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f, Float.MAX_VALUE}[c.next(4)]); }
            default -> { // external data: a path the importer must never open
                if (c.next(2) == 0) t.setDataLocation(1);
                else t.addExternalDataBuilder().setKey("location").setValue("/etc/passwd");
            }
        }
    }

    private static void valueInfo(ValueInfoProto.Builder v, Choices c) {
        switch (c.next(4)) {
            case 0 -> v.clearType();
            case 1 -> v.getTypeBuilder().getTensorTypeBuilder().setElemType(TYPES[c.next(TYPES.length)]);
            case 2 -> v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().addDim(
                    TensorShapeProto.Dimension.newBuilder().setDimValue(DIMS[c.next(DIMS.length)]));
            default -> {
                TensorShapeProto.Builder s = v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
                if (s.getDimCount() > 0) {
                    int d = c.next(s.getDimCount());
                    if (c.next(3) == 0) s.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
                    else s.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimValue(DIMS[c.next(DIMS.length)]));
                }
            }
        }
    }

    static TypeProto floatType(List<Long> dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s)).build();
    }

    private static String pickName(List<String> names, Choices c) {
        int k = c.next(names.size() + 2);
        return k < names.size() ? names.get(k) : k == names.size() ? "" : "undefined" + c.next(4);
    }

    private static List<String> valueNames(GraphProto.Builder g) {
        List<String> names = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) names.add(v.getName());
        for (TensorProto t : g.getInitializerList()) names.add(t.getName());
        for (NodeProto n : g.getNodeList()) names.addAll(n.getOutputList());
        return names;
    }
}
