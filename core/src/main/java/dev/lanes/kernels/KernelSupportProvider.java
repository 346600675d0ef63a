package dev.lanes.kernels;

/**
 * A service that offers a {@link KernelSupport} implementation other than the scalar one; the
 * {@code lanes-simd} module provides one named {@code "simd"}. Found with {@link java.util.ServiceLoader}
 * (module path or class path), so {@code lanes-core} needs no compile-time link to it.
 *
 * <p>A provider class must load on any JDK: it may touch optional modules (such as
 * {@code jdk.incubator.vector}) only inside {@link #load()}, after checking that they are usable.
 */
public interface KernelSupportProvider {

    /** {@return the name users pass as {@code -Dlanes.kernels=NAME}} */
    String name();

    /**
     * Returns the implementation, or throws {@link UnsupportedOperationException} whose message says why it
     * cannot run in this JVM and how to enable it.
     *
     * @return a ready implementation, which has passed any start-up checks it makes
     * @throws UnsupportedOperationException saying why the implementation cannot run here and how to enable it
     */
    KernelSupport load();

    /** {@return why the implementation {@link #load()} returned suits this JVM, for {@link Kernels#describe()}} */
    default String whyChosen() {
        return "the " + name() + " provider accepted this JVM";
    }
}
