package dev.lanes.kernels;

import java.util.ServiceLoader;

/** Chooses the implementation once, at class initialisation of {@link Kernels}. */
final class KernelSelection {

    static final String PROPERTY = "lanes.kernels";

    final KernelSupport impl;
    final String reason;

    private KernelSelection(KernelSupport impl, String reason) {
        this.impl = impl;
        this.reason = reason;
    }

    /**
     * Reads {@code -Dlanes.kernels} ({@code auto} by default, {@code scalar} or {@code simd}).
     *
     * @throws IllegalStateException when the property is unknown, or names an implementation that cannot run
     */
    static KernelSelection select() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        switch (wanted) {
            case "scalar":
                return new KernelSelection(new ScalarKernels(), "forced by -D" + PROPERTY + "=scalar");
            case "auto":
            case "simd":
                break;
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + wanted
                        + " is not an implementation; use auto, scalar or simd");
        }
        String why;
        KernelSupportProvider provider = findProvider("simd");
        if (provider == null) {
            why = "the lanes-simd module is not on the class or module path; add it, and run java with"
                    + " --add-modules jdk.incubator.vector, to enable SIMD";
        } else {
            try {
                KernelSupport impl = provider.load();
                String how = wanted.equals("simd") ? "forced by -D" + PROPERTY + "=simd"
                        : "jdk.incubator.vector is available and C2 is on";
                return new KernelSelection(impl, how);
            } catch (UnsupportedOperationException e) {
                why = e.getMessage();
            }
        }
        if (wanted.equals("simd")) {
            throw new IllegalStateException("-D" + PROPERTY + "=simd was asked for, but SIMD kernels cannot run: "
                    + why);
        }
        return new KernelSelection(new ScalarKernels(), why);
    }

    private static KernelSupportProvider findProvider(String name) {
        for (KernelSupportProvider p : ServiceLoader.load(KernelSupportProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    static String jdkDescription() {
        return "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")";
    }
}
