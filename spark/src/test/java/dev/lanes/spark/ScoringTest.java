package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.kernels.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transformer in local[2] mode against a {@link Session} in this JVM: the same bits for every input type and
 * output column, and the documented behaviour for nulls, NaN, wrong widths and wrong types.
 */
class ScoringTest {
    static final int WIDTH = 12, CLASSES = 5;

    /**
     * On the SIMD kernels a row's outputs are the same bits in any batch (docs/inference.md), so Spark's batches of
     * 64 must equal one-row Session calls; on the scalar kernels GEMM blocking depends on the batch, so the
     * comparison runs Spark in batches of one.
     */
    static final int BATCH = Kernels.describe().implementation().equals("simd") ? 64 : 1;

    private final SparkSession spark = LocalSpark.get();

    /** Rows with an id, so that results are compared row by row whatever order they come back in. */
    static Dataset<Row> frame(SparkSession spark, float[][] x, String kind) {
        DataType type = switch (kind) {
            case "floats" -> DataTypes.createArrayType(DataTypes.FloatType);
            case "doubles" -> DataTypes.createArrayType(DataTypes.DoubleType);
            default -> SQLDataTypes.VectorType();
        };
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            Object value = switch (kind) {
                case "floats" -> boxed(x[i]);
                case "doubles" -> toDoubles(x[i]);
                case "dense" -> Vectors.dense(toDoubleArray(x[i]));
                default -> sparse(x[i]);
            };
            rows.add(RowFactory.create((long) i, value));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("features", type, true);
        return spark.createDataFrame(rows, schema);
    }

    @ParameterizedTest
    @ValueSource(strings = {"floats", "doubles", "dense", "sparse"})
    void everyOutputEqualsTheSessionsBitForBit(String kind) throws Exception {
        float[][] x = LocalSpark.rows(300, WIDTH, 1);
        if (kind.equals("sparse")) { // zeros, so that the sparse vectors are sparse
            for (float[] row : x) {
                for (int j = 0; j < WIDTH; j += 3) row[j] = 0f;
            }
        }
        for (Model model : List.of(LocalSpark.scoresModel(), LocalSpark.softmaxModel())) {
            LanesModel t = LanesModel.of(model).setBatchSize(BATCH);
            List<Row> out = sorted(t.transform(frame(spark, x, kind).repartition(3)));
            assertEquals(x.length, out.size());
            checkAgainstSession(model, x, out);
        }
    }

    /** Row i of out (sorted by id) holds the scores, prediction and probabilities a Session gives for x[i]. */
    static void checkAgainstSession(Model model, float[][] x, List<Row> out) {
        Session s = model.newSession(1);
        float[] want = new float[model.outputWidth()], p = new float[model.outputWidth()];
        for (int i = 0; i < x.length; i++) {
            Row r = out.get(i);
            s.predict(x[i], want);
            s.probabilities(x[i], p);
            float[] got = floats(r.getList(r.fieldIndex("scores")));
            assertEquals(bits(want), bits(got), "scores of row " + i);
            assertEquals(PartitionScorer.argmax(want, 0, want.length), r.getDouble(r.fieldIndex("prediction")),
                    "prediction of row " + i);
            if (!Float.isNaN(want[0])) {
                assertEquals(s.argmax(x[i]), (int) r.getDouble(r.fieldIndex("prediction")), "row " + i);
            }
            double[] probs = ((Vector) r.getAs("probability")).toArray();
            for (int j = 0; j < p.length; j++) {
                assertEquals(Double.doubleToRawLongBits(p[j]), Double.doubleToRawLongBits(probs[j]),
                        "probability " + j + " of row " + i);
            }
        }
    }

    @Test
    void nullInputsGiveNullOutputsAndTheOtherRowsAreScored() {
        float[][] x = LocalSpark.rows(5, WIDTH, 2);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < x.length; i++) rows.add(RowFactory.create((long) i, boxed(x[i])));
        rows.set(1, RowFactory.create(1L, null));
        List<Float> holed = boxed(x[3]);
        holed.set(4, null);
        rows.set(3, RowFactory.create(3L, holed));
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, true));
        Model model = LocalSpark.scoresModel();
        List<Row> out = sorted(LanesModel.of(model).transform(spark.createDataFrame(rows, schema)));
        Session s = model.newSession(1);
        for (int i : new int[] {0, 2, 4}) {
            assertEquals(bits(s.predict(x[i])), bits(floats(out.get(i).getList(2))), "row " + i);
        }
        for (int i : new int[] {1, 3}) {
            Row r = out.get(i);
            assertTrue(r.isNullAt(2) && r.isNullAt(3) && r.isNullAt(4), "row " + i + ": " + r);
        }
    }

    @Test
    void nanPropagatesAndGivesANanPrediction() {
        float[][] x = LocalSpark.rows(4, WIDTH, 3);
        x[1][0] = Float.NaN;
        Arrays.fill(x[2], Float.NaN);
        Model model = LocalSpark.scoresModel();
        List<Row> out = sorted(LanesModel.of(model).transform(frame(spark, x, "floats")));
        checkAgainstSession(model, x, out);
        assertTrue(Double.isNaN(out.get(2).getDouble(out.get(2).fieldIndex("prediction"))));
        assertEquals(PartitionScorer.argmax(model.newSession(1).predict(x[1]), 0, CLASSES),
                out.get(1).getDouble(out.get(1).fieldIndex("prediction")));
    }

    @Test
    void aRowOfTheWrongWidthFailsItsTaskNamingTheColumnAndTheWidths() {
        float[][] x = LocalSpark.rows(3, WIDTH, 4);
        x[2] = Arrays.copyOf(x[2], WIDTH - 1);
        Dataset<Row> scored = LanesModel.of(LocalSpark.scoresModel()).transform(frame(spark, x, "floats"));
        SparkException e = assertThrows(SparkException.class, scored::collectAsList);
        assertTrue(causes(e).contains("input column 'features' holds a row of 11 values; the model takes rows of 12"),
                causes(e));
    }

    @Test
    void aVectorColumnOfAnotherSizeFailsOnTheDriver() {
        Dataset<Row> df = spark.range(3).selectExpr("id", "cast(id as double) a", "cast(id as double) b");
        Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("features")
                .transform(df);
        LanesModel t = LanesModel.of(LocalSpark.scoresModel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.transform(assembled));
        assertEquals("input column 'features' holds vectors of 2 values (its ML attribute metadata); the model takes"
                + " rows of 12", e.getMessage());
    }

    @Test
    void unsupportedTypesMissingColumnsAndTakenNamesFailOnTheDriver() {
        LanesModel t = LanesModel.of(LocalSpark.scoresModel());
        Dataset<Row> strings = spark.range(2).selectExpr("id", "cast(id as string) features");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.transform(strings));
        assertEquals("input column 'features' is string; a Lanes model scores array<float>, array<double> or a Spark"
                + " ML Vector (12 values per row)", e.getMessage());
        Dataset<Row> ints = spark.range(2).selectExpr("id", "array(1, 2) features");
        e = assertThrows(IllegalArgumentException.class, () -> t.transformSchema(ints.schema()));
        assertTrue(e.getMessage().startsWith("input column 'features' is array<int>;"), e.getMessage());
        Dataset<Row> other = frame(spark, LocalSpark.rows(2, WIDTH, 5), "floats").withColumnRenamed("features", "x");
        e = assertThrows(IllegalArgumentException.class, () -> t.transform(other));
        assertEquals("input column 'features' does not exist; the columns are [id, x]", e.getMessage());
        Dataset<Row> taken = frame(spark, LocalSpark.rows(2, WIDTH, 5), "floats").withColumn("prediction",
                org.apache.spark.sql.functions.lit(1));
        e = assertThrows(IllegalArgumentException.class, () -> t.transform(taken));
        assertTrue(e.getMessage().startsWith("output column 'prediction' exists already"), e.getMessage());
    }

    @Test
    void outputColumnsCanBeRenamedOrLeftOut() {
        Dataset<Row> df = frame(spark, LocalSpark.rows(4, WIDTH, 6), "dense").withColumnRenamed("features", "pixels");
        LanesModel t = LanesModel.of(LocalSpark.softmaxModel()).setInputCol("pixels").setOutputCol("")
                .setProbabilityCol("").setPredictionCol("label");
        Dataset<Row> out = t.transform(df);
        assertEquals(List.of("id", "pixels", "label"), Arrays.asList(out.columns()));
        assertEquals(4, out.filter("label >= 0 and label < 5").count());
    }

    static List<Row> sorted(Dataset<Row> df) {
        List<Row> rows = new ArrayList<>(df.collectAsList());
        rows.sort(Comparator.comparingLong(r -> r.getLong(0)));
        return rows;
    }

    static String causes(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (; t != null; t = t.getCause()) s.append(t).append('\n');
        return s.toString();
    }

    static List<Float> boxed(float[] x) {
        List<Float> l = new ArrayList<>();
        for (float v : x) l.add(v);
        return l;
    }

    static List<Double> toDoubles(float[] x) {
        List<Double> l = new ArrayList<>();
        for (float v : x) l.add((double) v);
        return l;
    }

    static double[] toDoubleArray(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    static Vector sparse(float[] x) {
        return Vectors.dense(toDoubleArray(x)).toSparse();
    }

    static float[] floats(List<Float> l) {
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) f[i] = l.get(i);
        return f;
    }

    static String bits(float[] x) {
        StringBuilder s = new StringBuilder();
        for (float v : x) s.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(' ');
        return s.toString();
    }
}
