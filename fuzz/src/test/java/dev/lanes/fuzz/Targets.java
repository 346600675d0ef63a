package dev.lanes.fuzz;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lanes.data.CsvLoader;
import dev.lanes.data.CsvText;
import dev.lanes.data.DataFormatException;
import dev.lanes.data.Dataset;
import dev.lanes.data.IdxLoader;
import dev.lanes.infer.Checkpoint;
import dev.lanes.infer.MemoryLimitException;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.io.ModelFormatException;
import dev.lanes.onnx.OnnxFormatException;
import dev.lanes.onnx.OnnxModel;
import dev.lanes.onnx.OnnxSession;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The fuzz targets: every reader of untrusted bytes, with its contract as the oracle. A reader may accept an
 * input or refuse it with its documented exception; what it accepts must then work — a loaded model runs, saves
 * and reloads to the same bytes; an imported graph runs at the shapes it was checked for — within the session
 * memory limit, whose {@link MemoryLimitException} is also documented.
 */
final class Targets {

    /** A session's limit under fuzzing: small, so forged sizes end in MemoryLimitException, not in a full heap. */
    static final long SESSION_BYTES = 16L << 20;
    /** Inputs larger than this are not fed to a graph (the caller's arrays are not what is under test). */
    private static final long MAX_INPUT_FLOATS = 1 << 20;

    private Targets() {}

    static List<Target> all() {
        return List.of(MODEL_FILE, ONNX_BYTES, ONNX_STRUCTURE, CSV, IDX);
    }

    /** {@code .lanes} files: models (format version 1) and checkpoints (version 2), through both loaders. */
    static final Target MODEL_FILE = Target.of("modelFile", input -> {
        boolean accepted = false;
        try {
            exerciseModel(Model.fromBytes(input));
            accepted = true;
        } catch (ModelFormatException e) {
            // documented
        }
        try {
            Checkpoint c = Checkpoint.fromBytes(input);
            byte[] again = c.toBytes();
            check(Arrays.equals(again, Checkpoint.fromBytes(again).toBytes()), "checkpoint does not round-trip");
            c.network(2); // the trainable network it restores
            accepted = true;
        } catch (ModelFormatException e) {
            // documented
        }
        return accepted;
    });

    private static void exerciseModel(Model m) throws ModelFormatException {
        m.describe();
        byte[] again = m.toBytes();
        check(Arrays.equals(again, Model.fromBytes(again).toBytes()), "model does not round-trip");
        Session s;
        try {
            s = m.newSession(3, SESSION_BYTES);
        } catch (MemoryLimitException e) {
            return; // documented: a model too wide for the limit
        }
        float[] x = new float[3 * m.inputWidth()], y = new float[3 * m.outputWidth()];
        Arrays.fill(x, 0.5f);
        s.predictBatch(x, 3, y);
        int k = Math.min(3, m.outputWidth());
        s.topK(Arrays.copyOf(x, m.inputWidth()), k, new int[k], new float[k]);
        s.probabilities(Arrays.copyOf(x, m.inputWidth()), new float[m.outputWidth()]);
    }

    /** ONNX files, mutated as bytes. */
    static final Target ONNX_BYTES = Target.of("onnxBytes", Targets::onnx);

    /** ONNX files, mutated as protobuf messages ({@link OnnxMutator}), from the same seeds. */
    static final Target ONNX_STRUCTURE = new Target() {
        @Override
        public String name() {
            return "onnxStructure";
        }

        @Override
        public String seeds() {
            return "onnxBytes";
        }

        @Override
        public boolean run(byte[] input) throws Exception {
            return onnx(input);
        }

        @Override
        public String toString() {
            return name();
        }

        @Override
        public byte[] mutate(byte[] input, byte[] donor, Random random) {
            try {
                return OnnxMutator.mutate(ModelProto.parseFrom(input), Choices.of(random)).toByteArray();
            } catch (InvalidProtocolBufferException e) { // a pool entry that is not a message: bytes, then
                return ByteMutations.mutate(input, donor, random);
            }
        }
    };

    /** Loads, then runs at the shapes the load checked (every symbolic dimension 1). */
    static boolean onnx(byte[] input) throws Exception {
        OnnxModel m;
        try {
            m = OnnxModel.fromBytes(input);
        } catch (OnnxFormatException e) {
            return false; // documented
        }
        m.describe();
        int[][] shapes = new int[m.inputCount()][];
        float[][] inputs = new float[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = m.inputShape(i);
            long n = 1;
            for (int d = 0; d < shapes[i].length; d++) {
                if (shapes[i][d] < 0) shapes[i][d] = 1;
                n *= shapes[i][d];
            }
            if (n > MAX_INPUT_FLOATS) return true;
            inputs[i] = new float[(int) n];
            Arrays.fill(inputs[i], 0.25f);
        }
        OnnxSession s = m.newSession(SESSION_BYTES);
        try {
            float[][] out = s.run(inputs, shapes);
            float[][] again = new float[out.length][];
            for (int j = 0; j < out.length; j++) again[j] = new float[out[j].length];
            s.run(inputs, shapes, again); // the same plan again: the same bits
            for (int j = 0; j < out.length; j++) {
                check(Arrays.equals(out[j], again[j]), "a second run differs");
            }
        } catch (MemoryLimitException e) {
            // documented: more than this session's limit
        }
        return true;
    }

    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** CSV text through the classification and regression loaders; each first-line field against a regex. */
    static final Target CSV = Target.of("csv", input -> {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        for (String field : (newline < 0 ? text : text.substring(0, newline)).split(",", -1)) {
            check(CsvText.isNumber(field) == DECIMAL.matcher(field).matches(), "isNumber(\"" + field + "\")");
        }
        boolean accepted = false;
        for (CsvLoader loader : new CsvLoader[] {CsvLoader.classification(0), CsvLoader.regression(1),
                CsvLoader.classification("label").standardize(true), CsvLoader.classification(0).classNames("0",
                "1", "a")}) {
            try {
                CsvLoader.Result r = loader.read(new StringReader(text), "fuzz.csv");
                checkDataset(r.dataset());
                accepted = true;
            } catch (DataFormatException e) {
                // documented
            }
        }
        return accepted;
    });

    /**
     * IDX images and labels: the input is a 2-byte big-endian length, that many bytes of images, and the rest
     * labels (each raw or gzip).
     */
    static final Target IDX = Target.of("idx", input -> {
        if (input.length < 2) return false;
        int split = Math.min(input.length - 2, (input[0] & 0xFF) << 8 | input[1] & 0xFF);
        byte[] images = Arrays.copyOfRange(input, 2, 2 + split);
        byte[] labels = Arrays.copyOfRange(input, 2 + split, input.length);
        try {
            checkDataset(IdxLoader.create().read(new ByteArrayInputStream(images), new ByteArrayInputStream(labels),
                    "fuzz"));
            return true;
        } catch (DataFormatException e) {
            return false; // documented
        }
    });

    private static void checkDataset(Dataset d) {
        check(d.rows() > 0 && d.width() > 0, "an empty data set was accepted: " + d);
        for (float f : d.features()) check(Float.isFinite(f), "a non-finite feature was accepted");
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }
}
