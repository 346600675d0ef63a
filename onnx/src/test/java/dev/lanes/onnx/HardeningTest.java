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
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lanes.onnx.proto.Onnx.TensorProto;
import java.util.ConcurrentModificationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for files and calls that once ended in an undocumented exception, an allocation of
 * gigabytes or a wrong result: each now ends in the documented exception with a message naming the problem.
 */
class HardeningTest {

    private static ModelProto model(GraphProto.Builder g) {
        return ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build();
    }

    private static String loadError(ModelProto m) {
        return assertThrows(OnnxFormatException.class, () -> OnnxModel.fromBytes(m.toByteArray())).getMessage();
    }

    @Test
    void anEmptyInputNameIsRejectedWhereAValueIsRead() {
        // Max(x, "") → y: was ArrayIndexOutOfBoundsException: Index -1 at load.
        String m = loadError(model(GraphProto.newBuilder().addInput(value("x", -1, 2))
                .addNode(NodeProto.newBuilder().setOpType("Max").addInput("x").addInput("").addOutput("y"))
                .addOutput(value("y", -1, 2))));
        assertTrue(m.contains("node 0 (Max)") && m.contains("input 1 is empty"), m);
        for (String op : new String[] {"Relu", "Add", "MatMul", "PRelu", "Softmax", "Flatten", "Transpose"}) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).addInput("").addOutput("y");
            if (!op.equals("Relu") && !op.equals("Softmax") && !op.equals("Flatten") && !op.equals("Transpose")) {
                n.addInput("x");
            }
            String e = loadError(model(GraphProto.newBuilder().addInput(value("x", 2, 2)).addNode(n)
                    .addOutput(value("y", 2, 2))));
            assertTrue(e.contains("input 0 is empty"), op + ": " + e);
        }
    }

    @Test
    void gemmsOptionalBiasMayStillBeOmittedByAnEmptyName() throws Exception {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", -1, 2))
                .addInitializer(floats("W", new float[] {1, 2, 3, 4}, 2, 2))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("x").addInput("W").addInput("")
                        .addOutput("y"))
                .addOutput(value("y", -1, 2));
        float[] y = new float[2];
        OnnxModel.fromBytes(model(g).toByteArray()).newSession().predict(new float[] {1, 1}, 1, y);
        assertArrayEquals(new float[] {4, 6}, y); // (1, 1) · [[1, 2], [3, 4]], exact in float
    }

    /**
     * Found by fuzzing (Jazzer, onnxStructure): a Gemm whose constant B has a zero dimension was packed for the
     * dense path, and the kernel facade refused B's leading dimension 0 with an IllegalArgumentException at load.
     * An empty B now takes the general path: k = 0 gives β·C (here C), n = 0 an empty output.
     */
    @Test
    void aGemmWithAnEmptyConstantBLoadsAndRuns() throws Exception {
        for (boolean transB : new boolean[] {false, true}) {
            // k = 0: B (0, 3), or (3, 0) transposed; y = 0 + C
            GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", -1, 0))
                    .addInitializer(transB ? floats("B", new float[0], 3, 0) : floats("B", new float[0], 0, 3))
                    .addInitializer(floats("C", new float[] {1, 2, 3}, 3))
                    .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("x").addInput("B").addInput("C")
                            .addAttribute(dev.lanes.onnx.proto.Onnx.AttributeProto.newBuilder().setName("transB")
                                    .setType(2).setI(transB ? 1 : 0))
                            .addOutput("y"))
                    .addOutput(value("y", -1, 3));
            float[] y = new float[6];
            OnnxModel.fromBytes(model(g).toByteArray()).newSession().predict(new float[0], 2, y);
            assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, y, "k = 0, transB " + transB);
        }
        // n = 0: B (2, 0); y is (rows, 0)
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", -1, 2))
                .addInitializer(floats("B", new float[0], 2, 0))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("x").addInput("B").addOutput("y"))
                .addOutput(value("y", -1, 0));
        OnnxModel m = OnnxModel.fromBytes(model(g).toByteArray());
        assertArrayEquals(new int[] {4, 0}, m.outputShapes(new int[][] {{4, 2}})[0]);
        m.newSession().predict(new float[8], 4, new float[0]);
    }

    @Test
    void anIntegerInitializerCannotBeAGraphOutput() {
        // 58 bytes: an INT64 initializer listed as an output without a type; every run was a bare NPE.
        TensorProto shape = TensorProto.newBuilder().setName("s").setDataType(TensorData.INT64).addDims(1)
                .addInt64Data(3).build();
        ModelProto m = model(GraphProto.newBuilder().addInitializer(shape)
                .addOutput(dev.lanes.onnx.proto.Onnx.ValueInfoProto.newBuilder().setName("s")));
        String e = loadError(m);
        assertTrue(e.contains("graph output 's' is an integer tensor"), e);
    }

    @Test
    void localFunctionsAreRejected() {
        ModelProto m = mlp().addFunctions(ByteString.copyFromUtf8("any function body")).build();
        String e = loadError(m);
        assertTrue(e.contains("local function"), e);
    }

    /**
     * The broadcasting bomb: a (1, 2^14) and a (2^14, 1) input, seven Adds each giving (2^14, 2^14) = 2^28
     * floats — every tensor exactly at the per-tensor cap, 7 × 1 GiB in all. Refused at load, before any buffer.
     */
    @Test
    void aGraphWhoseBuffersExceedTheSessionLimitIsRefusedAtLoad() {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("a", 1, 1 << 14))
                .addInput(value("b", 1 << 14, 1));
        String prev = "b";
        for (int i = 0; i < 7; i++) {
            g.addNode(NodeProto.newBuilder().setOpType("Add").addInput(prev).addInput("a").addOutput("c" + i));
            prev = "c" + i;
        }
        g.addOutput(value(prev, 1 << 14, 1 << 14));
        byte[] file = model(g).toByteArray();
        assertTrue(file.length < 1300, "the file is small: " + file.length + " bytes");
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.fromBytes(file));
        long needed = 7L * (1L << 28) * 4; // seven computed values of 2^28 floats
        assertTrue(e.getMessage().contains(needed + " bytes (7.0 GiB)"), e.getMessage());
        assertTrue(e.getMessage().contains("session memory limit of 1073741824 bytes"), e.getMessage());
        assertTrue(e.getCause() instanceof MemoryLimitException);
        assertEquals(needed, ((MemoryLimitException) e.getCause()).needed());
    }

    @Test
    void aSessionChecksItsOwnLimitBeforeAllocating() throws Exception {
        OnnxModel m = OnnxModel.fromBytes(mlp().build().toByteArray());
        // Gemm + Relu fused: the only computed value is y, (rows, 3) floats: 12 bytes per row.
        assertEquals(12_000, m.sessionBytes(new int[][] {{1000, 2}}));
        float[] x = new float[2000], y = new float[3000];
        MemoryLimitException e = assertThrows(MemoryLimitException.class,
                () -> m.newSession(11_999).predict(x, 1000, y));
        assertEquals(12_000, e.needed());
        assertEquals(11_999, e.limit());
        assertTrue(e.getMessage().contains("value 'y' of shape [1000, 3]"), e.getMessage());
        m.newSession(12_000).predict(x, 1000, y); // exactly at the limit: allowed
        assertThrows(IllegalArgumentException.class, () -> m.newSession(0));
    }

    @Test
    void negativeRowsAreAnArgumentError() throws Exception {
        OnnxSession s = OnnxModel.fromBytes(mlp().build().toByteArray()).newSession();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.predict(new float[2], -1, new float[3]));
        assertEquals("rows = -1 is negative", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> s.run(new float[][] {new float[2]}, new int[][] {{-1, 2}}));
        assertTrue(e.getMessage().contains("dimension 0 of [-1, 2] is negative"), e.getMessage());
        float[] y = new float[3];
        s.predict(new float[] {1, 1}, 1, y); // the session still works afterwards
        assertArrayEquals(new float[] {0, 3.5f, 0}, y);
    }

    @Test
    void nullArgumentsAreNamed() throws Exception {
        assertEquals("bytes is null", assertThrows(NullPointerException.class,
                () -> OnnxModel.fromBytes(null)).getMessage());
        assertEquals("file is null", assertThrows(NullPointerException.class,
                () -> OnnxModel.load(null)).getMessage());
        OnnxSession s = OnnxModel.fromBytes(mlp().build().toByteArray()).newSession();
        assertEquals("x is null", assertThrows(NullPointerException.class,
                () -> s.predict(null, 1, new float[3])).getMessage());
        assertEquals("out is null", assertThrows(NullPointerException.class,
                () -> s.predict(new float[2], 1, null)).getMessage());
        assertEquals("inputs[0] is null", assertThrows(NullPointerException.class,
                () -> s.run(new float[][] {null}, new int[][] {{1, 2}})).getMessage());
        assertEquals("inputShapes[0] is null", assertThrows(NullPointerException.class,
                () -> s.run(new float[][] {new float[2]}, new int[][] {null})).getMessage());
        assertEquals("outputs is null", assertThrows(NullPointerException.class,
                () -> s.run(new float[][] {new float[2]}, new int[][] {{1, 2}}, null)).getMessage());
    }

    /** A second thread entering a session that another thread is running gets a clear error, not a wrong result. */
    @Test
    void concurrentUseOfOneSessionIsDetected() throws Exception {
        OnnxSession s = OnnxModel.fromBytes(mlp().build().toByteArray()).newSession();
        CountDownLatch held = new CountDownLatch(1), done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            s.owner.acquire(); // as a run in progress on that thread
            held.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                s.owner.release();
            }
        }, "worker-7");
        other.start();
        held.await();
        try {
            ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class,
                    () -> s.predict(new float[2], 1, new float[3]));
            assertTrue(e.getMessage().contains("in use by another thread ('worker-7')"), e.getMessage());
            assertTrue(e.getMessage().contains(Thread.currentThread().getName()), e.getMessage());
        } finally {
            done.countDown();
            other.join();
        }
        float[] y = new float[3];
        s.predict(new float[] {1, 1}, 1, y); // released: usable again, by any one thread at a time
        assertArrayEquals(new float[] {0, 3.5f, 0}, y);
    }
}
