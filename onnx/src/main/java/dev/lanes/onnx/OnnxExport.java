package dev.lanes.onnx;

import com.google.protobuf.ByteString;
import dev.lanes.infer.Model;
import dev.lanes.io.AtomicFile;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Linear;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Tanh;
import dev.lanes.onnx.proto.Onnx.AttributeProto;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import dev.lanes.onnx.proto.Onnx.TensorShapeProto;
import dev.lanes.onnx.proto.Onnx.TypeProto;
import dev.lanes.onnx.proto.Onnx.ValueInfoProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a Lanes model as ONNX (IR 7, opset 13): Dense → Gemm with W: (in, out) and b: (out), Relu, LeakyRelu,
 * PRelu (slope (width)), Sigmoid, Tanh, Softmax (axis 1); Dropout and Linear → Identity. Input "input" and output
 * "output" are (batch, width) with a symbolic batch. Maxout and Step have no exact single-operator form and are
 * rejected.
 */
public final class OnnxExport {
    static final int IR_VERSION = 7, OPSET = 13;

    private OnnxExport() {}

    /**
     * Writes {@code model} to {@code file} as ONNX, atomically ({@link AtomicFile}): a failure leaves any old
     * file intact.
     *
     * @param model the model to export; not modified
     * @param file  the {@code .onnx} file to create or replace
     * @throws IOException              when the file cannot be written
     * @throws IllegalArgumentException when a layer has no ONNX form (Maxout, Step); nothing is written then
     */
    public static void save(Model model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /**
     * The ONNX file {@link #save} writes, as bytes.
     *
     * @param model the model to export; not modified
     * @return a serialized ONNX ModelProto
     * @throws IllegalArgumentException when a layer has no ONNX form (Maxout, Step)
     */
    public static byte[] toBytes(Model model) {
        Sequential net = model.toSequential(1);
        float[] values = net.parameters().values();
        GraphProto.Builder g = GraphProto.newBuilder().setName("lanes");
        g.addInput(value("input", net.inputWidth()));
        String x = "input";
        List<Layer> layers = net.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String y = i == layers.size() - 1 ? "output" : "h" + i;
            NodeProto.Builder n = NodeProto.newBuilder().setName("layer" + i).addInput(x).addOutput(y);
            if (layer instanceof Dense d) {
                int in = d.inputWidth(), out = d.outputWidth();
                g.addInitializer(tensor("W" + i, values, d.weightOffset(), in, out));
                g.addInitializer(tensor("b" + i, values, d.biasOffset(), out));
                n.setOpType("Gemm").addInput("W" + i).addInput("b" + i);
            } else if (layer instanceof Relu) {
                n.setOpType("Relu");
            } else if (layer instanceof LeakyRelu l) {
                n.setOpType("LeakyRelu").addAttribute(AttributeProto.newBuilder().setName("alpha").setType(1)
                        .setF(l.alpha()));
            } else if (layer instanceof PRelu p) {
                g.addInitializer(tensor("slope" + i, values, p.slopeOffset(), p.inputWidth()));
                n.setOpType("PRelu").addInput("slope" + i);
            } else if (layer instanceof Sigmoid) {
                n.setOpType("Sigmoid");
            } else if (layer instanceof Tanh) {
                n.setOpType("Tanh");
            } else if (layer instanceof Softmax) {
                n.setOpType("Softmax").addAttribute(AttributeProto.newBuilder().setName("axis").setType(2).setI(1));
            } else if (layer instanceof Dropout || layer instanceof Linear) {
                n.setOpType("Identity");
            } else {
                throw new IllegalArgumentException("layer " + i + " (" + layer + ") has no ONNX export; Lanes exports"
                        + " Dense, Relu, LeakyRelu, PRelu, Sigmoid, Tanh, Softmax, Dropout and Linear");
            }
            g.addNode(n);
            x = y;
        }
        g.addOutput(value("output", net.outputWidth()));
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("lanes")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g).build().toByteArray();
    }

    private static ValueInfoProto value(String name, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorData.FLOAT).setShape(shape))).build();
    }

    /** values[off, off + prod(dims)) as a little-endian raw_data FLOAT tensor. */
    private static TensorProto tensor(String name, float[] values, int off, int... dims) {
        int n = 1;
        for (int d : dims) n *= d;
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values, off, n);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorData.FLOAT)
                .setRawData(ByteString.copyFrom(b.array()));
        for (int d : dims) t.addDims(d);
        return t.build();
    }
}
