package dev.lanes.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One JMH JSON result file ({@code -rf json}, JMH 1.37) and the {@code .properties} file the study runner
 * writes beside it (same name, {@code .properties} for {@code .json}), if any.
 *
 * @param path       the JSON file
 * @param rows       its rows, scores in ns per call
 * @param properties the side file's entries; empty when there is none
 * @param jvms       "jdkVersion (vmName vmVersion)" of the rows, with how many rows ran on each
 * @param jmh        JMH versions, with row counts
 * @param settings   forks, warm-up and measurement settings, with row counts
 */
record ResultsFile(Path path, List<Measurement> rows, Map<String, String> properties, Map<String, Integer> jvms,
        Map<String, Integer> jmh, Map<String, Integer> settings) {

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    static ResultsFile read(Path path) throws IOException {
        JsonElement root;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(in);
        } catch (JsonParseException e) {
            throw new ReportException(path + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!root.isJsonArray()) {
            throw new ReportException(path + ": not a JMH result file (expected a JSON array of benchmark rows)");
        }
        String source = path.getFileName().toString();
        List<Measurement> rows = new ArrayList<>();
        Map<String, Integer> jvms = new LinkedHashMap<>();
        Map<String, Integer> jmh = new LinkedHashMap<>();
        Map<String, Integer> settings = new LinkedHashMap<>();
        for (JsonElement e : root.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new ReportException(path + ": a row of the array is not a JSON object");
            }
            JsonObject row = e.getAsJsonObject();
            try {
                rows.add(measurement(row, path, source));
            } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException bad) {
                // Gson's accessors throw these for a field of the wrong JSON type.
                throw new ReportException(path + ": malformed row " + text(row, "benchmark") + " ("
                        + bad.getMessage() + ")", bad);
            }
            count(jvms, text(row, "jdkVersion") + " (" + text(row, "vmName") + " " + text(row, "vmVersion") + ")");
            count(jmh, text(row, "jmhVersion"));
            count(settings, settings(row));
        }
        return new ResultsFile(path, rows, sideProperties(path), jvms, jmh, settings);
    }

    private static Measurement measurement(JsonObject row, Path path, String source) {
        String benchmark = required(row, "benchmark", path).getAsString();
        String where = path + ": " + benchmark;
        String mode = required(row, "mode", path).getAsString();
        if (mode.equals("thrpt")) {
            throw new ReportException(where + " was measured in Throughput mode; the report needs AverageTime "
                    + "(JMH -bm avgt)");
        }
        JsonObject primary = required(row, "primaryMetric", path).getAsJsonObject();
        double scale = TimeUnits.nanosPer(required(primary, "scoreUnit", path).getAsString(), where);
        double nanos = required(primary, "score", path).getAsDouble() * scale;
        List<double[]> forks = new ArrayList<>();
        if (primary.has("rawData")) {
            for (JsonElement fork : primary.getAsJsonArray("rawData")) {
                forks.add(scaled(fork.getAsJsonArray(), scale));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (row.has("params") && row.get("params").isJsonObject()) {
            for (Map.Entry<String, JsonElement> p : row.getAsJsonObject("params").entrySet()) {
                params.put(p.getKey(), p.getValue().getAsString());
            }
        }
        return new Measurement(benchmark, params, nanos, forks, allocation(row), source, iterationNanos(row));
    }

    /** B/op from -prof gc; JMH has named it "·gc.alloc.rate.norm" and "gc.alloc.rate.norm". */
    private static double allocation(JsonObject row) {
        if (!row.has("secondaryMetrics") || !row.get("secondaryMetrics").isJsonObject()) {
            return Double.NaN;
        }
        for (Map.Entry<String, JsonElement> m : row.getAsJsonObject("secondaryMetrics").entrySet()) {
            JsonObject metric = m.getValue().getAsJsonObject();
            if (m.getKey().endsWith(ALLOCATION) && metric.has("score")
                    && "B/op".equals(text(metric, "scoreUnit"))) {
                return metric.get("score").getAsDouble();
            }
        }
        return Double.NaN;
    }

    /** JMH's measurementTime ("500 ms", "1 s"), in ns; NaN when absent or unreadable. */
    static double iterationNanos(JsonObject row) {
        if (!row.has("measurementTime")) {
            return Double.NaN;
        }
        String[] parts = row.get("measurementTime").getAsString().trim().split("\\s+");
        if (parts.length != 2) {
            return Double.NaN;
        }
        double unit = switch (parts[1]) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> Double.NaN;
        };
        try {
            return Double.parseDouble(parts[0]) * unit;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double[] scaled(JsonArray iterations, double scale) {
        double[] out = new double[iterations.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = iterations.get(i).getAsDouble() * scale;
        }
        return out;
    }

    private static String settings(JsonObject row) {
        String forks = text(row, "forks");
        return forks + ("1".equals(forks) ? " fork" : " forks")
                + ", warm-up " + text(row, "warmupIterations") + " × " + text(row, "warmupTime")
                + ", measurement " + text(row, "measurementIterations") + " × " + text(row, "measurementTime");
    }

    /** X.properties beside X.json, read as UTF-8. */
    private static Map<String, String> sideProperties(Path json) throws IOException {
        String name = json.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        Path side = json.resolveSibling(base + ".properties");
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.isRegularFile(side)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(side, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                out.put(key, p.getProperty(key).strip());
            }
        }
        return out;
    }

    private static JsonElement required(JsonObject o, String name, Path path) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new ReportException(path + ": a row has no \"" + name + "\"; is this a JMH -rf json file?");
        }
        return e;
    }

    /** A field as text, or "?" when absent (metadata only: never a figure). */
    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? "?" : e.getAsString();
    }

    private static void count(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
    }
}
