package dev.lanes.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Dataset;
import dev.lanes.data.Generators;
import dev.lanes.infer.Checkpoint;
import dev.lanes.infer.Model;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.LeakyRelu;
import dev.lanes.nn.Linear;
import dev.lanes.nn.Maxout;
import dev.lanes.nn.PRelu;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Sigmoid;
import dev.lanes.nn.Softmax;
import dev.lanes.nn.Step;
import dev.lanes.nn.Tanh;
import dev.lanes.onnx.OnnxExport;
import dev.lanes.optim.Adam;
import dev.lanes.optim.AdamW;
import dev.lanes.optim.Momentum;
import dev.lanes.optim.Optimizer;
import dev.lanes.optim.RmsProp;
import dev.lanes.optim.Sgd;
import dev.lanes.train.Training;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The committed seed corpora: every seed is a valid input its target accepts (so fuzzing starts past the first
 * checks), and every {@code crash-*} file (a finding kept as a regression input) now ends in a documented way.
 * {@code -Dlanes.fuzz.writeSeeds=true} writes the seeds anew from the code below.
 */
class SeedsTest {

    @Test
    void everySeedIsAcceptedAndEveryFindingIsHandled() throws Exception {
        for (Target t : Targets.all()) {
            Path dir = FuzzSuiteTest.SEEDS.resolve(t.seeds());
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> all = files.sorted().toList();
                assertFalse(all.isEmpty(), dir.toString());
                for (Path p : all) {
                    byte[] input = Files.readAllBytes(p);
                    if (p.getFileName().toString().startsWith("crash-")) {
                        assertDoesNotThrow(() -> t.run(input), p.toString());
                    } else {
                        assertTrue(t.run(input), t.name() + " refuses its seed " + p);
                    }
                }
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "lanes.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        write("modelFile", modelFiles());
        write("onnxBytes", onnxFiles());
        write("csv", csvFiles());
        write("idx", idxFiles());
        Map<String, byte[]> structure = new LinkedHashMap<>(); // choice bytes for the Jazzer structure target
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 8; i++) {
            byte[] b = new byte[16 + 16 * i];
            r.nextBytes(b);
            structure.put("choices-" + i, b);
        }
        write("onnxStructure", structure);
    }

    private static void write(String target, Map<String, byte[]> seeds) throws IOException {
        Path dir = Files.createDirectories(FuzzSuiteTest.SEEDS.resolve(target));
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
    }

    private static Map<String, byte[]> modelFiles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("relu-mlp.lanes", Model.of(Sequential.of(1, 1, new Dense(2, 6), new Relu(6), new Dense(6, 3)))
                .toBytes());
        out.put("every-layer.lanes", Model.of(everyLayer()).toBytes());
        out.put("softmax.lanes", Model.of(Sequential.of(1, 2, new Dense(3, 4), new Tanh(4), new Dense(4, 2),
                new Softmax(2))).toBytes());
        Dataset data = Generators.spiral(3, 10, 0.1, 3);
        Optimizer[] optimizers = {new Sgd(), new Momentum(0.9f), new Adam(), new AdamW(), new RmsProp()};
        for (int i = 0; i < optimizers.length; i++) {
            List<byte[]> saved = new ArrayList<>();
            Sequential net = Sequential.of(6, 4, new Dense(2, 5), new Relu(5), new Dropout(5, 0.25), new Dense(5, 3));
            Training t = Training.of(net, new SoftmaxCrossEntropy(), optimizers[i]).batchSize(6).epochs(2).seed(i)
                    .checkpoints(1, c -> saved.add(c.toBytes()));
            if (i == 2) t.earlyStopping(Training.Metric.TRAIN_LOSS, 3, 0);
            t.fit(data);
            out.put("checkpoint-" + optimizers[i].getClass().getSimpleName().toLowerCase() + ".lanes",
                    saved.get(saved.size() - 1));
        }
        return out;
    }

    private static Sequential everyLayer() {
        return Sequential.of(1, 5, new Dense(3, 6), new LeakyRelu(6, 0.1f), new Maxout(3, 2), new PRelu(3),
                new Dense(3, 4), new Sigmoid(4), new Step(4), new Linear(4), new Dropout(4, 0.5), new Dense(4, 3),
                new Softmax(3));
    }

    private static Map<String, byte[]> onnxFiles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("export-relu.onnx", OnnxExport.toBytes(Model.of(Sequential.of(1, 1, new Dense(2, 6), new Relu(6),
                new Dense(6, 3)))));
        out.put("export-mixed.onnx", OnnxExport.toBytes(Model.of(Sequential.of(1, 2, new Dense(3, 4),
                new LeakyRelu(4, 0.2f), new Dense(4, 4), new PRelu(4), new Dense(4, 4), new Sigmoid(4),
                new Dense(4, 2), new Tanh(2), new Dropout(2, 0.1), new Dense(2, 2), new Softmax(2)))));
        out.putAll(OnnxSeeds.graphs());
        return out;
    }

    private static Map<String, byte[]> csvFiles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("classes.csv", "label,x,y\n0,1.5,-2\n1,3e2,.5\n1,-0.25,7\n0,+4,1E-3\n".getBytes(StandardCharsets.UTF_8));
        out.put("names.csv", "label,a,b,c\ncat,1,2,3\ndog,4,5,6\n\"cat\",7,8,9\n\n  a , 1 , 2 , 3\n"
                .replace("  a ", "a").getBytes(StandardCharsets.UTF_8));
        out.put("quoted.csv", "\"label\",\"x, y\",z\n\"1\",\"2.5\",3\n0,\"-1\",\"4\"\n".getBytes(StandardCharsets.UTF_8));
        out.put("bom.csv", "\uFEFFlabel,v\n1,0.5\n0,0.25\na,1\n".getBytes(StandardCharsets.UTF_8));
        out.put("regression.csv", "k,y,z\n0,1.5,2\n1,2.5,3\n0,-1,4\n".getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static Map<String, byte[]> idxFiles() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int n = 4, side = 3;
        ByteBuffer images = ByteBuffer.allocate(16 + n * side * side).putInt(0x00000803).putInt(n).putInt(side)
                .putInt(side);
        for (int i = 0; i < n * side * side; i++) images.put((byte) (i * 37));
        ByteBuffer labels = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) labels.put((byte) (i % 3));
        out.put("raw.idx", pair(images.array(), labels.array()));
        out.put("gzip.idx", pair(gzip(images.array()), gzip(labels.array())));
        out.put("mixed.idx", pair(gzip(images.array()), labels.array()));
        return out;
    }

    private static byte[] pair(byte[] images, byte[] labels) {
        return ByteBuffer.allocate(2 + images.length + labels.length).putShort((short) images.length).put(images)
                .put(labels).array();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
