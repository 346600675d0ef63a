package dev.lanes.spark.bench;

import dev.lanes.data.Dataset;
import dev.lanes.data.IdxLoader;
import dev.lanes.data.Standardization;
import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.kernels.Kernels;
import dev.lanes.loss.SoftmaxCrossEntropy;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import dev.lanes.onnx.OnnxExport;
import dev.lanes.optim.Adam;
import dev.lanes.spark.LanesModel;
import dev.lanes.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rows per second scoring Fashion-MNIST in Spark local[2]: the Lanes transformer against a {@code mapPartitions}
 * over the Row API calling ONNX Runtime Java (the peer a Spark user would write), and, to separate the engine from
 * the plumbing, the same Row-API function calling a Lanes session. One model for all: 784-128-10 ReLU + Softmax,
 * trained here for one epoch on the 60 000 training images (standardised), exported to ONNX by {@link OnnxExport}
 * for ONNX Runtime.
 *
 * <p>Input: the 10 000 test images as (id, features: Vector), cached in memory once, unioned with itself R times
 * (default 20: 200 000 rows), so that every variant reads the same cached rows and the time is the scoring's, not
 * a file reader's. Each run writes (id, prediction, probability) to Spark's {@code noop} sink, which computes every
 * column and stores nothing. Two warm-up runs per variant, then the measured runs interleaved (variant A, B, C, A,
 * B, C, …) so that load from other work on the machine falls on all of them; the best and the median are printed.
 *
 * <p>Run: {@code mvn -B -Pspark-bench -pl spark -am verify -DskipTests -Dlanes.widths.skip=true
 * -Dlanes.jmh.smoke.skip=true -Dlanes.javadoc.check.skip=true} (arguments: {@code -Dlanes.spark.bench.args="--repeat
 * 20 --runs 5 --batch 256"}).
 */
public final class SparkScoringBenchmark {
    private SparkScoringBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repeat = 20, runs = 5, batch = 256;
        Path dir = Path.of(System.getProperty("lanes.fashion", "/usr/share/datasets/fashion-mnist"));
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--data" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --repeat R --runs N --batch B --data DIR");
            }
        }
        System.out.println("kernels: " + Kernels.describe());
        System.out.println("cpu: " + cpu());

        Dataset rawTrain = IdxLoader.create().loadSplit(dir, "train");
        Dataset rawTest = IdxLoader.create().classes(10).loadSplit(dir, "t10k");
        Standardization scaling = Standardization.fit(rawTrain);
        Dataset train = scaling.apply(rawTrain), test = scaling.apply(rawTest);
        Sequential net = Sequential.of(64, 1, new Dense(784, 128), new Relu(128), new Dense(128, 10));
        long t0 = System.nanoTime();
        Training.of(net, new SoftmaxCrossEntropy(), new Adam()).batchSize(64).epochs(1).learningRate(1e-3f).seed(1)
                .fit(train);
        // The same weights with Softmax appended, so that every engine's outputs are the probabilities.
        Sequential withSoftmax = Sequential.of(1, 1, new Dense(784, 128), new Relu(128), new Dense(128, 10),
                new Softmax(10));
        float[] p = withSoftmax.parameters().values();
        System.arraycopy(net.parameters().values(), 0, p, 0, p.length);
        Model model = Model.of(withSoftmax);
        System.out.printf("model: %s, trained 1 epoch in %.1f s, test accuracy %.2f %%%n", model,
                (System.nanoTime() - t0) / 1e9, 100 * accuracy(model, test));
        byte[] lanesBytes = model.toBytes(), onnxBytes = OnnxExport.toBytes(model);

        SparkSession spark = SparkSession.builder().master("local[2]").appName("lanes-spark-bench")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        List<Row> rows = new ArrayList<>();
        float[] x = test.features();
        for (int i = 0; i < test.rows(); i++) {
            double[] v = new double[784];
            for (int j = 0; j < 784; j++) v[j] = x[i * 784 + j];
            rows.add(RowFactory.create((long) i, Vectors.dense(v)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("features", SQLDataTypes.VectorType(), false);
        org.apache.spark.sql.Dataset<Row> once = spark.createDataFrame(rows, schema).repartition(2).cache();
        once.count();
        org.apache.spark.sql.Dataset<Row> input = once;
        for (int r = 1; r < repeat; r++) input = input.union(once);
        long n = (long) repeat * test.rows();
        final org.apache.spark.sql.Dataset<Row> in = input;
        StructType outSchema = new StructType().add("id", DataTypes.LongType, false)
                .add("prediction", DataTypes.DoubleType, false).add("probability", SQLDataTypes.VectorType(), false);

        final int b = batch;
        LanesModel lanes = LanesModel.fromBytes(lanesBytes, dev.lanes.spark.ModelFormat.LANES).setOutputCol("")
                .setBatchSize(batch);
        Map<String, Supplier<org.apache.spark.sql.Dataset<Row>>> variants = new LinkedHashMap<>();
        variants.put("Lanes transformer (LanesModel)",
                () -> lanes.transform(in).select("id", "prediction", "probability"));
        variants.put("ONNX Runtime, Row-API mapPartitions", () -> in.mapPartitions(
                new RowApiScorer(RowApiScorer.Engine.ORT, onnxBytes, 784, 10, b), Encoders.row(outSchema)));
        variants.put("Lanes Session, Row-API mapPartitions", () -> in.mapPartitions(
                new RowApiScorer(RowApiScorer.Engine.LANES, lanesBytes, 784, 10, b), Encoders.row(outSchema)));

        agreement(once, lanes, onnxBytes, batch, outSchema);
        System.out.printf("input: %d rows (the test split × %d, cached), %d partitions, batches of %d, local[2]%n", n,
                repeat, in.rdd().getNumPartitions(), batch);
        Map<String, double[]> rates = new LinkedHashMap<>();
        for (String v : variants.keySet()) {
            rates.put(v, new double[runs]);
            for (int w = 0; w < 2; w++) time(variants.get(v).get());
        }
        for (int r = 0; r < runs; r++) {
            for (Map.Entry<String, Supplier<org.apache.spark.sql.Dataset<Row>>> e : variants.entrySet()) {
                rates.get(e.getKey())[r] = n / time(e.getValue().get());
            }
        }
        double lanesBest = 0, ortBest = 0;
        System.out.println("| variant | best rows/s | median rows/s | runs |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (Map.Entry<String, double[]> e : rates.entrySet()) {
            double[] s = e.getValue().clone();
            Arrays.sort(s);
            System.out.printf("| %s | %,.0f | %,.0f | %d |%n", e.getKey(), s[s.length - 1], s[s.length / 2], runs);
            if (e.getKey().startsWith("Lanes transformer")) lanesBest = s[s.length - 1];
            if (e.getKey().startsWith("ONNX Runtime")) ortBest = s[s.length - 1];
        }
        System.out.printf("Lanes transformer / ONNX Runtime (best runs): %.2f×%n", lanesBest / ortBest);
        spark.stop();
    }

    /** Seconds to run the scoring into the noop sink (every column computed, nothing stored). */
    private static double time(org.apache.spark.sql.Dataset<Row> scored) {
        long t = System.nanoTime();
        scored.write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - t) / 1e9;
    }

    /** The two engines give the same predictions on the test split (their probabilities differ by rounding). */
    private static void agreement(org.apache.spark.sql.Dataset<Row> once, LanesModel lanes, byte[] onnxBytes, int batch,
            StructType outSchema) {
        List<Row> a = lanes.transform(once).select("id", "prediction").orderBy("id").collectAsList();
        List<Row> b = once.mapPartitions(new RowApiScorer(RowApiScorer.Engine.ORT, onnxBytes, 784, 10, batch),
                Encoders.row(outSchema)).select("id", "prediction").orderBy("id").collectAsList();
        int same = 0;
        for (int i = 0; i < a.size(); i++) if (a.get(i).getDouble(1) == b.get(i).getDouble(1)) same++;
        System.out.printf("predictions: Lanes and ONNX Runtime agree on %d of %d test rows%n", same, a.size());
    }

    private static double accuracy(Model model, Dataset test) {
        Session s = model.newSession(1);
        float[] x = test.features(), row = new float[784];
        int right = 0;
        for (int i = 0; i < test.rows(); i++) {
            System.arraycopy(x, i * 784, row, 0, 784);
            if (s.argmax(row) == test.label(i)) right++;
        }
        return right / (double) test.rows();
    }

    /** lscpu's model name and whether the CPU has AVX-512 (else AVX2). */
    private static String cpu() {
        try {
            String info = Files.readString(Path.of("/proc/cpuinfo"));
            String name = info.lines().filter(l -> l.startsWith("model name")).findFirst().orElse("?")
                    .replaceFirst("model name\\s*:\\s*", "");
            String flags = info.lines().filter(l -> l.startsWith("flags")).findFirst().orElse("");
            return name + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + (flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2" : "no AVX2");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
