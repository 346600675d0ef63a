package dev.lanes.spark;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Whole small files through Hadoop's FileSystem API, so that any file system Spark reads works. */
final class HadoopFiles {
    private HadoopFiles() {}

    /** The file's bytes; a directory, or a file of more than {@code maxBytes}, is an IOException naming it. */
    static byte[] read(Path path, Configuration conf, long maxBytes) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(path); // FileNotFoundException naming the path
        if (status.isDirectory()) {
            throw new IOException(path + " is a directory, not a model file");
        }
        if (status.getLen() > maxBytes) {
            throw new IOException(path + " holds " + status.getLen() + " bytes, more than one Java array holds ("
                    + maxBytes + ")");
        }
        byte[] bytes = new byte[(int) status.getLen()];
        try (FSDataInputStream in = fs.open(path)) {
            in.readFully(0, bytes);
        }
        return bytes;
    }

    /** Writes the bytes to the file, replacing it. */
    static void write(Path path, Configuration conf, byte[] bytes) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        try (OutputStream out = fs.create(path, true)) {
            out.write(bytes);
        }
    }

    static boolean exists(Path path, Configuration conf) throws IOException {
        return path.getFileSystem(conf).exists(path);
    }
}
