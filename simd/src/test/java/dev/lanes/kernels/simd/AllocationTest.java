package dev.lanes.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every SIMD kernel allocates exactly 0 bytes per call once compiled, at n = 1, 3, 7, 8, 9, 13, 64, 1000 and
 * GEMM shapes with m = 1, k = 1, n &lt; 8, small and blocked, every transpose ({@link AllocationProbe}).
 *
 * <p>What this guarantees, precisely: in a JVM with {@code -Xbatch} (compilation in the foreground, so that
 * after {@link AllocationProbe#WARM_UP} calls the C2 code is installed rather than still queued, which on a
 * busy 2-core machine can take longer than 50 k calls), each call site, warmed up at one size, then makes
 * {@link AllocationProbe#MEASURED} calls at that size with no allocation at all: no vector is boxed, no
 * scratch array grows, nothing is lazily created. It does not cover code before C2 (interpreter and C1 do
 * not intrinsify the Vector API and allocate for every vector operation; the kernels keep short inputs free
 * of vectors so that those, at least, allocate nothing there either), nor the one-off re-materialisation of
 * scalar-replaced objects when a deoptimisation happens (a call site that later sees a new size).
 */
class AllocationTest {

    @Test
    void compiledKernelsAllocateNothing() throws Exception {
        assertNothingAllocated(AllocationProbe.class, 201);
    }

    /** The same after the profile changes: rows of 3 first, then rows wider than a vector (ProfileChangeProbe). */
    @Test
    void rowKernelsAllocateNothingAfterTheProfileChanges() throws Exception {
        assertNothingAllocated(ProfileChangeProbe.class, 3);
    }

    private static void assertNothingAllocated(Class<?> probe, int probes) throws Exception {
        String log = ChildJvm.await(ChildJvm.start(List.of("-Xbatch"), probe));
        List<String> allocating = new ArrayList<>();
        int measured = 0;
        for (String line : log.split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0 || !line.substring(0, space).chars().allMatch(Character::isDigit)) {
                continue; // e.g. the incubator-module warning
            }
            measured++;
            if (Long.parseLong(line.substring(0, space)) != 0) {
                allocating.add(line + " bytes in " + AllocationProbe.MEASURED + " calls");
            }
        }
        assertTrue(measured >= probes, "probes reported: " + measured + "\n" + log);
        assertTrue(allocating.isEmpty(), "kernels that allocate after warm-up:\n" + String.join("\n", allocating));
    }
}
