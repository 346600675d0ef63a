package dev.lanes.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the report is made from: the rows of every input file and what is known about the run that
 * produced them. A row measured in more than one file (two runs of the same study, say) pools its forks:
 * the score is the mean over every measured iteration and the spread spans the forks of all runs, so it is
 * a run-to-run spread in the plain sense, not only a between-JVM one.
 */
final class StudyResults {

    static final String NOT_RECORDED = "not recorded";

    private final List<Path> inputs;
    private final Map<String, Measurement> rows = new LinkedHashMap<>();
    private final Map<String, Set<String>> properties = new LinkedHashMap<>();
    private final Map<String, Integer> jvms = new LinkedHashMap<>();
    private final Map<String, Integer> jmh = new LinkedHashMap<>();
    private final Map<String, Integer> settings = new LinkedHashMap<>();
    private final List<String> pooled = new ArrayList<>();
    private final String command;

    /**
     * @param files   the parsed inputs, in the order given
     * @param command the command that produced the data, overriding the side files' {@code command}; may be
     *                null
     */
    StudyResults(List<ResultsFile> files, String command) {
        this.inputs = new ArrayList<>();
        for (ResultsFile f : files) {
            inputs.add(f.path());
            for (Measurement m : f.rows()) {
                Measurement earlier = rows.get(m.key());
                if (earlier == null) {
                    rows.put(m.key(), m);
                } else {
                    rows.put(m.key(), pool(earlier, m));
                    pooled.add(m.key());
                }
            }
            for (Map.Entry<String, String> p : f.properties().entrySet()) {
                properties.computeIfAbsent(p.getKey(), k -> new LinkedHashSet<>()).add(p.getValue());
            }
            f.jvms().forEach((k, v) -> jvms.merge(k, v, Integer::sum));
            f.jmh().forEach((k, v) -> jmh.merge(k, v, Integer::sum));
            f.settings().forEach((k, v) -> settings.merge(k, v, Integer::sum));
        }
        this.command = command;
    }

    static StudyResults read(List<Path> files, String command) throws IOException {
        List<ResultsFile> parsed = new ArrayList<>();
        for (Path f : files) {
            parsed.add(ResultsFile.read(f));
        }
        return new StudyResults(parsed, command);
    }

    List<Path> inputs() {
        return inputs;
    }

    /** Every row, in the order first seen. */
    List<Measurement> rows() {
        return new ArrayList<>(rows.values());
    }

    /** Rows of {@code benchmark} (fully qualified), in input order. */
    List<Measurement> rows(String benchmark) {
        List<Measurement> out = new ArrayList<>();
        for (Measurement m : rows.values()) {
            if (m.benchmark().equals(benchmark)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The row of {@code benchmark} whose parameters include every given name=value pair, or null. */
    Measurement find(String benchmark, Map<String, String> params) {
        for (Measurement m : rows.values()) {
            if (m.benchmark().equals(benchmark) && m.params().entrySet().containsAll(params.entrySet())) {
                return m;
            }
        }
        return null;
    }

    /** Keys (benchmark + parameters) that appeared in more than one input; their forks were pooled. */
    List<String> pooled() {
        return pooled;
    }

    /**
     * One row from two measurements of the same thing: forks concatenated, the score the mean over all their
     * iterations (each run's score weighted by its iteration count), the larger allocation (a real allocation
     * in either run must show), and both sources.
     */
    static Measurement pool(Measurement a, Measurement b) {
        List<double[]> forks = new ArrayList<>(a.forks());
        forks.addAll(b.forks());
        long na = iterations(a);
        long nb = iterations(b);
        double nanos = na + nb == 0 ? (a.nanos() + b.nanos()) / 2 : (a.nanos() * na + b.nanos() * nb) / (na + nb);
        double bytes = Double.isNaN(a.bytesPerOp()) ? b.bytesPerOp()
                : Double.isNaN(b.bytesPerOp()) ? a.bytesPerOp() : Math.max(a.bytesPerOp(), b.bytesPerOp());
        double iteration = Double.isNaN(a.iterationNanos()) ? b.iterationNanos() : a.iterationNanos();
        return new Measurement(a.benchmark(), a.params(), nanos, forks, bytes, a.source() + " + " + b.source(),
                iteration);
    }

    private static long iterations(Measurement m) {
        long n = 0;
        for (double[] f : m.forks()) {
            n += f.length;
        }
        return n;
    }

    /** A side-file property; distinct values of several files joined by "; ", or {@link #NOT_RECORDED}. */
    String property(String key) {
        Set<String> values = properties.get(key);
        return values == null || values.isEmpty() ? NOT_RECORDED : String.join("; ", values);
    }

    boolean hasProperty(String key) {
        return properties.containsKey(key);
    }

    String command() {
        return command != null ? command : property("command");
    }

    /** The JDK as the study runner recorded it, else as JMH saw it in the forks. */
    String jdk() {
        return hasProperty("jdk") ? property("jdk") : counted(jvms);
    }

    /** JDK and VM of the forks, from the JSON. */
    String vm() {
        return counted(jvms);
    }

    String jmhVersion() {
        return counted(jmh);
    }

    String settings() {
        return counted(settings);
    }

    /** One value as is; several with how many rows each covers. */
    private static String counted(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return NOT_RECORDED;
        }
        if (counts.size() == 1) {
            return counts.keySet().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((value, n) -> parts.add(value + " (" + n + (n == 1 ? " row)" : " rows)")));
        return String.join("; ", parts);
    }
}
