package dev.lanes.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.lanes.infer.Model;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Layer;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Tanh;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exported Lanes models: ONNX Runtime loads them and agrees with Lanes' own inference, and Lanes' importer
 * reads them back to the same outputs.
 *
 * <p>Bound: widths ≤ 48 and depth ≤ 4 Dense layers; each dot product of float32 sums has error ≤ γ_48·Σ|x_i·w_i|
 * (γ_48 = 48u/(1−48u) ≈ 2.9e-6, u = 2⁻²⁴) whatever the order the two runtimes sum in, and Σ|x_i·w_i| stays below
 * ~16 for He-initialised weights on inputs in [−1, 1]; the activations are 1-Lipschitz (softmax: 1 in the max
 * norm of its input differences, doubled), so the two sides differ by at most
 * 2 runtimes · 4 layers · 2.9e-6 · 16 · 2 ≈ 7.4e-4, plus a few ulps of exp/tanh: |a − r| ≤ 1e-3·(1 + |r|).
 */
class ExportParityTest {
    private static double bound(float r) {
        return 1e-3 * (1 + Math.abs(r));
    }

    static Sequential randomMlp(Random rng, int maxBatch) {
        int depth = 1 + rng.nextInt(4);
        int width = 1 + rng.nextInt(48);
        int in = width;
        List<Layer> layers = new ArrayList<>();
        for (int d = 0; d < depth; d++) {
            int out = 1 + rng.nextInt(48);
            layers.add(new Dense(in, out));
            if (d < depth - 1 || rng.nextBoolean()) {
                switch (rng.nextInt(5)) {
                    case 0 -> layers.add(new Relu(out));
                    case 1 -> layers.add(new LeakyRelu(out, 0.05f + rng.nextFloat() * 0.3f));
                    case 2 -> layers.add(new PRelu(out));
                    case 3 -> layers.add(new Sigmoid(out));
                    default -> layers.add(new Tanh(out));
                }
            }
            in = out;
        }
        if (rng.nextBoolean()) layers.add(new Softmax(in));
        return Sequential.of(maxBatch, rng.nextLong(), layers.toArray(new Layer[0]));
    }

    @Test
    void onnxRuntimeMatchesLanesOnRandomMlps() throws Exception {
        Random rng = new Random(20261122L);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int[] batches = {1, 3, 17, 64};
        for (int trial = 0; trial < 40; trial++) {
            Sequential net = randomMlp(rng, 64);
            Model model = Model.of(net);
            byte[] onnx = OnnxExport.toBytes(model);
            int batch = batches[trial % batches.length];
            int in = model.inputWidth(), out = model.outputWidth();
            float[] x = new float[batch * in];
            for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat() * 2 - 1;
            float[] want = new float[batch * out];
            model.newSession(batch).predictBatch(x, batch, want);

            float[] ort = new float[batch * out];
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 OrtSession session = env.createSession(onnx, options);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {batch, in});
                 OrtSession.Result result = session.run(Map.of("input", t))) {
                float[][] rows = (float[][]) result.get(0).getValue();
                for (int r = 0; r < batch; r++) System.arraycopy(rows[r], 0, ort, r * out, out);
            }
            float[] lanes = new float[batch * out];
            OnnxModel.fromBytes(onnx).newSession().predict(x, batch, lanes);
            for (int i = 0; i < want.length; i++) {
                assertTrue(Math.abs(ort[i] - want[i]) <= bound(want[i]), "trial " + trial + " " + net + " ["
                        + i + "]: ORT " + ort[i] + ", Lanes " + want[i]);
                assertTrue(Math.abs(lanes[i] - want[i]) <= bound(want[i]), "trial " + trial + " imported [" + i
                        + "]: " + lanes[i] + ", Lanes " + want[i]);
            }
        }
    }

    @Test
    void exportRejectsLayersWithoutAnOnnxForm() {
        Sequential net = Sequential.of(1, 1, new Dense(2, 4), new dev.lanes.nn.Maxout(2, 2));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.toBytes(Model.of(net)));
        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
    }

    @Test
    void importedSessionIsAllocationFreeAfterWarmUp() throws Exception {
        Sequential net = Sequential.of(8, 3, new Dense(10, 16), new Relu(16), new Dense(16, 3), new Softmax(3));
        OnnxSession session = OnnxModel.fromBytes(OnnxExport.toBytes(Model.of(net))).newSession();
        float[] x = new float[8 * 10], y = new float[8 * 3];
        for (int i = 0; i < 1000; i++) session.predict(x, 8, y); // warm-up: plan and JIT
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 1000; i++) session.predict(x, 8, y);
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < 1024, allocated + " bytes allocated by 1000 runs");
        assertArrayEquals(new int[] {8, 3}, session.outputShape(0));
    }
}
