package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lanes.kernels.KernelInfo;
import dev.lanes.kernels.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which implementation {@link Kernels} selects, and what it says. This JVM's choice is asserted against the
 * Surefire execution's expectation; the other cases run {@link PrintKernels} in a child JVM (with this JVM's
 * -XX flags, see {@link ChildJava}), the way this JVM was launched: on the module path when Surefire used one
 * (and then also on the plain class path), else on the class path.
 *
 * <p>The JVMs that must fall back to scalar are the ones on which the Vector API runs far slower than the
 * scalar kernels (see SimdKernelsProvider): no C2, no FMA intrinsic, no vector intrinsics, and widths Lanes
 * does not test. Each must say why, at WARNING level, since lanes-simd is present.
 */
class SelectionTest {

    /**
     * Each Surefire execution says which implementation it must get and, for the narrowed runs, at most how
     * many bits wide ({@code -Dlanes.expect.bits}, set beside {@code -XX:MaxVectorSize}); a silent fallback
     * or a flag that did not narrow fails here. A CPU narrower than asked gives fewer bits: that run then
     * repeats a wider one, which the message says.
     */
    @Test
    void theExpectedImplementationWasSelected() {
        KernelInfo k = Kernels.describe();
        assertEquals(System.getProperty("lanes.expect"), k.implementation(), k.toString());
        String bits = System.getProperty("lanes.expect.bits");
        String note = "";
        if (bits != null) {
            int asked = Integer.parseInt(bits);
            assertTrue(k.vectorBits() <= asked, "asked for at most " + asked + " bits: " + k);
            note = k.vectorBits() < asked ? "; the CPU offers no " + asked + "-bit vectors" : "";
        }
        System.out.println("[lanes] property suite: " + k.implementation() + " kernels at " + k.vectorBits()
                + " bits" + note);
    }

    record Child(int exit, String output) {
        long logLines() {
            return output.lines().filter(l -> l.contains("Lanes uses")).count();
        }

        /** The one log line fell back to scalar, at WARNING level, and its reason contains {@code why}. */
        void fellBackWarning(String why) {
            assertEquals(0, exit, output);
            assertEquals(1, logLines(), output);
            assertTrue(output.contains("WARNING: Lanes uses scalar kernels"), output);
            assertTrue(output.contains("lanes-simd is present but cannot run"), output);
            assertTrue(output.contains(why), "expected the reason to contain '" + why + "':\n" + output);
        }
    }

    /** "module" and/or "classpath": how the child finds Lanes. */
    static List<String> launchModes() {
        String modulePath = System.getProperty("jdk.module.path");
        return modulePath == null || modulePath.isBlank() ? List.of("classpath") : List.of("module", "classpath");
    }

    static Child run(String mode, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = ChildJava.command();
        cmd.add("-Xshare:auto");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(List.of(jvmArgs));
        if (mode.equals("module")) {
            cmd.addAll(List.of("-p", System.getProperty("jdk.module.path"),
                    "-m", "dev.lanes.check/dev.lanes.check.PrintKernels"));
        } else {
            cmd.addAll(List.of("-cp", ChildJava.classPath(), "dev.lanes.check.PrintKernels"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + cmd);
        }
        return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Child runWithVectorModule(String mode, String... jvmArgs) throws IOException, InterruptedException {
        String[] all = new String[jvmArgs.length + 2];
        all[0] = "--add-modules";
        all[1] = "jdk.incubator.vector";
        System.arraycopy(jvmArgs, 0, all, 2, jvmArgs.length);
        return run(mode, all);
    }

    static boolean x86() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") || arch.equals("x86_64");
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
        Child c = runWithVectorModule(mode, "-Dlanes.kernels=scalar");
        assertEquals(0, c.exit, c.output);
        assertTrue(c.output.contains("INFO: Lanes uses scalar kernels (one float at a time)"), c.output);
        assertEquals(1, c.logLines(), c.output);
        assertTrue(c.output.contains("forced by -Dlanes.kernels=scalar"), c.output);
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void withoutC2ItFallsBackToScalarSayingSo(String mode) throws Exception {
        runWithVectorModule(mode, "-XX:TieredStopAtLevel=1").fellBackWarning("C2 is off (-XX:TieredStopAtLevel=1)");
        runWithVectorModule(mode, "-XX:CompilationMode=quick-only")
                .fellBackWarning("C2 is off (-XX:CompilationMode=quick-only)");
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void withoutAnFmaIntrinsicItFallsBackToScalarSayingSo(String mode) throws Exception {
        runWithVectorModule(mode, "-XX:-UseFMA").fellBackWarning("FMA is not an intrinsic");
        if (x86()) { // SSE only: the JVM turns FMA off with AVX
            runWithVectorModule(mode, "-XX:UseAVX=0").fellBackWarning("FMA is not an intrinsic");
        }
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void withoutVectorIntrinsicsItFallsBackToScalarSayingSo(String mode) throws Exception {
        runWithVectorModule(mode, "-XX:+UnlockExperimentalVMOptions", "-XX:-EnableVectorSupport")
                .fellBackWarning("vector intrinsics are off");
    }

    /** 2 lanes (64-bit species): untested, refused by VectorKernels with the width it saw. */
    @ParameterizedTest
    @MethodSource("launchModes")
    void anUntestedWidthIsRefusedSayingWhich(String mode) throws Exception {
        Child c = runWithVectorModule(mode, "-XX:MaxVectorSize=8");
        assumeTrue(!c.output.contains("Lanes uses simd"), "this VM ignores -XX:MaxVectorSize=8");
        c.fellBackWarning("has 2 float lanes (64 bits); Lanes' vector kernels are tested at 4 to 16 lanes");
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void forcingSimdWhereItWouldBeSlowerFailsWithTheReason(String mode) throws Exception {
        Child c = runWithVectorModule(mode, "-XX:-UseFMA", "-Dlanes.kernels=simd");
        assertNotEquals(0, c.exit, c.output);
        assertTrue(c.output.contains("lanes.kernels=simd was asked for") && c.output.contains("FMA"), c.output);
    }

    @ParameterizedTest
    @MethodSource("launchModes")
    void anUnknownImplementationFailsNamingTheAllowedValues(String mode) throws Exception {
        Child c = run(mode, "-Dlanes.kernels=gpu");
        assertNotEquals(0, c.exit, c.output);
        assertTrue(c.output.contains("lanes.kernels=gpu") && c.output.contains("auto, scalar or simd"), c.output);
    }

    /** Chosen: INFO with what was checked. Module missing, lanes-simd present: WARNING with the exact flag. */
    @ParameterizedTest
    @MethodSource("launchModes")
    void oneLogLineSaysWhichImplementationAndWhy(String mode) throws Exception {
        Child simd = runWithVectorModule(mode);
        assertEquals(0, simd.exit, simd.output);
        assertEquals(1, simd.logLines(), simd.output);
        assertTrue(simd.output.contains("INFO: Lanes uses simd kernels")
                && simd.output.contains("C2 compiles with FMA and vector intrinsics"), simd.output);
        run(mode).fellBackWarning("add --add-modules jdk.incubator.vector to the java command");
    }
}
