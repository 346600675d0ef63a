package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Model;
import dev.lanes.io.ModelFormatException;
import dev.lanes.onnx.OnnxExport;
import dev.lanes.onnx.OnnxFormatException;
import dev.lanes.onnx.OnnxModel;
import dev.lanes.onnx.OnnxSession;
import dev.lanes.onnx.proto.Onnx.GraphProto;
import dev.lanes.onnx.proto.Onnx.ModelProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;
import dev.lanes.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lanes.onnx.proto.Onnx.TensorShapeProto;
import dev.lanes.onnx.proto.Onnx.TypeProto;
import dev.lanes.onnx.proto.Onnx.ValueInfoProto;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files read through Hadoop's FileSystem: Lanes and ONNX files scored, bad files refused on the driver. */
class ModelFilesTest {
    private final SparkSession spark = LocalSpark.get();

    @TempDir
    Path dir;

    @Test
    void aLanesFileReadThroughHadoopScoresAsTheModel() throws Exception {
        Model model = LocalSpark.softmaxModel();
        Path file = dir.resolve("m.lanes");
        model.save(file);
        LanesModel t = LanesModel.fromFile(file.toUri().toString()).setBatchSize(ScoringTest.BATCH);
        assertEquals(ModelFormat.LANES, t.modelFormat());
        assertEquals(12, t.inputWidth());
        assertEquals(5, t.outputWidth());
        float[][] x = LocalSpark.rows(100, 12, 10);
        ScoringTest.checkAgainstSession(model, x, ScoringTest.sorted(t.transform(ScoringTest.frame(spark, x, "floats"))));
    }

    /** An exported Lanes model imported back runs the same engine steps: the same bits as the Lanes session. */
    @Test
    void anOnnxFileScoresAsTheOnnxSessionAndTheLanesModelItCameFrom() throws Exception {
        Model model = LocalSpark.scoresModel();
        Path file = dir.resolve("m.onnx");
        OnnxExport.save(model, file);
        LanesModel t = LanesModel.fromFile(file.toString()).setBatchSize(ScoringTest.BATCH);
        assertEquals(ModelFormat.ONNX, t.modelFormat());
        float[][] x = LocalSpark.rows(200, 12, 11);
        List<Row> out = ScoringTest.sorted(t.transform(ScoringTest.frame(spark, x, "dense")));
        ScoringTest.checkAgainstSession(model, x, out);
        OnnxSession onnx = OnnxModel.load(file).newSession();
        float[] y = new float[5];
        onnx.predict(x[7], 1, y);
        assertEquals(ScoringTest.bits(y), ScoringTest.bits(ScoringTest.floats(out.get(7).getList(2))));
    }

    /** ONNX's test_Linear-style graph with a fixed batch: short batches are padded, only real rows come out. */
    @Test
    void anOnnxGraphWithAFixedBatchScoresAnyNumberOfRows() throws Exception {
        Model model = LocalSpark.scoresModel();
        byte[] bytes = OnnxExport.toBytes(model);
        ModelProto.Builder p = ModelProto.parseFrom(bytes).toBuilder();
        p.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(0)
                .clearDimParam().setDimValue(4);
        LanesModel t = LanesModel.fromBytes(p.build().toByteArray(), ModelFormat.ONNX);
        float[][] x = LocalSpark.rows(10, 12, 12);
        ScoringTest.checkAgainstSession(model, x, ScoringTest.sorted(t.transform(ScoringTest.frame(spark, x, "floats")
                .coalesce(1))));
    }

    @Test
    void badFilesFailOnTheDriverWithLanesOwnExceptions() throws Exception {
        Path lanes = Files.write(dir.resolve("bad.lanes"), "not a model".getBytes());
        ModelFormatException m = assertThrows(ModelFormatException.class, () -> LanesModel.fromFile(lanes.toString()));
        assertTrue(m.getMessage().startsWith("byte offset "), m.getMessage());
        byte[] good = LocalSpark.scoresModel().toBytes();
        Path truncated = Files.write(dir.resolve("truncated.lanes"), Arrays.copyOf(good, good.length - 1));
        assertThrows(ModelFormatException.class, () -> LanesModel.fromFile(truncated.toString()));
        Path onnx = Files.write(dir.resolve("bad.onnx"), new byte[] {8, 7, 0x12, 3, 1, 2});
        assertThrows(OnnxFormatException.class, () -> LanesModel.fromFile(onnx.toString()));
        assertThrows(FileNotFoundException.class, () -> LanesModel.fromFile(dir.resolve("none.lanes").toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LanesModel.fromFile(""));
        assertEquals("path must name a model file, got \"\"", e.getMessage());
    }

    @Test
    void anOnnxGraphThatIsNotRowsInRowsOutIsRefused() {
        // Relu over (batch, 3, 4): a valid graph, but not one row of a column per row of the input.
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(4));
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1)
                .setShape(shape)).build();
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(type))
                .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(type)).build();
        byte[] bytes = ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanesModel.fromBytes(bytes, ModelFormat.ONNX));
        assertEquals("the ONNX model's input 'x' has shape [?, 3, 4]; a Spark column is scored by a graph whose input"
                + " is (rows, width) with a fixed width", e.getMessage());
    }
}
