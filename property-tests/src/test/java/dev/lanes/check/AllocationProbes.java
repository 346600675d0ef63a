package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernels.Kernels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an allocation probe (a main class of this module that exits 0 when nothing it measured allocated) in
 * a child JVM with {@code -Xbatch} — every compilation finishes before execution goes on, so a probe's
 * warm-up is a fixed number of calls rather than a race with the compiler threads — and with the kernels
 * this JVM runs, at its vector width ({@link ChildJava}), so each Surefire execution checks its own
 * implementation.
 */
public final class AllocationProbes {

    private AllocationProbes() {}

    /** Runs {@code probe}, prints its output, and fails with that output unless it exits 0 within the limit. */
    public static void assertAllocatesNothing(Class<?> probe, int timeoutSeconds) throws Exception {
        List<String> cmd = ChildJava.command();
        cmd.add("-Xbatch");
        if (Kernels.describe().implementation().equals("simd")) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        } else {
            cmd.add("-Dlanes.kernels=scalar");
        }
        cmd.addAll(List.of("-cp", ChildJava.classPath(), probe.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), probe.getSimpleName() + " timed out");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
    }
}
