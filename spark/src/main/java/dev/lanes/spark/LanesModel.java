package dev.lanes.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Lanes model (a {@code .lanes} file) or an imported ONNX graph (a {@code .onnx} file) as a Spark ML
 * {@link Transformer}: it scores a column of rows and appends the model's outputs, in a DataFrame or as a stage of
 * a {@link org.apache.spark.ml.Pipeline}.
 *
 * <pre>
 *   LanesModel model = LanesModel.fromFile("hdfs:///models/fm.lanes")   // parsed and checked here, on the driver
 *           .setInputCol("features");
 *   Dataset&lt;Row&gt; scored = model.transform(spark.read().parquet("images.parquet"));
 *   model.write().overwrite().save("hdfs:///stages/fm");               // params + the model file's bytes
 *   LanesModel again = LanesModel.load("hdfs:///stages/fm");
 * </pre>
 *
 * <p><b>Columns.</b>
 * <ul>
 *   <li>{@link #inputCol()} (default {@code features}): {@code array<float>}, {@code array<double>} or a Spark ML
 *       {@code Vector} (dense or sparse) of {@link #inputWidth()} values per row; doubles are rounded to float.</li>
 *   <li>{@link #outputCol()} (default {@code scores}): the model's raw outputs, {@code array<float>} of
 *       {@link #outputWidth()} values — the floats the model computed, unconverted (Spark's {@code
 *       array_to_vector} turns them into a Vector).</li>
 *   <li>{@link #predictionCol()} (default {@code prediction}): the index of the largest output as a double, Spark
 *       ML's convention for a class; ties go to the lowest index.</li>
 *   <li>{@link #probabilityCol()} (default {@code probability}): a dense Vector of class probabilities, the outputs
 *       themselves when the model ends with Softmax, else their softmax.</li>
 * </ul>
 * Setting an output column to the empty string leaves it out.
 *
 * <p><b>Nulls and NaN.</b> A null input value, or an array holding a null element, gives null in every output
 * column of that row (the other rows are scored as usual). NaN inputs are scored like any float: they propagate
 * through the network as its kernels define (docs/kernels.md), and a row with any NaN output gets a NaN
 * prediction (not a class).
 *
 * <p><b>Errors.</b> A bad model file fails when it is read, on the driver: {@link dev.lanes.io.ModelFormatException}
 * for a Lanes file, {@link dev.lanes.onnx.OnnxFormatException} for an ONNX file. {@link #transform} and {@link
 * #transformSchema} check the columns on the driver and throw an {@link IllegalArgumentException} naming the column
 * for a missing input column, an unsupported type, a Vector column whose ML attribute metadata gives a size other
 * than the model's input width, or an output column that exists already. Arrays carry no width in their type, so a
 * row of the wrong width is found when it is scored: its task fails with an {@code IllegalArgumentException} (in
 * Spark's {@code SparkException}) naming the column and both widths.
 *
 * <p><b>How it runs.</b> The model file's bytes are broadcast once per transformer and Spark context; each executor
 * JVM parses them once (a cache keyed by their SHA-256) and each partition opens one session on the parsed model
 * and scores its rows {@link #batchSize()} at a time, straight from Spark's internal rows into one buffer. On the
 * SIMD kernels a row's outputs are bit-identical to those of a {@code Session} in one JVM, whatever its batch.
 * Design and measurements: docs/spark.md.
 */
public final class LanesModel extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    /** Files beyond this cannot be held in one Java array. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** The stage's unique id (Spark ML's Identifiable). */
    private final String uid;
    /** The model file's bytes, broadcast to the executors. */
    private final byte[] modelBytes;
    /** How the bytes are read. */
    private final ModelFormat format;
    /** The bytes' SHA-256, the key of the executors' cache of parsed models. */
    private final String modelKey;
    private transient LoadedModel loaded;
    private transient Broadcast<byte[]> broadcast;
    private transient SparkContext broadcastContext;

    /** See {@link #inputCol()}. */
    private final Param<String> inputCol;
    /** See {@link #outputCol()}. */
    private final Param<String> outputCol;
    /** See {@link #predictionCol()}. */
    private final Param<String> predictionCol;
    /** See {@link #probabilityCol()}. */
    private final Param<String> probabilityCol;
    /** See {@link #batchSize()}. */
    private final IntParam batchSize;

    private LanesModel(String uid, byte[] modelBytes, ModelFormat format, LoadedModel loaded) {
        this.uid = uid;
        this.modelBytes = modelBytes;
        this.format = format;
        this.modelKey = ModelCache.key(modelBytes, format);
        this.loaded = loaded;
        ModelCache.put(modelKey, loaded);
        inputCol = new Param<>(this, "inputCol", "the column scored: array<float>, array<double> or Vector");
        outputCol = new Param<>(this, "outputCol", "the raw outputs as array<float> (\"\" for none)");
        predictionCol = new Param<>(this, "predictionCol", "the index of the largest output as a double (\"\" for none)");
        probabilityCol = new Param<>(this, "probabilityCol", "the class probabilities as a Vector (\"\" for none)");
        batchSize = new IntParam(this, "batchSize", "rows scored per call of the model (at least 1)",
                ParamValidators.gtEq(1));
        setDefault(inputCol, "features");
        setDefault(outputCol, "scores");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(batchSize, 256);
    }

    // ------------------------------------------------------------------------------------------- construction

    /**
     * Reads a model file from any path Hadoop's FileSystem reads ({@code file:}, {@code hdfs:}, {@code s3a:}, …,
     * or a path of the default file system), with the Hadoop configuration of the active Spark session (a default
     * one when there is none); {@code .onnx} files are ONNX, any other name a Lanes model file.
     *
     * @param path the model file's path or URI
     * @return a transformer with the default column names
     * @throws dev.lanes.io.ModelFormatException  when a Lanes file is not valid
     * @throws dev.lanes.onnx.OnnxFormatException when an ONNX file is not valid
     * @throws IOException                        when the file cannot be read
     * @throws IllegalArgumentException           for an ONNX graph that is not one input (rows, width) and one
     *                                            output (rows, k)
     */
    public static LanesModel fromFile(String path) throws IOException {
        Configuration conf = SparkSession.getActiveSession().isDefined()
                ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
                : new Configuration();
        return fromFile(path, conf);
    }

    /**
     * As {@link #fromFile(String)}, with the given Hadoop configuration.
     *
     * @param path the model file's path or URI
     * @param conf the Hadoop configuration that resolves the path's file system
     * @return a transformer with the default column names
     * @throws IOException when the file cannot be read (and Lanes' own format exceptions, as fromFile(String))
     */
    public static LanesModel fromFile(String path, Configuration conf) throws IOException {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path must name a model file, got " + (path == null ? "null" : "\"\""));
        }
        byte[] bytes = HadoopFiles.read(new org.apache.hadoop.fs.Path(path), conf, MAX_FILE_BYTES);
        return fromBytes(bytes, ModelFormat.ofFileName(path));
    }

    /**
     * A transformer for a model file's bytes (not copied: do not change them afterwards).
     *
     * @param bytes  the whole file
     * @param format how to read it
     * @return a transformer with the default column names
     * @throws IOException                        for an ONNX file that fails to load as a whole
     * @throws dev.lanes.io.ModelFormatException  when a Lanes file is not valid
     * @throws dev.lanes.onnx.OnnxFormatException when an ONNX file is not valid
     */
    public static LanesModel fromBytes(byte[] bytes, ModelFormat format) throws IOException {
        if (bytes == null || format == null) {
            throw new IllegalArgumentException("bytes and format must not be null");
        }
        return new LanesModel(Identifiable.randomUID("lanes"), bytes, format, LoadedModel.parse(bytes, format));
    }

    /**
     * A transformer for a model in memory (its file's bytes, {@link dev.lanes.infer.Model#toBytes}).
     *
     * @param model the model
     * @return a transformer with the default column names
     */
    public static LanesModel of(dev.lanes.infer.Model model) {
        try {
            return fromBytes(model.toBytes(), ModelFormat.LANES);
        } catch (IOException e) {
            throw new IllegalStateException("a model's own bytes do not parse", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ params

    /** {@return the param of the input column: array&lt;float&gt;, array&lt;double&gt; or a Spark ML Vector (default "features")} */
    public Param<String> inputCol() {
        return inputCol;
    }

    /** {@return the param of the raw outputs' column, array&lt;float&gt; (default "scores"; "" for none)} */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** {@return the param of the predicted class's column, the largest output's index as a double (default "prediction"; "" for none)} */
    public Param<String> predictionCol() {
        return predictionCol;
    }

    /** {@return the param of the class probabilities' column, a Vector (default "probability"; "" for none)} */
    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    /** {@return the param of the rows per call of the model (default 256; an ONNX graph with a fixed batch size uses that size)} */
    public IntParam batchSize() {
        return batchSize;
    }

    /** {@return the input column's name} */
    public String getInputCol() {
        return getOrDefault(inputCol);
    }

    /** {@return the raw outputs' column name ("": none)} */
    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    /** {@return the prediction column's name ("": none)} */
    public String getPredictionCol() {
        return getOrDefault(predictionCol);
    }

    /** {@return the probability column's name ("": none)} */
    public String getProbabilityCol() {
        return getOrDefault(probabilityCol);
    }

    /** {@return the rows per call of the model} */
    public int getBatchSize() {
        return (Integer) getOrDefault(batchSize);
    }

    /**
     * Sets the input column's name.
     *
     * @param value the name
     * @return this transformer
     */
    public LanesModel setInputCol(String value) {
        set(inputCol, value);
        return this;
    }

    /**
     * Sets the raw outputs' column name ("": none).
     *
     * @param value the name
     * @return this transformer
     */
    public LanesModel setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    /**
     * Sets the prediction column's name ("": none).
     *
     * @param value the name
     * @return this transformer
     */
    public LanesModel setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    /**
     * Sets the probability column's name ("": none).
     *
     * @param value the name
     * @return this transformer
     */
    public LanesModel setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    /**
     * Sets the rows per call of the model.
     *
     * @param value rows, ≥ 1
     * @return this transformer
     */
    public LanesModel setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    // ------------------------------------------------------------------------------------------------- model

    /** {@return the values per input row} */
    public int inputWidth() {
        return loaded().inputWidth();
    }

    /** {@return the values per output row (classes, for a classifier)} */
    public int outputWidth() {
        return loaded().outputWidth();
    }

    /** {@return the kind of model file this transformer scores with} */
    public ModelFormat modelFormat() {
        return format;
    }

    /** {@return a copy of the model file's bytes} */
    public byte[] modelBytes() {
        return modelBytes.clone();
    }

    private LoadedModel loaded() {
        if (loaded == null) { // after Java deserialization; the bytes parsed when this was made
            loaded = ModelCache.get(modelKey, () -> modelBytes, format);
        }
        return loaded;
    }

    @Override
    public String uid() {
        return uid;
    }

    // --------------------------------------------------------------------------------------------- transform

    @Override
    public StructType transformSchema(StructType schema) {
        return plan(schema).output;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        Plan plan = plan(dataset.schema());
        if (!(dataset instanceof org.apache.spark.sql.classic.Dataset<?> ds)) {
            throw new UnsupportedOperationException("LanesModel scores classic Spark Datasets (a SparkSession in this"
                    + " JVM), not Spark Connect's; got " + dataset.getClass().getName());
        }
        org.apache.spark.sql.classic.SparkSession spark = ds.sparkSession();
        PartitionScorer scorer = new PartitionScorer(modelKey, format, broadcast(spark.sparkContext()),
                plan.input, getBatchSize(), plan.scores, plan.prediction, plan.probability, plan.added);
        RDD<InternalRow> rows = ds.queryExecution().toRdd();
        RDD<InternalRow> scored = rows.toJavaRDD().mapPartitions(scorer).rdd();
        return spark.internalCreateDataFrame(scored, plan.output, false);
    }

    /** The model's bytes, broadcast once per Spark context. */
    private synchronized Broadcast<byte[]> broadcast(SparkContext sc) {
        if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
            broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(modelBytes);
            broadcastContext = sc;
        }
        return broadcast;
    }

    /** The checked column plan: where the input is, what it is, and the columns added. */
    private record Plan(InputColumn input, boolean scores, boolean prediction, boolean probability,
            StructType added, StructType output) {}

    private Plan plan(StructType schema) {
        LoadedModel m = loaded();
        String in = getInputCol();
        List<String> names = Arrays.asList(schema.fieldNames());
        int ordinal = names.indexOf(in);
        if (ordinal < 0) {
            throw new IllegalArgumentException("input column '" + in + "' does not exist; the columns are " + names);
        }
        StructField field = schema.fields()[ordinal];
        InputColumn input = InputColumn.of(in, ordinal, field.dataType(), m.inputWidth());
        if (field.dataType() instanceof VectorUDT) {
            int size = AttributeGroup.fromStructField(field).size();
            if (size >= 0 && size != m.inputWidth()) {
                throw new IllegalArgumentException("input column '" + in + "' holds vectors of " + size
                        + " values (its ML attribute metadata); the model takes rows of " + m.inputWidth());
            }
        }
        List<StructField> added = new ArrayList<>();
        String scores = getOutputCol(), prediction = getPredictionCol(), probability = getProbabilityCol();
        if (!scores.isEmpty()) {
            added.add(DataTypes.createStructField(scores, DataTypes.createArrayType(DataTypes.FloatType, false), true));
        }
        if (!prediction.isEmpty()) {
            added.add(DataTypes.createStructField(prediction, DataTypes.DoubleType, true));
        }
        if (!probability.isEmpty()) {
            StructField f = new AttributeGroup(probability, m.outputWidth()).toStructField();
            added.add(new StructField(probability, SQLDataTypes.VectorType(), true, f.metadata()));
        }
        List<String> seen = new ArrayList<>(names);
        for (StructField f : added) {
            if (seen.contains(f.name())) {
                throw new IllegalArgumentException("output column '" + f.name() + "' exists already; the columns are "
                        + seen + " (set it to another name, or to \"\" to leave it out)");
            }
            seen.add(f.name());
        }
        StructType addedType = new StructType(added.toArray(new StructField[0]));
        StructField[] all = Arrays.copyOf(schema.fields(), schema.fields().length + added.size());
        for (int i = 0; i < added.size(); i++) {
            all[schema.fields().length + i] = added.get(i);
        }
        return new Plan(input, !scores.isEmpty(), !prediction.isEmpty(), !probability.isEmpty(), addedType,
                new StructType(all));
    }

    @Override
    public LanesModel copy(ParamMap extra) {
        return copyValues(new LanesModel(uid, modelBytes, format, loaded()), extra);
    }

    @Override
    public String toString() {
        return "LanesModel[" + uid + ", " + format + ": " + loaded() + "]";
    }

    // -------------------------------------------------------------------------------------------- save, load

    /** Saves the params (as Spark's own stages do) and the model file's bytes under the stage's path. */
    @Override
    public MLWriter write() {
        return new LanesModelIO.Writer(this, modelBytes, format);
    }

    /** {@return the reader of a saved stage (Spark's PipelineModel.load finds it by this name)} */
    public static MLReader<LanesModel> read() {
        return new LanesModelIO.Reader();
    }

    /**
     * Loads a stage saved by {@link #write()}.
     *
     * @param path the stage's directory
     * @return the stage, with its params and model
     * @throws UncheckedIOException whose cause is Lanes' own exception when the saved model file is not valid
     */
    public static LanesModel load(String path) {
        return read().load(path);
    }

    /** For the reader: a stage with a saved uid. */
    static LanesModel restore(String uid, byte[] bytes, ModelFormat format) throws IOException {
        return new LanesModel(uid, bytes, format, LoadedModel.parse(bytes, format));
    }
}
