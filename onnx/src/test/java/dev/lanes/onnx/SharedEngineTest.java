package dev.lanes.onnx;

import dev.lanes.infer.Model;
import dev.lanes.nn.Sequential;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static dev.lanes.onnx.MalformedModelTest.floats;
import static dev.lanes.onnx.MalformedModelTest.mlp;
import static dev.lanes.onnx.MalformedModelTest.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX graphs run on the same engine as Lanes models: the same steps, so the same bits. */
class SharedEngineTest {

    /**
     * A Lanes model and its ONNX export, imported back, compile to the same steps — packed dense products with
     * the bias (and a following ReLU) in the epilogue, the same activation and softmax kernels — so they agree
     * bit for bit, not just within a rounding bound. (PRelu, which ONNX runs as a broadcast, computes the same
     * x·slope for x &lt; 0, so it too is exact.)
     */
    @Test
    void importedExportsAreBitIdenticalToTheLanesSession() throws Exception {
        Random rng = new Random(20261201L);
        int[] batches = {1, 2, 5, 8, 17, 64};
        for (int trial = 0; trial < 60; trial++) {
            Sequential net = ExportParityTest.randomMlp(rng, 64);
            Model model = Model.of(net);
            int batch = batches[trial % batches.length];
            float[] x = new float[batch * model.inputWidth()];
            for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat() * 2 - 1;
            float[] lanes = new float[batch * model.outputWidth()];
            model.newSession(batch).predictBatch(x, batch, lanes);
            float[] onnx = new float[lanes.length];
            OnnxModel.fromBytes(OnnxExport.toBytes(model)).newSession().predict(x, batch, onnx);
            assertArrayEquals(lanes, onnx, "trial " + trial + " batch " + batch + ": " + net);
        }
    }

    /** Gemm → Relu fuses: the output is the ReLU of the product, as unfused (exact: ReLU rounds nothing). */
    @Test
    void gemmFollowedByItsOnlyReaderReluIsFused() throws Exception {
        OnnxModel model = OnnxModel.fromBytes(mlp().build().toByteArray());
        assertEquals(java.util.List.of("Gemm", "Relu"), model.operators()); // the graph's nodes, as written
        float[] y = new float[6];
        model.newSession().predict(new float[] {1, 1, 0, -1}, 2, y);
        assertArrayEquals(new float[] {0, 3.5f, 0, 4.5f, 0, 5.5f}, y);
    }

    /**
     * A Gemm whose output is also a graph output, or is read by another node too, keeps its value: the Relu
     * is not fused (otherwise the negative entries of h would read as 0).
     */
    @Test
    void aGemmOutputReadElsewhereIsNotFused() throws Exception {
        GraphProto.Builder g = mlp().getGraph().toBuilder().addOutput(value("h", -1, 3));
        ModelProto both = mlp().setGraph(g).build();
        OnnxModel model = OnnxModel.fromBytes(both.toByteArray());
        float[][] out = model.newSession().run(new float[][] {{1, 1, 0, -1}}, new int[][] {{2, 2}});
        assertArrayEquals(new float[] {-2.5f, 3.5f, -3.5f, 4.5f, -4.5f, 5.5f}, out[1]); // h = x·W + b
        assertArrayEquals(new float[] {0, 3.5f, 0, 4.5f, 0, 5.5f}, out[0]);

        GraphProto.Builder twice = mlp().getGraph().toBuilder()
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("h").addInput("y").addOutput("z"))
                .addOutput(value("z", -1, 3));
        float[][] z = OnnxModel.fromBytes(mlp().setGraph(twice).build().toByteArray()).newSession()
                .run(new float[][] {{1, 1, 0, -1}}, new int[][] {{2, 2}});
        assertArrayEquals(new float[] {-2.5f, 7f, -3.5f, 9f, -4.5f, 11f}, z[1]); // h + relu(h)
    }

    /** Two Gemm → Relu pairs in a row both fuse, and the slots between them still chain correctly. */
    @Test
    void chainedDenseReluPairsFuse() throws Exception {
        GraphProto g = GraphProto.newBuilder()
                .addInput(value("x", -1, 2))
                .addInitializer(floats("W1", new float[] {1, -1, -1, 1}, 2, 2))
                .addInitializer(floats("W2", new float[] {2, -3, 1, 1}, 2, 2))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("x").addInput("W1").addOutput("a"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("a").addOutput("b"))
                .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("b").addInput("W2").addOutput("c"))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("c").addOutput("y"))
                .addOutput(value("y", -1, 2)).build();
        OnnxModel model = OnnxModel.fromBytes(mlp().setGraph(g).build().toByteArray());
        float[] y = new float[4];
        model.newSession().predict(new float[] {3, 1, 1, 3}, 2, y);
        // row (3, 1): a = (2, -2), b = (2, 0), c = (4, -6), y = (4, 0); row (1, 3): b = (0, 2), c = (2, 2)
        assertArrayEquals(new float[] {4, 0, 2, 2}, y);
        assertTrue(model.describe().contains("Gemm → Relu → Gemm → Relu"), model.describe());
    }
}
