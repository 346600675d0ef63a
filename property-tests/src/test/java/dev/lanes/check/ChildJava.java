package dev.lanes.check;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a child JVM's command line: this JVM's java executable and its {@code -XX} flags, so that a
 * child (selection, allocation probe) runs at the vector width and with the VM features of the Surefire
 * execution that started it (a run at {@code -XX:MaxVectorSize=16} must not probe 512-bit code). A flag the
 * caller adds after these overrides an inherited one: HotSpot takes the last occurrence.
 */
final class ChildJava {

    private ChildJava() {}

    /** java, then this JVM's -XX flags. */
    static List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:")) {
                cmd.add(arg);
            }
        }
        return cmd;
    }

    /** This JVM's module path (when Surefire used one) followed by its class path, as one class path. */
    static String classPath() {
        String modulePath = System.getProperty("jdk.module.path");
        return modulePath == null || modulePath.isBlank() ? System.getProperty("java.class.path")
                : modulePath + File.pathSeparator + System.getProperty("java.class.path");
    }
}
