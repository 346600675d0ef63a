package dev.lanes.kernels;

import java.util.ServiceLoader;

/** Chooses the implementation once, at class initialisation of {@link Kernels}. */
final class KernelSelection {

    static final String PROPERTY = "lanes.kernels";

    /**
     * What the fallback costs where SIMD can run, as measured (bench/REPORT.md, training steps of the spiral
     * and mlp nets on AVX2): said in the warning so that a user can judge whether to act on it. Worded for
     * every reason: on a JVM without FMA or C2 the scalar kernels are the faster choice, and the fix is to run
     * where SIMD can.
     */
    static final String SCALAR_COST = "where SIMD runs, it trains 5-24x faster than these scalar kernels"
            + " (bench/REPORT.md, AVX2)";

    final KernelSupport impl;
    final String reason;
    /** True when lanes-simd is present but cannot run: the user most likely wants it and is missing a flag. */
    final boolean warn;

    private KernelSelection(KernelSupport impl, String reason, boolean warn) {
        this.impl = impl;
        this.reason = reason;
        this.warn = warn;
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
                return new KernelSelection(new ScalarKernels(), "forced by -D" + PROPERTY + "=scalar", false);
            case "auto":
            case "simd":
                break;
            default:
                throw new IllegalStateException("-D" + PROPERTY + "=" + wanted
                        + " is not an implementation; use auto, scalar or simd");
        }
        KernelSupportProvider provider = findProvider("simd");
        if (provider == null) {
            String why = "the lanes-simd module is not on the class or module path; add it, and run java with"
                    + " --add-modules jdk.incubator.vector, to enable SIMD";
            if (wanted.equals("simd")) {
                throw forcedButUnusable(why);
            }
            return new KernelSelection(new ScalarKernels(), why, false);
        }
        try {
            KernelSupport impl = provider.load();
            String how = wanted.equals("simd") ? "forced by -D" + PROPERTY + "=simd" : provider.whyChosen();
            return new KernelSelection(impl, how, false);
        } catch (UnsupportedOperationException e) {
            if (wanted.equals("simd")) {
                throw forcedButUnusable(e.getMessage());
            }
            return new KernelSelection(new ScalarKernels(), "lanes-simd is present but cannot run: " + e.getMessage()
                    + "; " + SCALAR_COST + " (-D" + PROPERTY + "=scalar silences this warning)", true);
        }
    }

    private static IllegalStateException forcedButUnusable(String why) {
        return new IllegalStateException("-D" + PROPERTY + "=simd was asked for, but SIMD kernels cannot run: " + why);
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
