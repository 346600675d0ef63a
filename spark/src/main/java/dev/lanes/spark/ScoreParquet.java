package dev.lanes.spark;

import java.io.IOException;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a Parquet file with a model file and writes the scored rows as Parquet: the README's example as a
 * program, for {@code spark-submit --class dev.lanes.spark.ScoreParquet}.
 *
 * <pre>
 *   ScoreParquet MODEL INPUT OUTPUT [INPUT_COLUMN]
 * </pre>
 *
 * MODEL is a {@code .lanes} or {@code .onnx} file, INPUT and OUTPUT are Parquet paths (any Hadoop file system);
 * INPUT_COLUMN (default {@code features}) holds array&lt;float&gt;, array&lt;double&gt; or Vector rows. OUTPUT gets
 * every input column except INPUT_COLUMN, then {@code prediction} and {@code probability}; it is replaced if it
 * exists.
 */
public final class ScoreParquet {
    private ScoreParquet() {}

    /**
     * Runs in the active Spark session, or in a new one named "lanes-score" (its master from spark-submit).
     *
     * @param args MODEL INPUT OUTPUT [INPUT_COLUMN]
     * @throws IOException when the model file cannot be read or is not valid
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ScoreParquet MODEL INPUT OUTPUT [INPUT_COLUMN]");
            System.exit(2);
        }
        String column = args.length == 4 ? args[3] : "features";
        SparkSession spark = SparkSession.builder().appName("lanes-score").getOrCreate();

        LanesModel model = LanesModel.fromFile(args[0])   // .lanes or .onnx, any Hadoop path
                .setInputCol(column)                      // array<float>, array<double> or Vector
                .setOutputCol("");                        // keep prediction and probability only
        model.transform(spark.read().parquet(args[1]))
                .drop(column)
                .write().mode("overwrite").parquet(args[2]);
    }
}
