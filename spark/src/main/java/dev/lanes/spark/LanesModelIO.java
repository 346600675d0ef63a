package dev.lanes.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * A saved {@link LanesModel}: Spark's own stage metadata ({@code metadata/}, written and read by Spark's
 * DefaultParams writer and reader, so the class name, uid and every param are recorded as for Spark's stages) and
 * the model file's bytes, unchanged, as {@code data/model.lanes} or {@code data/model.onnx} (the name gives the
 * format).
 */
final class LanesModelIO {
    private LanesModelIO() {}

    private static final String LANES_FILE = "data/model.lanes", ONNX_FILE = "data/model.onnx";

    static final class Writer extends MLWriter {
        private final LanesModel instance;
        private final byte[] bytes;
        private final ModelFormat format;

        Writer(LanesModel instance, byte[] bytes, ModelFormat format) {
            this.instance = instance;
            this.bytes = bytes;
            this.format = format;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
            try {
                HadoopFiles.write(new Path(path, format == ModelFormat.ONNX ? ONNX_FILE : LANES_FILE), conf, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model file under " + path, e);
            }
        }
    }

    static final class Reader extends MLReader<LanesModel> {
        @Override
        public LanesModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    LanesModel.class.getName());
            Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
            try {
                Path onnx = new Path(path, ONNX_FILE);
                ModelFormat format = HadoopFiles.exists(onnx, conf) ? ModelFormat.ONNX : ModelFormat.LANES;
                Path file = format == ModelFormat.ONNX ? onnx : new Path(path, LANES_FILE);
                LanesModel model = LanesModel.restore(metadata.uid(),
                        HadoopFiles.read(file, conf, Integer.MAX_VALUE - 8), format);
                metadata.getAndSetParams(model, Option.empty());
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the LanesModel saved under " + path + ": " + e.getMessage(),
                        e);
            }
        }
    }
}
