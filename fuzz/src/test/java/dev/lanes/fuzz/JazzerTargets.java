package dev.lanes.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The same targets under Jazzer, coverage-guided. Without {@code JAZZER_FUZZ} (as in {@code mvn verify}) each
 * method replays its seed directory {@code src/test/resources/dev/lanes/fuzz/JazzerTargetsInputs/<method>/},
 * crash files included; with {@code JAZZER_FUZZ=1} and one method selected by {@code -Dtest}, Jazzer fuzzes it
 * for up to an hour (stop it sooner with Ctrl-C) and writes any crash into that directory, where it stays a
 * regression input.
 */
class JazzerTargets {

    @FuzzTest(maxDuration = "1h")
    void modelFile(byte[] data) throws Exception {
        Targets.MODEL_FILE.run(data);
    }

    @FuzzTest(maxDuration = "1h")
    void onnxBytes(byte[] data) throws Exception {
        Targets.ONNX_BYTES.run(data);
    }

    /** Structure-aware: a seed model mutated by {@link OnnxMutator}, its every choice taken from the fuzzer's bytes. */
    @FuzzTest(maxDuration = "1h")
    void onnxStructure(FuzzedDataProvider data) throws Exception {
        List<ModelProto> models = models();
        ModelProto seed = models.get(data.consumeInt(0, models.size() - 1));
        ModelProto mutant = OnnxMutator.mutate(seed, new Choices() {
            @Override
            public int next(int bound) {
                return data.consumeInt(0, bound - 1);
            }

            @Override
            public long nextLong() {
                return data.consumeLong();
            }
        });
        Targets.onnx(mutant.toByteArray());
    }

    @FuzzTest(maxDuration = "1h")
    void csv(byte[] data) throws Exception {
        Targets.CSV.run(data);
    }

    @FuzzTest(maxDuration = "1h")
    void idx(byte[] data) throws Exception {
        Targets.IDX.run(data);
    }

    private static List<ModelProto> models;

    private static synchronized List<ModelProto> models() {
        if (models == null) {
            try {
                List<ModelProto> m = new ArrayList<>();
                for (byte[] b : Fuzzer.seeds(FuzzSuiteTest.SEEDS.resolve("onnxBytes"))) m.add(ModelProto.parseFrom(b));
                models = m;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return models;
    }
}
