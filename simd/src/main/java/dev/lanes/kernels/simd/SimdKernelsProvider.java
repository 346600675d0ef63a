package dev.lanes.kernels.simd;

import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.KernelSupportProvider;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Offers {@link VectorKernels} once it is safe to: the incubator module is present and readable, C2 will
 * compile the loops (the Vector API is dozens of times slower than scalar code when interpreted or
 * compiled by C1 only), and the preferred species is at least 128 bits wide. This class touches no
 * Vector-API type, so it loads on any JDK; {@link VectorKernels} is loaded by name only after the checks.
 */
public final class SimdKernelsProvider implements KernelSupportProvider {

    static final String MODULE = "jdk.incubator.vector";
    private static final String HINT = "run java with --add-modules " + MODULE + " to enable SIMD";

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public KernelSupport load() {
        Optional<Module> vector = ModuleLayer.boot().findModule(MODULE);
        if (vector.isEmpty()) {
            throw new UnsupportedOperationException(MODULE + " is not in the boot layer; " + HINT);
        }
        if (!getClass().getModule().canRead(vector.get())) {
            throw new UnsupportedOperationException(getClass().getModule() + " cannot read " + MODULE + "; "
                    + HINT);
        }
        String noC2 = whyNoC2();
        if (noC2 != null) {
            throw new UnsupportedOperationException(noC2 + "; the Vector API needs C2 to be fast");
        }
        try {
            KernelSupport impl = Class.forName("dev.lanes.kernels.simd.VectorKernels")
                    .asSubclass(KernelSupport.class).getDeclaredConstructor().newInstance();
            if (impl.vectorBitSize() < 128) {
                throw new UnsupportedOperationException("the preferred vector species is only "
                        + impl.vectorBitSize() + " bits wide");
            }
            return impl;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("the Vector API kernels failed to load: " + e, e);
        }
    }

    /** Returns why C2 is off in this JVM, or null when it is on or cannot be told. */
    static String whyNoC2() {
        String vmName = System.getProperty("java.vm.name", "");
        if (!vmName.contains("HotSpot") && !vmName.contains("Server VM")) {
            return "the JVM is " + vmName + ", not HotSpot's server VM";
        }
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint)";
        }
        String tieredStop = vmOption("TieredStopAtLevel");
        String tiered = vmOption("TieredCompilation");
        if (tieredStop != null && "true".equals(tiered) && Integer.parseInt(tieredStop) < 4) {
            return "C2 is off (-XX:TieredStopAtLevel=" + tieredStop + ")";
        }
        if ("false".equals(vmOption("UseCompiler"))) {
            return "the JIT is off (-XX:-UseCompiler)";
        }
        return null;
    }

    /** A HotSpot flag's value read reflectively (jdk.management may be absent), or null. */
    private static String vmOption(String name) {
        try {
            Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            Class<?> beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = factory.getMethod("getPlatformMXBean", Class.class).invoke(null, beanType);
            Object option = beanType.getMethod("getVMOption", String.class).invoke(bean, name);
            Method value = Class.forName("com.sun.management.VMOption").getMethod("getValue");
            return (String) value.invoke(option);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
