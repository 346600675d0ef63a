package dev.lanes.kernels.simd;

import dev.lanes.kernels.KernelSupport;
import dev.lanes.kernels.KernelSupportProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Offers {@link VectorKernels} only where they are fast and right. Each check below guards against a JVM on
 * which the Vector API still runs, but slower than the scalar kernels (256³ GEMM on AVX-512, JDK 25; the
 * figures and how they were taken are in docs/kernels.md):
 * <ul>
 *   <li>the incubator module is present and readable;
 *   <li>C2 compiles the loops: not {@code -Xint}, not C1 only ({@code -XX:TieredStopAtLevel} &lt; 4,
 *       {@code -XX:CompilationMode=quick-only}: 4× slower than scalar), not a JVMCI compiler (Graal), whose
 *       Vector-API support is not what these kernels were measured on;
 *   <li>FMA is an intrinsic ({@code UseFMA}): without it, {@code FloatVector.fma} falls back to
 *       {@code Math.fma}'s software path per lane, 550× slower ({@code -XX:-UseFMA},
 *       {@code -XX:UseAVX=0}, CPUs or VMs without FMA);
 *   <li>vector intrinsics are on ({@code EnableVectorSupport}: off, the API runs its Java fallbacks, 2×
 *       slower);
 *   <li>the preferred species has 4 to 16 float lanes, the widths CI tests (see {@link VectorKernels});
 *       and a start-up self-check agrees with the scalar kernels.
 * </ul>
 * The flags are read through {@code HotSpotDiagnosticMXBean} reflectively, because {@code jdk.management} may
 * be absent; a flag that cannot be read is taken at its default, and the reason says so. This class touches
 * no Vector-API type, so it loads on any JDK; {@link VectorKernels} is loaded by name only after the checks.
 */
public final class SimdKernelsProvider implements KernelSupportProvider {

    static final String MODULE = "jdk.incubator.vector";
    /** The java option that enables the kernels; the same on the class path and the module path. */
    static final String FLAG = "--add-modules " + MODULE;

    /** For {@link java.util.ServiceLoader}; the checks run in {@link #load()}, not here. */
    public SimdKernelsProvider() {}

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public KernelSupport load() {
        String why = whyNotUsable();
        if (why != null) {
            throw new UnsupportedOperationException(why);
        }
        try {
            return Class.forName("dev.lanes.kernels.simd.VectorKernels").asSubclass(KernelSupport.class)
                    .getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof UnsupportedOperationException refused) {
                throw refused; // VectorKernels refuses an untested width or a failed self-check, saying why
            }
            throw new UnsupportedOperationException("the Vector API kernels failed to start: " + e.getCause(), e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new UnsupportedOperationException("the Vector API kernels failed to load: " + e, e);
        }
    }

    /** What the checks established, for {@code Kernels.describe()} when the kernels were chosen. */
    @Override
    public String whyChosen() {
        String base = MODULE + " is enabled, C2 compiles with FMA and vector intrinsics";
        return vmOption("UseFMA") == null ? base + " (assumed: the VM's flags are not readable here)" : base;
    }

    /** Why the Vector-API kernels must not run in this JVM, or null when every flag check passes. */
    static String whyNotUsable() {
        Optional<Module> vector = ModuleLayer.boot().findModule(MODULE);
        if (vector.isEmpty() || !SimdKernelsProvider.class.getModule().canRead(vector.get())) {
            return MODULE + " is not enabled: add " + FLAG + " to the java command (class path and module path"
                    + " alike; or JDK_JAVA_OPTIONS=\"" + FLAG + "\")";
        }
        String noC2 = whyNoC2();
        if (noC2 != null) {
            return noC2 + "; the Vector API needs C2 to be fast";
        }
        if ("false".equals(vmOption("UseFMA"))) {
            return "FMA is not an intrinsic in this JVM (UseFMA is off: -XX:-UseFMA, -XX:UseAVX below 2, or a CPU"
                    + " or VM without FMA), so every vector fma would run in software";
        }
        if ("false".equals(vmOption("EnableVectorSupport"))) {
            return "vector intrinsics are off (-XX:-EnableVectorSupport), so the Vector API runs its Java"
                    + " fallbacks";
        }
        return null;
    }

    /** Returns why C2 will not compile the kernels in this JVM, or null when it will (or cannot be told). */
    static String whyNoC2() {
        String vmName = System.getProperty("java.vm.name", "");
        if (!vmName.contains("HotSpot") && !vmName.contains("Server VM")) {
            return "the JVM is " + vmName + ", not HotSpot's server VM";
        }
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint)";
        }
        if ("false".equals(vmOption("UseCompiler"))) {
            return "the JIT is off (-XX:-UseCompiler)";
        }
        String tieredStop = vmOption("TieredStopAtLevel");
        if (tieredStop != null && "true".equals(vmOption("TieredCompilation")) && Integer.parseInt(tieredStop) < 4) {
            return "C2 is off (-XX:TieredStopAtLevel=" + tieredStop + ")";
        }
        String mode = vmOption("CompilationMode");
        if (mode != null && mode.equals("quick-only")) {
            return "C2 is off (-XX:CompilationMode=quick-only)";
        }
        if ("true".equals(vmOption("UseJVMCICompiler"))) {
            return "the JIT is a JVMCI compiler (-XX:+UseJVMCICompiler), not C2";
        }
        return null;
    }

    /**
     * A HotSpot flag's value read reflectively (jdk.management may be absent), or null when it cannot be
     * read: no such flag on this VM, an experimental flag while they are locked (then it has its default),
     * or no management module.
     */
    static String vmOption(String name) {
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
