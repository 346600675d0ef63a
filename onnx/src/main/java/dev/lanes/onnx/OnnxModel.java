package dev.lanes.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lanes.args.Args;
import dev.lanes.io.InputFiles;
import dev.lanes.infer.MemoryLimit;
import dev.lanes.infer.MemoryLimitException;
import dev.lanes.kernels.Epilogue;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import dev.lanes.onnx.proto.Onnx.TensorShapeProto;
import dev.lanes.onnx.proto.Onnx.ValueInfoProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An imported ONNX graph, checked and compiled at load: immutable and safe to share between threads. Run it
 * through a per-thread {@link OnnxSession}. Only FLOAT graph inputs and outputs; operators are listed in
 * {@code docs/onnx.md}.
 */
public final class OnnxModel {
    /** Opsets of the default domain whose semantics Lanes implements for its operators. */
    public static final int MIN_OPSET = 1, MAX_OPSET = 21;
    /** Files larger than protobuf's 2 GiB message limit cannot be ONNX without external data. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    final int opset;
    final Op[] ops;
    final int slotCount;
    final float[][] constants;   // by slot; null for computed values
    final int[][] constantShapes;
    final int[] inputSlots;
    final int[][] inputShapes;   // -1 for a symbolic dimension
    final int[] outputSlots;
    final String[] slotNames;
    private final String[] inputNames, outputNames, opTypes;
    private final String producer;

    private OnnxModel(Builder b) {
        opset = b.opset;
        ops = b.ops.toArray(new Op[0]);
        slotCount = b.slots.size();
        constants = b.constants.toArray(new float[0][]);
        constantShapes = b.constantShapes.toArray(new int[0][]);
        inputSlots = b.inputSlots.stream().mapToInt(Integer::intValue).toArray();
        inputShapes = b.inputShapes.toArray(new int[0][]);
        outputSlots = b.outputSlots.stream().mapToInt(Integer::intValue).toArray();
        slotNames = b.slots.keySet().toArray(new String[0]);
        inputNames = b.inputNames.toArray(new String[0]);
        outputNames = b.outputNames.toArray(new String[0]);
        opTypes = b.opTypes.toArray(new String[0]);
        producer = b.producer;
    }

    /**
     * Reads and checks an ONNX file; every problem with it is an {@link OnnxFormatException}, including a graph
     * whose session would need more memory at batch 1 (every symbolic dimension 1) than the session memory
     * limit ({@link MemoryLimit}, checked before anything is allocated).
     *
     * @param file the {@code .onnx} file, a regular file of at most 2 GiB
     * @return the checked model, compiled for the engine
     * @throws IOException when the file is missing, a directory or unreadable; an {@link OnnxFormatException} (a
     *                     subclass) when its content is not an ONNX model Lanes can run
     */
    public static OnnxModel load(Path file) throws IOException {
        long size = Files.size(InputFiles.regular(Args.notNull("file", file)));
        if (size > MAX_FILE_BYTES) throw new OnnxFormatException(file + ": " + size + " bytes exceeds the 2 GiB limit");
        return fromBytes(Files.readAllBytes(file));
    }

    /**
     * An ONNX model from a file's bytes, checked as {@link #load}.
     *
     * @param bytes the whole file, as {@link #load} would read it; not modified and not kept
     * @return the checked model, compiled for the engine
     * @throws OnnxFormatException when the bytes are not an ONNX model Lanes can run; the message names the node and
     *                             operator where there is one
     */
    public static OnnxModel fromBytes(byte[] bytes) throws OnnxFormatException {
        Args.notNull("bytes", bytes);
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException("not a valid ONNX (protobuf) file: " + e.getMessage(), e);
        }
        return compile(proto);
    }

    static OnnxModel compile(ModelProto proto) throws OnnxFormatException {
        Builder b = new Builder();
        b.opset = defaultOpset(proto);
        b.producer = (proto.getProducerName() + " " + proto.getProducerVersion()).trim();
        if (!proto.hasGraph()) throw new OnnxFormatException("the model has no graph");
        if (proto.getFunctionsCount() > 0) {
            throw new OnnxFormatException("the model defines " + proto.getFunctionsCount() + " local function(s);"
                    + " local functions are not supported");
        }
        GraphProto g = proto.getGraph();
        if (g.getSparseInitializerCount() > 0) throw new OnnxFormatException("sparse initializers are not supported");
        for (TensorProto t : g.getInitializerList()) {
            b.constant(t.getName(), TensorData.decode(t, "initializer '" + t.getName() + "'"));
        }
        for (ValueInfoProto v : g.getInputList()) {
            if (b.slots.containsKey(v.getName())) continue; // an initializer with a declared input: a constant
            b.input(v);
        }
        for (int i = 0; i < g.getNodeCount(); i++) b.node(g.getNode(i), i);
        for (ValueInfoProto v : g.getOutputList()) {
            Integer slot = b.slots.get(v.getName());
            if (slot == null) throw new OnnxFormatException("graph output '" + v.getName() + "' is never computed");
            TensorData constant = b.constantData.get(slot);
            if (constant != null && constant.floats == null) {
                throw new OnnxFormatException("graph output '" + v.getName() + "' is an integer tensor; Lanes"
                        + " computes FLOAT outputs only");
            }
            b.outputSlots.add(slot);
            b.outputNames.add(v.getName());
            b.declaredOutputs.add(v);
        }
        if (b.outputSlots.isEmpty()) throw new OnnxFormatException("the graph has no outputs");
        b.fuseDenseRelu();
        OnnxModel model = new OnnxModel(b);
        // Shape inference and consistency, with every symbolic dimension taken as 1.
        int[][] shapes = new int[model.inputShapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = model.inputShapes[i].clone();
            for (int d = 0; d < shapes[i].length; d++) if (shapes[i][d] < 0) shapes[i][d] = 1;
        }
        Plan plan = new Plan(model, shapes);
        try {
            plan.checkMemory(model, MemoryLimit.current());
        } catch (MemoryLimitException e) {
            throw new OnnxFormatException(e.getMessage() + " (at batch 1: every symbolic dimension taken as 1)", e);
        }
        for (int i = 0; i < model.outputSlots.length; i++) {
            checkDeclared(b.declaredOutputs.get(i), plan.shapes[model.outputSlots[i]]);
        }
        return model;
    }

    private static int defaultOpset(ModelProto proto) throws OnnxFormatException {
        long opset = -1;
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = o.getVersion();
        }
        if (opset < 0) throw new OnnxFormatException("the model imports no opset of the default ONNX domain");
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new OnnxFormatException("opset " + opset + " is not supported (Lanes supports " + MIN_OPSET + " to "
                    + MAX_OPSET + ")");
        }
        return (int) opset;
    }

    private static void checkDeclared(ValueInfoProto v, int[] inferred) throws OnnxFormatException {
        if (!v.hasType()) return;
        if (!v.getType().hasTensorType()) throw new OnnxFormatException("output '" + v.getName() + "' is not a tensor");
        int elem = v.getType().getTensorType().getElemType();
        if (elem != TensorData.FLOAT) {
            throw new OnnxFormatException("output '" + v.getName() + "' has element type " + elem
                    + "; Lanes computes FLOAT only");
        }
        if (!v.getType().getTensorType().hasShape()) return;
        TensorShapeProto s = v.getType().getTensorType().getShape();
        if (s.getDimCount() != inferred.length) {
            throw new OnnxFormatException("output '" + v.getName() + "' is declared with rank " + s.getDimCount()
                    + " but computes " + Arrays.toString(inferred));
        }
        for (int d = 0; d < inferred.length; d++) {
            if (s.getDim(d).hasDimValue() && s.getDim(d).getDimValue() != inferred[d]) {
                throw new OnnxFormatException("output '" + v.getName() + "' is declared with dimension " + d + " = "
                        + s.getDim(d).getDimValue() + " but computes " + Arrays.toString(inferred));
            }
        }
    }

    /**
     * A new per-thread session; sessions share this model's constants and never modify them. Each plan it
     * makes must fit the session memory limit ({@link MemoryLimit}, 1 GiB unless {@code
     * -Dlanes.session.maxBytes} says otherwise), checked before its buffers are allocated.
     *
     * @return a session with no buffers yet; they are planned by its first run
     */
    public OnnxSession newSession() {
        return new OnnxSession(this, MemoryLimit.current());
    }

    /**
     * As {@link #newSession()}, with this session's own memory limit in bytes (≥ 1).
     *
     * @param maxBytes the most bytes the session's buffers may take for one plan, ≥ 1
     * @return a session with no buffers yet
     */
    public OnnxSession newSession(long maxBytes) {
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        return new OnnxSession(this, maxBytes);
    }

    /** {@return the opset of the default ONNX domain the model imports, {@value #MIN_OPSET} to {@value #MAX_OPSET}} */
    public int opset() {
        return opset;
    }

    /**
     * {@return the number of graph inputs} Initializers that are also declared as inputs are constants, not
     * counted.
     */
    public int inputCount() {
        return inputNames.length;
    }

    /**
     * The name of graph input {@code i}.
     *
     * @param i the input's index, 0 ≤ i &lt; {@link #inputCount()}
     * @return the name the graph gives it
     */
    public String inputName(int i) {
        return inputNames[i];
    }

    /**
     * The declared shape of input i, -1 for a symbolic dimension (such as the batch).
     *
     * @param i the input's index, 0 ≤ i &lt; {@link #inputCount()}
     * @return a copy of the declared dimensions, outermost first
     */
    public int[] inputShape(int i) {
        return inputShapes[i].clone();
    }

    /** {@return the number of graph outputs, ≥ 1} */
    public int outputCount() {
        return outputNames.length;
    }

    /**
     * The name of graph output {@code i}.
     *
     * @param i the output's index, 0 ≤ i &lt; {@link #outputCount()}
     * @return the name the graph gives it
     */
    public String outputName(int i) {
        return outputNames[i];
    }

    /**
     * Operator types in execution order.
     *
     * @return the operator type of each computing node of the graph, in order: Constant nodes (folded into
     *         constants) are left out, a Gemm and the Relu fused into it are both listed
     */
    public List<String> operators() {
        return List.of(opTypes);
    }

    /**
     * Number of float constants (weights and biases).
     *
     * @return the total number of float values in the graph's FLOAT constants
     */
    public long parameterCount() {
        long n = 0;
        for (float[] c : constants) if (c != null) n += c.length;
        return n;
    }

    /**
     * The shapes of the outputs for the given input shapes; checks them like a run would.
     *
     * @param inputShapes one shape per graph input, in {@link #inputName(int)} order, every dimension given (≥ 0)
     * @return one shape per graph output, in {@link #outputName(int)} order, each a new array
     * @throws OnnxFormatException when the shapes do not fit the graph (wrong count or rank, a fixed dimension differs,
     *                             operators disagree)
     */
    public int[][] outputShapes(int[][] inputShapes) throws OnnxFormatException {
        Plan.checkShapesArgument(Args.notNull("inputShapes", inputShapes));
        Plan plan = new Plan(this, inputShapes);
        int[][] out = new int[outputSlots.length][];
        for (int i = 0; i < out.length; i++) out[i] = plan.shapes[outputSlots[i]].clone();
        return out;
    }

    /**
     * The bytes a session's buffers take for these input shapes (what {@link MemoryLimit} is checked against);
     * nothing is allocated.
     *
     * @param inputShapes one shape per graph input, in {@link #inputName(int)} order
     * @return the buffer bytes of a session planned for these shapes
     * @throws OnnxFormatException when the shapes do not fit the graph
     */
    public long sessionBytes(int[][] inputShapes) throws OnnxFormatException {
        Plan.checkShapesArgument(Args.notNull("inputShapes", inputShapes));
        return new Plan(this, inputShapes).program.bytes(1);
    }

    /**
     * A summary for people: the opset and producer, each input with its shape ({@code ?} for a symbolic
     * dimension), the outputs, the operators in order and the parameter count, one per line (no trailing
     * newline).
     *
     * @return the summary
     */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("ONNX model, opset ").append(opset);
        if (!producer.isEmpty()) s.append(", from ").append(producer);
        s.append('\n');
        for (int i = 0; i < inputNames.length; i++) {
            s.append("  input  ").append(inputNames[i]).append(' ').append(dims(inputShapes[i])).append('\n');
        }
        for (int i = 0; i < outputNames.length; i++) s.append("  output ").append(outputNames[i]).append('\n');
        s.append("  operators: ").append(String.join(" → ", opTypes)).append('\n');
        s.append("  parameters: ").append(parameterCount());
        return s.toString();
    }

    private static String dims(int[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) s.append(", ");
            s.append(shape[i] < 0 ? "?" : Integer.toString(shape[i]));
        }
        return s.append(']').toString();
    }

    @Override
    public String toString() {
        return "OnnxModel[opset " + opset + ", " + opTypes.length + " nodes]";
    }

    /** Collects slots, constants and ops while the graph is read in order. */
    private static final class Builder {
        int opset;
        String producer;
        final Map<String, Integer> slots = new LinkedHashMap<>();
        final List<float[]> constants = new ArrayList<>();
        final List<int[]> constantShapes = new ArrayList<>();
        final Map<Integer, TensorData> constantData = new HashMap<>();
        final List<Op> ops = new ArrayList<>();
        final List<String> opTypes = new ArrayList<>();
        final List<String> fusedTypes = new ArrayList<>(); // the type of each entry of ops, kept in step by fusion
        final List<Integer> inputSlots = new ArrayList<>(), outputSlots = new ArrayList<>();
        final List<int[]> inputShapes = new ArrayList<>();
        final List<String> inputNames = new ArrayList<>(), outputNames = new ArrayList<>();
        final List<ValueInfoProto> declaredOutputs = new ArrayList<>();

        int define(String name, String where) throws OnnxFormatException {
            if (name.isEmpty()) throw new OnnxFormatException(where + ": empty value name");
            if (slots.containsKey(name)) throw new OnnxFormatException(where + ": value '" + name + "' defined twice");
            int slot = slots.size();
            slots.put(name, slot);
            constants.add(null);
            constantShapes.add(null);
            return slot;
        }

        void constant(String name, TensorData t) throws OnnxFormatException {
            int slot = define(name, "constant '" + name + "'");
            constants.set(slot, t.floats);
            constantShapes.set(slot, t.shape);
            constantData.put(slot, t);
        }

        void input(ValueInfoProto v) throws OnnxFormatException {
            String where = "graph input '" + v.getName() + "'";
            if (!v.hasType() || !v.getType().hasTensorType()) throw new OnnxFormatException(where + ": not a tensor");
            int elem = v.getType().getTensorType().getElemType();
            if (elem != TensorData.FLOAT) {
                throw new OnnxFormatException(where + ": element type " + elem + " is not supported (FLOAT only)");
            }
            if (!v.getType().getTensorType().hasShape()) throw new OnnxFormatException(where + ": no shape declared");
            TensorShapeProto s = v.getType().getTensorType().getShape();
            int[] shape = new int[s.getDimCount()];
            for (int d = 0; d < shape.length; d++) {
                TensorShapeProto.Dimension dim = s.getDim(d);
                if (!dim.hasDimValue()) {
                    shape[d] = -1;
                } else if (dim.getDimValue() < 0 || dim.getDimValue() > Shapes.MAX_ELEMENTS) {
                    throw new OnnxFormatException(where + ": dimension " + dim.getDimValue() + " out of range");
                } else {
                    shape[d] = (int) dim.getDimValue();
                }
            }
            inputSlots.add(define(v.getName(), where));
            inputShapes.add(shape);
            inputNames.add(v.getName());
        }

        void node(NodeProto n, int index) throws OnnxFormatException {
            String type = n.getOpType();
            String where = "node " + index + (n.getName().isEmpty() ? "" : " '" + n.getName() + "'") + " (" + type + ")";
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                throw new OnnxFormatException(where + ": operator " + type + " of domain '" + n.getDomain()
                        + "' is not supported");
            }
            if (!Ops.SUPPORTED.contains(type)) throw new OnnxFormatException(where + ": operator " + type
                    + " is not supported");
            if (n.getOutputCount() < 1 || n.getOutput(0).isEmpty()) throw new OnnxFormatException(where + ": no output");
            for (int i = 1; i < n.getOutputCount(); i++) {
                if (!n.getOutput(i).isEmpty()) throw new OnnxFormatException(where + ": output " + i + " ('"
                        + n.getOutput(i) + "') is not supported");
            }
            if (type.equals("Constant")) {
                constant(n.getOutput(0), constantOf(n, where));
                return;
            }
            int[] in = new int[n.getInputCount()];
            for (int i = 0; i < in.length; i++) {
                String name = n.getInput(i);
                if (name.isEmpty()) {
                    in[i] = -1;
                    continue;
                }
                Integer slot = slots.get(name);
                if (slot == null) throw new OnnxFormatException(where + ": input '" + name
                        + "' is not defined before this node (graph not in topological order, or input missing)");
                in[i] = slot;
                boolean shapeOnly = type.equals("Reshape") && i == 1 || type.equals("Dropout") && i > 0;
                if (!shapeOnly && constantData.containsKey(slot) && constantData.get(slot).floats == null) {
                    throw new OnnxFormatException(where + ": input '" + name + "' is an integer tensor; "
                            + type + " computes FLOAT only");
                }
            }
            int out = define(n.getOutput(0), where);
            ops.add(Ops.create(n, where, opset, in, out, constantData::get));
            opTypes.add(type);
            fusedTypes.add(type);
        }

        /**
         * A Relu that is the only reader of a dense Gemm's output, which is no graph output, moves into the
         * Gemm's epilogue: the fused product writes the Relu's output and the intermediate value is never
         * stored. The node list ({@link #operators}) stays the graph's.
         */
        void fuseDenseRelu() {
            for (int k = 0; k < ops.size(); k++) {
                if (!(ops.get(k) instanceof Ops.DenseOp d) || d.epilogue != Epilogue.NONE
                        || outputSlots.contains(d.out)) {
                    continue;
                }
                int reader = -1, reads = 0;
                for (int j = k + 1; j < ops.size(); j++) {
                    for (int s : ops.get(j).in) {
                        if (s == d.out) {
                            reads++;
                            reader = j;
                        }
                    }
                }
                if (reads == 1 && fusedTypes.get(reader).equals("Relu")) {
                    ops.set(k, d.withRelu(ops.get(reader).out));
                    ops.remove(reader);
                    fusedTypes.remove(reader);
                }
            }
        }

        private static TensorData constantOf(NodeProto n, String where) throws OnnxFormatException {
            Attrs a = new Attrs(n, where, java.util.Set.of("value", "value_float", "value_floats", "value_int",
                    "value_ints"));
            if (n.getAttributeCount() != 1) throw new OnnxFormatException(where + ": exactly one value attribute expected");
            if (n.getInputCount() != 0) throw new OnnxFormatException(where + ": Constant takes no inputs");
            if (a.has("value")) return TensorData.decode(a.tensor("value").getT(), where);
            if (a.has("value_float")) return TensorData.ofFloats(n.getOutput(0), new int[0],
                    new float[] {a.f("value_float", 0f)});
            if (a.has("value_floats")) {
                var f = a.floats("value_floats");
                float[] v = new float[f.getFloatsCount()];
                for (int i = 0; i < v.length; i++) v[i] = f.getFloats(i);
                return TensorData.ofFloats(n.getOutput(0), new int[] {v.length}, v);
            }
            TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorData.INT64);
            if (a.has("value_int")) {
                t.addInt64Data(a.i("value_int", 0));
            } else {
                t.addDims(a.ints("value_ints").getIntsCount()).addAllInt64Data(a.ints("value_ints").getIntsList());
            }
            return TensorData.decode(t.build(), where);
        }
    }
}
