package dev.lanes.kernels.simd;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test-side main class in a fresh JVM with this JVM's -XX flags and chosen ones (e.g. -Xint), on its paths. */
final class ChildJvm {

    private ChildJvm() {}

    /** Starts java [this JVM's -XX flags] [flags] --add-modules jdk.incubator.vector -cp (module path + class path) main args. */
    static Process start(List<String> flags, Class<?> main, String... args) throws IOException {
        List<String> path = new ArrayList<>();
        for (String p : new String[] {System.getProperty("jdk.module.path"), System.getProperty("java.class.path")}) {
            if (p != null && !p.isEmpty()) {
                path.add(p);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // This JVM's -XX flags first (the vector width of the Surefire execution), so the child computes at
        // the same width; the caller's flags come after and win where they repeat one.
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:")) {
                command.add(arg);
            }
        }
        command.addAll(flags);
        command.addAll(List.of("--add-modules", SimdKernelsProvider.MODULE,
                "-cp", String.join(File.pathSeparator, path), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The child's combined output once it has exited with status 0; fails otherwise. */
    static String await(Process child) throws Exception {
        String log;
        try (InputStream out = child.getInputStream()) {
            log = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("child JVM timed out:\n" + log);
        }
        if (child.exitValue() != 0) {
            throw new AssertionError("child JVM exited with " + child.exitValue() + ":\n" + log);
        }
        return log;
    }
}
