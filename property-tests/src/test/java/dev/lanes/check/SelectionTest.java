package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernels.Kernels;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Which implementation {@link Kernels} selects, and what it says. This JVM's choice is asserted against the
 * Surefire execution's expectation; the other cases run {@link PrintKernels} in a child JVM, the way this JVM
 * was launched: on the module path when Surefire used one (and then also on the plain class path), else on
 * the class path.
 */
class SelectionTest {

    /** Each Surefire execution says which implementation it must get; a silent fallback fails here. */
    @Test
    void theExpectedImplementationWasSelected() {
        String expected = System.getProperty("lanes.expect");
        assertEquals(expected, Kernels.describe().implementation(), Kernels.describe().toString());
    }

    record Child(int exit, String output) {
        long logLines() {
            return output.lines().filter(l -> l.contains("Lanes uses")).count();
        }
    }

    /** "module" and/or "classpath": how the child finds Lanes. */
    static List<String> launchModes() {
        String modulePath = System.getProperty("jdk.module.path");
        return modulePath == null || modulePath.isBlank() ? List.of("classpath") : List.of("module", "classpath");
    }

    static Child run(String mode, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(List.of(jvmArgs));
        String modulePath = System.getProperty("jdk.module.path");
        if (mode.equals("module")) {
            cmd.addAll(List.of("-p", modulePath, "-m", "dev.lanes.check/dev.lanes.check.PrintKernels"));
        } else {
            String cp = modulePath == null || modulePath.isBlank() ? System.getProperty("java.class.path")
                    : modulePath + File.pathSeparator + System.getProperty("java.class.path");
            cmd.addAll(List.of("-cp", cp, "dev.lanes.check.PrintKernels"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + cmd);
        }
        return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void forcingSimdWithoutTheModuleFailsSayingHowToEnableIt(String mode) throws Exception {
        Child c = run(mode, "-Dlanes.kernels=simd");
        assertNotEquals(0, c.exit, c.output);
        assertTrue(c.output.contains("--add-modules jdk.incubator.vector"), c.output);
        assertTrue(c.output.contains("lanes.kernels=simd"), c.output);
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void forcingScalarGivesScalar(String mode) throws Exception {
        Child c = run(mode, "--add-modules", "jdk.incubator.vector", "-Dlanes.kernels=scalar");
        assertEquals(0, c.exit, c.output);
        assertTrue(c.output.contains("scalar kernels (32-bit vectors"), c.output);
        assertEquals(1, c.logLines(), c.output);
        assertTrue(c.output.contains("forced by -Dlanes.kernels=scalar"), c.output);
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void withoutC2ItFallsBackToScalarSayingSo(String mode) throws Exception {
        Child c = run(mode, "--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1");
        assertEquals(0, c.exit, c.output);
        assertTrue(c.output.contains("Lanes uses scalar kernels"), c.output);
        assertTrue(c.output.contains("C2 is off"), c.output);
        assertEquals(1, c.logLines(), c.output);
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void anUnknownImplementationFailsNamingTheAllowedValues(String mode) throws Exception {
        Child c = run(mode, "-Dlanes.kernels=gpu");
        assertNotEquals(0, c.exit, c.output);
        assertTrue(c.output.contains("lanes.kernels=gpu") && c.output.contains("auto, scalar or simd"), c.output);
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void oneLogLineSaysWhichImplementationAndWhy(String mode) throws Exception {
        Child simd = run(mode, "--add-modules", "jdk.incubator.vector");
        assertEquals(0, simd.exit, simd.output);
        assertEquals(1, simd.logLines(), simd.output);
        assertTrue(simd.output.contains("Lanes uses simd kernels") && simd.output.contains("C2 is on"), simd.output);
        Child scalar = run(mode);
        assertEquals(0, scalar.exit, scalar.output);
        assertEquals(1, scalar.logLines(), scalar.output);
        assertTrue(scalar.output.contains("Lanes uses scalar kernels")
                && scalar.output.contains("--add-modules jdk.incubator.vector"), scalar.output);
    }
}
