package dev.lanes.cli;

import dev.lanes.args.Args;
import dev.lanes.data.CsvText;
import dev.lanes.data.DataFormatException;
import dev.lanes.data.IdxLoader;
import dev.lanes.infer.MemoryLimit;
import dev.lanes.infer.MemoryLimitException;
import dev.lanes.io.AtomicFile;
import dev.lanes.io.InputFiles;
import dev.lanes.kernels.Kernels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lanes predict}: runs a model on CSV rows. Input: one row per line, comma-separated numbers; the
 * first non-blank line is a header if any of its fields is not a number. With a header, {@code --label}
 * names a column to leave out (so the training file itself can be scored). Output: a header, then per row
 * {@code class,p_0,…,p_{k−1}} (argmax and softmax probabilities) for a model with several outputs, or
 * {@code value} for a model with one.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a model on CSV rows and writes its predictions as CSV.",
            "Input: comma-separated numbers, one row per line, inputWidth columns; an optional header "
                + "(detected: a first line with a non-number field). Blank lines are skipped.",
            "Output: class,p_0..p_k-1 (the largest output and the softmax of the outputs) for a model with "
                + "several outputs; value for a model with one."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model file written by lanes train --save, or an .onnx file")
    Path modelFile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT.csv", description = "rows to predict (default: standard input)")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "write the CSV here instead of standard output")
    Path output;

    @Option(names = "--label", paramLabel = "NAME", description = "a header column to ignore, e.g. the training file's label")
    String label;

    @Option(names = "--raw", description = "also write the model's raw outputs as out_0..out_k-1")
    boolean raw;

    @Option(names = "--max-memory", paramLabel = "SIZE", description = "the most the model's buffers may take, "
            + "e.g. 512m or 4g (default: 1g, or -Dlanes.session.maxBytes)")
    String maxMemory;

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (maxMemory != null) {
            try {
                System.setProperty(MemoryLimit.PROPERTY, Long.toString(MemoryLimit.parse(maxMemory)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--max-memory: " + e.getMessage());
            }
        }
        OutputFiles.check("--output", output, "--model", modelFile, "the input", input);
        if (input != null && IdxLoader.looksLikeIdx(input)) { // gzip's or IDX's magic bytes: not text
            throw new UsageException(input + " is gzip or IDX data, not CSV text, and predict reads CSV rows;"
                    + " lanes evaluate --model " + modelFile + " --data " + input + " scores a labelled IDX set");
        }
        ModelFile model = ModelFile.load(modelFile);
        int width = model.inputWidth();
        int k = model.outputWidth();
        boolean softmaxed = model.softmaxed();
        String source = input == null ? "<stdin>" : input.toString();
        Rows rows;
        try (BufferedReader in = input == null
                // A decoder of its own reports bytes that are not UTF-8 (the Charset form would replace them).
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()))
                : Files.newBufferedReader(InputFiles.regular(input), StandardCharsets.UTF_8)) {
            rows = read(in, source, width);
        } catch (DataFormatException e) {
            throw input != null && CsvText.isNotUtf8(e) ? CsvText.notUtf8(source, input) : e;
        }
        int n = rows.count;
        float[] outputs;
        try {
            outputs = n > 0 ? model.outputs(rows.values, n) : new float[k];
        } catch (MemoryLimitException e) {
            // The library's message names its own knobs (a system property, an API argument); predict's is
            // --max-memory.
            throw new IllegalArgumentException(e.getMessage() + " (here: --max-memory " + (e.needed() + 1023) / 1024
                    + "k or more)", e);
        }
        if (output != null) {
            // Whole or not at all: a full disk leaves the previous file (or none), never a truncated one.
            AtomicFile.write(output, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                PrintWriter out = new PrintWriter(w);
                write(out, k, softmaxed, outputs, n);
                out.flush();
                if (out.checkError()) { // PrintWriter keeps the stream's IOException to itself
                    throw new java.io.IOException("writing " + output + " failed");
                }
            });
        } else {
            PrintWriter out = spec.commandLine().getOut();
            write(out, k, softmaxed, outputs, n);
            out.flush();
        }
        return 0;
    }

    private void write(PrintWriter out, int k, boolean softmaxed, float[] outputs, int n) {
        StringBuilder header = new StringBuilder();
        if (k == 1) {
            header.append("value");
        } else {
            header.append("class");
            for (int j = 0; j < k; j++) {
                header.append(",p_").append(j);
            }
        }
        if (raw) {
            for (int j = 0; j < k; j++) {
                header.append(",out_").append(j);
            }
        }
        out.println(header);
        if (n == 0) {
            return;
        }
        float[] probs = new float[outputs.length];
        int[] classes = new int[n];
        if (k > 1) {
            if (softmaxed) {
                System.arraycopy(outputs, 0, probs, 0, n * k);
            } else {
                Kernels.softmaxRows(probs, 0, k, outputs, 0, k, n, k);
            }
            Kernels.argmaxRows(classes, 0, outputs, 0, k, n, k);
        }
        StringBuilder line = new StringBuilder();
        for (int r = 0; r < n; r++) {
            line.setLength(0);
            if (k == 1) {
                line.append(outputs[r]);
            } else {
                line.append(classes[r]);
                for (int j = 0; j < k; j++) {
                    line.append(',').append(String.format(Locale.ROOT, "%.6f", probs[r * k + j]));
                }
            }
            if (raw) {
                for (int j = 0; j < k; j++) {
                    line.append(',').append(outputs[r * k + j]);
                }
            }
            out.println(line);
        }
    }

    /** Rows read from the input: {@code values: (count, width)}. */
    private record Rows(float[] values, int count) {}

    private Rows read(BufferedReader in, String source, int width) throws IOException {
        List<float[]> rows = new ArrayList<>();
        int skip = -1; // column left out (--label), or -1
        int expected = -1; // fields per line, fixed by the header or the first row
        boolean first = true;
        String line;
        int lineNo = 0;
        while ((line = CsvText.readLine(in, source, lineNo)) != null) {
            lineNo++;
            if (lineNo == 1) {
                line = CsvText.stripBom(line);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line);
            if (first) {
                first = false;
                if (!allNumbers(fields)) { // a header
                    expected = fields.size();
                    if (label != null) {
                        skip = fields.indexOf(label);
                        if (skip < 0) {
                            throw new IllegalArgumentException(source + ":" + lineNo + ": no column named \"" + label
                                    + "\" in the header " + fields);
                        }
                    }
                    checkWidth(expected - (skip >= 0 ? 1 : 0), width, source, lineNo, fields);
                    continue;
                }
                if (label != null) {
                    throw new IllegalArgumentException(source + ": --label needs a header row, and the first line is data");
                }
                expected = fields.size();
                checkWidth(expected, width, source, lineNo, fields);
            }
            if (fields.size() != expected) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": " + fields.size() + " fields, expected "
                        + expected);
            }
            float[] row = new float[width];
            int c = 0;
            for (int f = 0; f < fields.size(); f++) {
                if (f != skip) {
                    row[c++] = number(fields.get(f), source, lineNo, f + 1);
                }
            }
            rows.add(row);
        }
        float[] values = new float[Args.product("rows", Math.max(rows.size(), 1), "input width", width)];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, values, r * width, width);
        }
        return new Rows(values, rows.size());
    }

    private void checkWidth(int columns, int width, String source, int lineNo, List<String> fields) {
        if (columns != width) {
            String hint = columns == width + 1 && label == null ? " (if one is the label, name it with --label)" : "";
            throw new IllegalArgumentException(source + ":" + lineNo + ": the model takes " + width + " inputs per row, the"
                    + " CSV has " + columns + " columns" + hint);
        }
    }

    private static boolean allNumbers(List<String> fields) {
        for (String f : fields) {
            if (!CsvText.isNumber(f)) {
                return false;
            }
        }
        return true;
    }

    private static float number(String field, String source, int line, int column) {
        float v = CsvText.parse(field); // NaN for anything but a decimal number
        if (Float.isFinite(v)) {
            return v;
        }
        throw new IllegalArgumentException(source + ":" + line + ", column " + column + ": \"" + field
                + "\" is not a finite number");
    }

    /** Comma-separated fields, trimmed; a field may be double-quoted (a quote inside written twice). */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString().strip());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString().strip());
        return Arrays.asList(fields.toArray(new String[0]));
    }
}
