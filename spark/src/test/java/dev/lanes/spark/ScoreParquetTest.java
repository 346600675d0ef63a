package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example, as written: a fresh Parquet file of 784-pixel rows in, {@link ScoreParquet} with a
 * 784-128-10 model file, a Parquet file out whose predictions and probabilities are the Session's bits.
 */
class ScoreParquetTest {
    private final SparkSession spark = LocalSpark.get();

    @TempDir
    Path dir;

    @Test
    void scoresAParquetFileIntoAParquetFile() throws Exception {
        Model model = Model.of(Sequential.of(1, 3L, new Dense(784, 128), new Relu(128), new Dense(128, 10)));
        Path modelFile = dir.resolve("fm.lanes");
        model.save(modelFile);
        float[][] x = LocalSpark.rows(1000, 784, 30);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) rows.add(RowFactory.create((long) i, ScoringTest.boxed(x[i])));
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType));
        String images = dir.resolve("images.parquet").toString(), scored = dir.resolve("scored.parquet").toString();
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(images);

        ScoreParquet.main(new String[] {modelFile.toString(), images, scored, "pixels"});

        List<Row> out = ScoringTest.sorted(spark.read().parquet(scored));
        assertEquals(List.of("id", "prediction", "probability"), Arrays.asList(spark.read().parquet(scored).columns()));
        assertEquals(x.length, out.size());
        Session s = model.newSession(1);
        float[] p = new float[10];
        for (int i = 0; i < x.length; i++) {
            assertEquals(i, out.get(i).getLong(0));
            assertEquals(s.argmax(x[i]), out.get(i).getDouble(1), "row " + i);
            s.probabilities(x[i], p);
            double[] got = ((Vector) out.get(i).get(2)).toArray();
            for (int j = 0; j < 10; j++) assertEquals((double) p[j], got[j], "row " + i + ", class " + j);
        }
    }

    /**
     * The README's claim that Spark 4.2 itself gives executor JVMs the Vector API: SparkContext adds its module
     * options (JavaModuleOptions, which include --add-modules=jdk.incubator.vector) to the executors' options.
     */
    @Test
    void sparkGivesExecutorJvmsTheVectorModule() {
        String executor = spark.sparkContext().getConf().get("spark.executor.extraJavaOptions", "");
        org.junit.jupiter.api.Assertions.assertTrue(executor.contains("--add-modules=jdk.incubator.vector"), executor);
    }
}
