package dev.lanes.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every kernel gives the same bits in every JIT state, at every array offset, and (exp, sigmoid, tanh) at
 * every position in the array. The reference run is a child JVM with -Xint: pure interpreter, so every
 * Vector-API operation takes its Java fallback (per-lane scalar code); this JVM runs the same cases after
 * {@link #ROUNDS} interleaved rounds, enough that C2 has compiled the kernels (each kernel method is called
 * ≥ 20k times: 11 sizes × 2000 rounds). NaN payloads are not compared (Java does not specify them), only
 * NaN-ness, via {@link Float#floatToIntBits}. What this guarantees: for these inputs, C2-compiled code
 * and the interpreter's fallbacks agree bit for bit, which is what lanewise(EXP) and reduceLanes(ADD) broke.
 */
class DeterminismTest {

    static final int ROUNDS = 2000;

    @Test
    void interpreterAndC2GiveIdenticalBits() throws Exception {
        Path file = Files.createTempFile("lanes-determinism", ".bin");
        try {
            Process child = ChildJvm.start(List.of("-Xint"), KernelCases.class, file.toString());
            List<KernelCases.Case> cases = KernelCases.all();
            for (int round = 0; round < ROUNDS; round++) {
                for (KernelCases.Case c : cases) {
                    c.run().at(0);
                }
            }
            List<float[]> compiled = new ArrayList<>();
            for (KernelCases.Case c : cases) {
                float[] r = c.run().at(0);
                compiled.add(r);
                assertSameBits(c.name() + " (offset 0 vs 3)", r, c.run().at(3));
            }
            String log = ChildJvm.await(child);
            assertAllSame("-Xint vs C2", cases, read(file, cases, log), compiled);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The scalar kernels keep the same promise: the same bits (NaN payloads aside, see docs/kernels.md)
     * interpreted, compiled by C1 only, and compiled by C2, each JIT state in its own child JVM after
     * {@link #ROUNDS} warm-up rounds. C1 is where NaN bits were seen to differ (0xffc00000 for 0x7fc00000).
     */
    @Test
    void scalarKernelsGiveIdenticalBitsInEveryJitState() throws Exception {
        List<String> scalar = List.of("-Dlanes.cases=scalar", "-Dlanes.kernels=scalar");
        String[][] tiers = {{"-Xint"}, {"-XX:TieredStopAtLevel=1"}, {"-XX:-TieredCompilation"}};
        String[] names = {"-Xint", "C1", "C2"};
        List<KernelCases.Case> cases = KernelCases.all(); // names only: this JVM's K is the vector one
        List<List<float[]>> results = new ArrayList<>();
        for (String[] tier : tiers) {
            Path file = Files.createTempFile("lanes-determinism-scalar", ".bin");
            try {
                List<String> flags = new ArrayList<>(scalar);
                flags.addAll(List.of(tier));
                String rounds = tier[0].equals("-Xint") ? "0" : String.valueOf(ROUNDS);
                String log = ChildJvm.await(ChildJvm.start(flags, KernelCases.class, file.toString(), rounds));
                results.add(read(file, cases, log));
            } finally {
                Files.deleteIfExists(file);
            }
        }
        assertAllSame(names[0] + " vs " + names[1], cases, results.get(0), results.get(1));
        assertAllSame(names[0] + " vs " + names[2], cases, results.get(0), results.get(2));
    }

    /** The results a child JVM wrote, in the order of {@code cases} (whose names must match). */
    static List<float[]> read(Path file, List<KernelCases.Case> cases, String log) throws IOException {
        List<float[]> results = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            assertEquals(cases.size(), in.readInt(), "cases written by the child JVM; its output:\n" + log);
            for (KernelCases.Case c : cases) {
                assertEquals(c.name(), in.readUTF());
                float[] r = new float[in.readInt()];
                for (int j = 0; j < r.length; j++) {
                    r[j] = Float.intBitsToFloat(in.readInt());
                }
                results.add(r);
            }
        }
        return results;
    }

    static void assertAllSame(String what, List<KernelCases.Case> cases, List<float[]> a, List<float[]> b) {
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String m = firstDifference(cases.get(i).name() + " (" + what + ")", a.get(i), b.get(i));
            if (m != null) {
                mismatches.add(m);
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " cases differ:\n" + String.join("\n", mismatches));
    }

    /** Each element's result alone (n = 1: the scalar tail) equals its result inside a long array. */
    @Test
    void transcendentalsDoNotDependOnPosition() {
        int n = 1027;
        float[] x = KernelCases.wide(99, n);
        KernelCases.Unary[] kernels = {KernelCases.K::exp, KernelCases.K::sigmoid, KernelCases.K::tanh};
        String[] names = {"exp", "sigmoid", "tanh"};
        for (int warm = 0; warm < 20_000; warm++) {
            for (KernelCases.Unary k : kernels) {
                k.run(new float[64], 0, x, warm % 7, 57);
            }
        }
        for (int f = 0; f < kernels.length; f++) {
            float[] whole = new float[n];
            kernels[f].run(whole, 0, x, 0, n);
            float[] one = new float[1];
            for (int i = 0; i < n; i++) {
                kernels[f].run(one, 0, x, i, 1);
                if (Float.floatToIntBits(whole[i]) != Float.floatToIntBits(one[0])) {
                    throw new AssertionError(names[f] + "(" + x[i] + ") at index " + i + " of " + n + ": "
                            + describe(whole[i]) + ", alone: " + describe(one[0]));
                }
            }
        }
    }

    static void assertSameBits(String what, float[] expected, float[] actual) {
        String m = firstDifference(what, expected, actual);
        if (m != null) {
            throw new AssertionError(m);
        }
    }

    /** Null when the arrays hold the same bits (NaN payloads aside); else the kernel, index and both values. */
    static String firstDifference(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return what + ": output lengths " + expected.length + " vs " + actual.length;
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                return what + " differs at index " + i + ": " + describe(expected[i]) + " vs " + describe(actual[i]);
            }
        }
        return null;
    }

    static String describe(float v) {
        return v + " (0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + ")";
    }
}
