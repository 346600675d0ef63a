package dev.lanes.data;

import dev.lanes.args.Args;
import dev.lanes.io.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the MNIST family's IDX files (MNIST, Fashion-MNIST, KMNIST, EMNIST) into a classification
 * {@link Dataset}: an images file (idx3: count × rows × columns unsigned bytes) and a labels file (idx1: count
 * unsigned bytes), each raw or gzip-compressed (told apart by its first bytes, not its name).
 *
 * <pre>
 *   // the images file; its labels are found beside it (train-images-idx3-ubyte.gz → train-labels-idx1-ubyte.gz)
 *   Dataset train = IdxLoader.create().load(Path.of("fashion-mnist/train-images-idx3-ubyte.gz"));
 *   // a directory and a split: t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] in it
 *   Dataset test = IdxLoader.create().classes(train.targetWidth()).loadSplit(Path.of("fashion-mnist"), "t10k");
 * </pre>
 *
 * <p>Each image becomes one row of rows × columns features, the pixels in row-major order as floats 0 to 255,
 * unscaled (scale or {@link Standardization standardise} them as the model needs); each label is a class index.
 * The number of classes is the largest label + 1 unless {@link #classes} fixes it, as a test set should, so that
 * it matches the training set's even when a class is missing from it.
 *
 * <p>Everything is checked, and bad input throws {@link DataFormatException} naming the file, the byte offset
 * (of the decompressed data, for gzip) and the problem: the magic number, the type code (unsigned bytes only),
 * the number of dimensions (3 for images, 1 for labels), sizes of 0 or above 2^31 − 1, a claim larger than an
 * array can hold, a file shorter or longer than its header claims (truncated or corrupt gzip included), image
 * and label counts that differ, and labels outside [0, classes). Arrays grow with the bytes actually read, never
 * past the header's claim, so a lying header costs no large allocation. I/O failures stay {@link IOException}s.
 */
public final class IdxLoader {

    private static final String[] IMAGE_DIMS = {"the image count", "rows per image", "columns per image"};
    private static final String[] LABEL_DIMS = {"the label count"};

    private int classes;

    private IdxLoader() {}

    /** {@return a loader that takes the number of classes from the labels (largest + 1)} */
    public static IdxLoader create() {
        return new IdxLoader();
    }

    /**
     * Fixes the number of classes: every label must be below {@code count}, and the set has {@code count}
     * classes even when some are absent from it.
     *
     * @param count the number of classes, 1 to 256
     * @return this loader
     * @throws IllegalArgumentException when count is outside [1, 256] (a label is one unsigned byte)
     */
    public IdxLoader classes(int count) {
        if (count < 1 || count > 256) {
            throw new IllegalArgumentException("classes must be in [1, 256] (labels are unsigned bytes), got " + count);
        }
        this.classes = count;
        return this;
    }

    /**
     * Loads {@code images} and the labels file beside it ({@link #labelsBeside}); the set is named after the
     * images file.
     *
     * @param images the images file (idx3), raw or gzip
     * @return the classification set, one row per image
     * @throws NoSuchFileException when either file is missing (naming the labels file looked for)
     * @throws DataFormatException for malformed contents (see the class comment)
     */
    public Dataset load(Path images) throws IOException {
        Args.notNull("images", images);
        return load(images, labelsBeside(images));
    }

    /**
     * Loads an images file and its labels file; the set is named after the images file.
     *
     * @param images the images file (idx3), raw or gzip
     * @param labels the labels file (idx1), raw or gzip
     * @return the classification set, one row per image
     * @throws IOException when a file cannot be read; a {@link DataFormatException} (unchecked) for malformed contents
     */
    public Dataset load(Path images, Path labels) throws IOException {
        Args.notNull("images", images);
        Args.notNull("labels", labels);
        IdxFile.Contents x = readFile(images, "images", IMAGE_DIMS);
        IdxFile.Contents y = readFile(labels, "labels", LABEL_DIMS);
        return dataset(images.getFileName().toString(), x, y);
    }

    /**
     * Loads split {@code split} of the directory {@code dir}: {@code <split>-images-idx3-ubyte} and
     * {@code <split>-labels-idx1-ubyte}, each with or without {@code .gz} (a '.' before "idx" is accepted too,
     * as some copies of MNIST name them). The MNIST family's splits are "train" and "t10k".
     *
     * @param dir   the directory holding the split's files
     * @param split the split's name, e.g. {@code "train"} or {@code "t10k"}
     * @return the classification set, one row per image
     * @throws NoSuchFileException when the directory has no such images file (the message lists the IDX images files it
     *                             does have)
     */
    public Dataset loadSplit(Path dir, String split) throws IOException {
        Args.notNull("dir", dir);
        Args.notNull("split", split);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        for (String sep : new String[] {"-", "."}) {
            for (String gz : new String[] {".gz", ""}) {
                Path images = dir.resolve(split + "-images" + sep + "idx3-ubyte" + gz);
                if (Files.isRegularFile(images)) {
                    return load(images);
                }
            }
        }
        throw new NoSuchFileException(dir.resolve(split + "-images-idx3-ubyte.gz").toString(), null,
                "no images of split \"" + split + "\" (" + split + "-images-idx3-ubyte[.gz]); IDX images there: "
                        + imageFiles(dir));
    }

    /**
     * Reads an images stream and a labels stream (neither closed), raw or gzip each.
     *
     * @param images the images data (idx3), raw or gzip; read to its end, not closed
     * @param labels the labels data (idx1), raw or gzip; read to its end, not closed
     * @param name   the set's name; the streams are called "name (images)" and "name (labels)" in messages
     * @return the classification set, one row per image
     * @throws IOException when a stream cannot be read; a {@link DataFormatException} (unchecked) for malformed
     *                     contents
     */
    public Dataset read(InputStream images, InputStream labels, String name) throws IOException {
        Args.notNull("images", images);
        Args.notNull("labels", labels);
        Args.notNull("name", name);
        IdxFile.Contents x = IdxFile.read(images, name + " (images)", "images", IMAGE_DIMS, -1);
        IdxFile.Contents y = IdxFile.read(labels, name + " (labels)", "labels", LABEL_DIMS, -1);
        return dataset(name, x, y);
    }

    /**
     * The labels file that belongs beside an images file by the MNIST family's naming: "images" becomes
     * "labels" and "idx3" becomes "idx1" in the file name ({@code train-images-idx3-ubyte.gz →
     * train-labels-idx1-ubyte.gz}); where that file is absent but the other compression's name exists (with or
     * without {@code .gz}), that one.
     *
     * @param images the images file
     * @return the labels file, which exists
     * @throws IllegalArgumentException when the name has no "images" to replace, or names a labels file
     * @throws NoSuchFileException      when no labels file is found (naming the one looked for)
     */
    public static Path labelsBeside(Path images) throws NoSuchFileException {
        String name = images.getFileName().toString();
        if (!name.contains("images")) {
            throw new IllegalArgumentException(name.contains("labels")
                    ? images + " is a labels file: give the images file (its labels are found beside it)"
                    : images + ": cannot find its labels file, the name has no \"images\" to replace with"
                            + " \"labels\"; give the labels file as well");
        }
        String labels = name.replace("images", "labels").replace("idx3", "idx1");
        Path same = images.resolveSibling(labels);
        Path other = images.resolveSibling(labels.endsWith(".gz")
                ? labels.substring(0, labels.length() - 3) : labels + ".gz");
        if (Files.isRegularFile(same)) {
            return same;
        }
        if (Files.isRegularFile(other)) {
            return other;
        }
        throw new NoSuchFileException(same.toString(), null, "no labels file: the labels of " + name + " are read"
                + " from this file beside it, or from " + other.getFileName() + "; neither exists");
    }

    /**
     * Whether {@code file} looks like IDX data: gzip's magic (1f 8b), or IDX's magic for unsigned bytes
     * (00 00 08, then 1 to 3 dimensions). Reads at most 4 bytes; false for a file that cannot be read.
     *
     * @param file the file to look at
     * @return whether its first bytes are those of gzip or IDX unsigned-byte data
     */
    public static boolean looksLikeIdx(Path file) {
        byte[] b = new byte[4];
        int got = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (got < 4) {
                int r = in.read(b, got, 4 - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (IOException e) {
            return false;
        }
        if (got >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b) {
            return true;
        }
        return got == 4 && b[0] == 0 && b[1] == 0 && b[2] == 0x08 && b[3] >= 1 && b[3] <= 3;
    }

    private static IdxFile.Contents readFile(Path file, String kind, String[] dims) throws IOException {
        try (InputStream in = Files.newInputStream(InputFiles.regular(file))) {
            return IdxFile.read(in, file.getFileName().toString(), kind, dims, Files.size(file));
        }
    }

    private Dataset dataset(String name, IdxFile.Contents x, IdxFile.Contents y) {
        int count = x.dims()[0];
        if (y.dims()[0] != count) {
            throw DataFormatException.atByte(y.source(), 4, y.dims()[0] + " labels for the " + count + " images of "
                    + name);
        }
        byte[] raw = y.values();
        int[] labels = new int[count];
        int max = 0;
        for (int i = 0; i < count; i++) {
            labels[i] = raw[i] & 0xFF;
            max = Math.max(max, labels[i]);
        }
        int k = classes > 0 ? classes : max + 1;
        for (int i = 0; i < count; i++) {
            if (labels[i] >= k) {
                throw DataFormatException.atByte(y.source(), 8 + i, "label " + labels[i] + " of item " + i
                        + " is outside [0, " + k + "), the classes this loader was given");
            }
        }
        byte[] pixels = x.values();
        float[] features = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            features[i] = pixels[i] & 0xFF;
        }
        return Dataset.adoptClassification(name, features, x.dims()[1] * x.dims()[2], labels, k);
    }

    /** The names of the IDX images files in {@code dir}, for a message. */
    private static List<String> imageFiles(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*idx3-ubyte*")) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }
}
