package dev.lanes.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A mutation fuzzer without coverage feedback: replays every seed, then mutates pool entries until the time is up.
 * Inputs the reader accepts join the pool (bounded), so mutants of valid files reach the checks behind the
 * first ones. An input that escapes the target's contract, or takes longer than {@link #SLOW_NANOS}, is written
 * to {@code findings/<target>/} under its SHA-256 and reported; the run goes on (at most
 * {@link #MAX_FINDINGS} are kept).
 */
final class Fuzzer {

    static final long SLOW_NANOS = 5_000_000_000L;
    static final int MAX_FINDINGS = 20;
    private static final int POOL = 4096;
    private static final int MAX_INPUT = 1 << 20;

    /** What a run did. */
    record Report(String target, long executions, double seconds, int seeds, int pool, long accepted,
                  List<String> findings) {
        String line() {
            return String.format("fuzz %-13s %,10d executions in %5.1f s (%,7.0f/s), %d seeds, pool %d, %,d accepted,"
                    + " %d unexpected", target, executions, seconds, executions / Math.max(seconds, 1e-9), seeds, pool,
                    accepted, findings.size());
        }
    }

    private Fuzzer() {}

    /** The seeds in {@code dir}, in name order (empty when there is none). */
    static List<byte[]> seeds(Path dir) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(Files::isRegularFile).sorted().toList()) seeds.add(Files.readAllBytes(p));
            }
        }
        return seeds;
    }

    static Report run(Target target, List<byte[]> seeds, long nanos, long seed, Path findingsDir) throws IOException {
        Random random = new Random(seed);
        List<byte[]> pool = new ArrayList<>(seeds);
        if (pool.isEmpty()) pool.add(new byte[0]);
        List<String> findings = new ArrayList<>();
        long executions = 0, accepted = 0;
        long start = System.nanoTime(), deadline = start + nanos;
        for (byte[] s : seeds) { // every seed once, whatever the budget
            if (execute(target, s, findingsDir, findings)) accepted++;
            executions++;
        }
        while (System.nanoTime() < deadline) {
            byte[] parent = pool.get(random.nextInt(pool.size()));
            byte[] donor = pool.get(random.nextInt(pool.size()));
            byte[] child = target.mutate(parent, donor, random);
            if (child.length > MAX_INPUT) continue;
            executions++;
            if (execute(target, child, findingsDir, findings)) {
                accepted++;
                if (pool.size() < POOL) pool.add(child);
                else if (random.nextInt(16) == 0) pool.set(seeds.size() + random.nextInt(POOL - seeds.size()), child);
            }
        }
        return new Report(target.name(), executions, (System.nanoTime() - start) / 1e9, seeds.size(), pool.size(),
                accepted, findings);
    }

    /** Runs one input; records a finding for an escaped throwable or a slow run. Returns whether it was accepted. */
    private static boolean execute(Target target, byte[] input, Path findingsDir, List<String> findings)
            throws IOException {
        long t0 = System.nanoTime();
        try {
            boolean ok = target.run(input);
            long took = System.nanoTime() - t0;
            if (took > SLOW_NANOS) record(target, input, "slow: " + took / 1_000_000 + " ms", findingsDir, findings);
            return ok;
        } catch (Throwable t) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            record(target, input, trace.toString(), findingsDir, findings);
            return false;
        }
    }

    private static void record(Target target, byte[] input, String what, Path findingsDir, List<String> findings)
            throws IOException {
        if (findings.size() >= MAX_FINDINGS) return;
        Path dir = Files.createDirectories(findingsDir.resolve(target.name()));
        Path file = dir.resolve("crash-" + sha256(input));
        Files.write(file, input);
        Files.writeString(dir.resolve(file.getFileName() + ".txt"), what);
        findings.add(file + "\n" + what);
    }

    static String sha256(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
