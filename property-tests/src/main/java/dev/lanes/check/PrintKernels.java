package dev.lanes.check;

import dev.lanes.kernels.Kernels;

/** Prints {@link Kernels#describe()}; run in a child JVM by the selection tests. */
public final class PrintKernels {

    private PrintKernels() {}

    public static void main(String[] args) {
        System.out.println(Kernels.describe());
    }
}
