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
            List<String> mismatches = new ArrayList<>();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                assertEquals(cases.size(), in.readInt(), "cases written by the child JVM; its output:\n" + log);
                for (int i = 0; i < cases.size(); i++) {
                    String name = in.readUTF();
                    assertEquals(cases.get(i).name(), name);
                    float[] interpreted = new float[in.readInt()];
                    for (int j = 0; j < interpreted.length; j++) {
                        interpreted[j] = Float.intBitsToFloat(in.readInt());
                    }
                    String m = firstDifference(name + " (-Xint vs C2)", interpreted, compiled.get(i));
                    if (m != null) {
                        mismatches.add(m);
                    }
                }
            }
            assertTrue(mismatches.isEmpty(), mismatches.size() + " cases differ:\n" + String.join("\n", mismatches));
        } finally {
            Files.deleteIfExists(file);
        }
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
