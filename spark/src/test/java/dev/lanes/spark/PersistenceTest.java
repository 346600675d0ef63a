package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.io.ModelFormatException;
import dev.lanes.onnx.OnnxExport;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save and load: as a stage of a saved Pipeline, and on its own, with every param and the model's bytes. */
class PersistenceTest {
    private final SparkSession spark = LocalSpark.get();

    @TempDir
    Path dir;

    /** Twelve double columns c0..c11 and an id. */
    private Dataset<Row> columns(int rows) {
        Dataset<Row> df = spark.range(rows).toDF("id");
        for (int j = 0; j < 12; j++) {
            df = df.withColumn("c" + j, org.apache.spark.sql.functions.expr("sin(id * " + (j + 1) + ") * 2"));
        }
        return df;
    }

    @Test
    void aPipelineWithVectorAssemblerRoundTripsThroughSaveAndLoad() throws Exception {
        String[] inputs = new String[12];
        for (int j = 0; j < 12; j++) inputs[j] = "c" + j;
        LanesModel lanes = LanesModel.of(LocalSpark.scoresModel()).setInputCol("assembled").setBatchSize(32)
                .setPredictionCol("cls");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(inputs).setOutputCol("assembled"), lanes});
        Dataset<Row> df = columns(500);
        PipelineModel fitted = pipeline.fit(df);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);

        LanesModel stage = assertInstanceOf(LanesModel.class, loaded.stages()[1]);
        assertEquals(lanes.uid(), stage.uid());
        assertEquals("assembled", stage.getInputCol());
        assertEquals("cls", stage.getPredictionCol());
        assertEquals(32, stage.getBatchSize());
        assertArrayEquals(lanes.modelBytes(), stage.modelBytes());
        List<Row> before = ScoringTest.sorted(fitted.transform(df).drop(inputs));
        List<Row> after = ScoringTest.sorted(loaded.transform(df).drop(inputs));
        assertEquals(before, after);
        assertEquals(500, after.size());
    }

    @Test
    void anOnnxStageKeepsItsFormat() throws Exception {
        Path file = dir.resolve("m.onnx");
        OnnxExport.save(LocalSpark.softmaxModel(), file);
        LanesModel t = LanesModel.fromFile(file.toString()).setOutputCol("raw");
        String path = dir.resolve("stage").toString();
        t.write().save(path);
        LanesModel back = LanesModel.load(path);
        assertEquals(ModelFormat.ONNX, back.modelFormat());
        assertEquals("raw", back.getOutputCol());
        Dataset<Row> df = ScoringTest.frame(spark, LocalSpark.rows(50, 12, 20), "floats");
        assertEquals(ScoringTest.sorted(t.transform(df)), ScoringTest.sorted(back.transform(df)));
    }

    @Test
    void aDamagedSavedModelFailsToLoadWithLanesOwnException() throws Exception {
        String path = dir.resolve("stage").toString();
        LanesModel.of(LocalSpark.scoresModel()).write().save(path);
        Path file = dir.resolve("stage/data/model.lanes");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        Files.deleteIfExists(dir.resolve("stage/data/.model.lanes.crc")); // Hadoop's local checksum would catch it first
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> LanesModel.load(path));
        assertInstanceOf(ModelFormatException.class, e.getCause());
    }
}
