package dev.lanes.spark;

import dev.lanes.infer.Model;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;

/**
 * The suite's one local[2] Spark session (starting one takes about 2 s, so every test class shares it; Spark's
 * shutdown hook stops it when the test JVM exits), and the small models and inputs the tests score.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("lanes-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    /** A 12-16-5 ReLU network with random weights, ending in raw scores (seeded: the same every run). */
    static Model scoresModel() {
        return Model.of(Sequential.of(1, 7L, new Dense(12, 16), new Relu(16), new Dense(16, 5)));
    }

    /** The same shape ending in Softmax, so its outputs are the probabilities. */
    static Model softmaxModel() {
        return Model.of(Sequential.of(1, 8L, new Dense(12, 16), new Relu(16), new Dense(16, 5), new Softmax(5)));
    }

    /** rows × width uniform values in [-2, 2). */
    static float[][] rows(int rows, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[rows][width];
        for (float[] row : x) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) (r.nextDouble() * 4 - 2);
            }
        }
        return x;
    }
}
