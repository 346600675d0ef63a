package dev.lanes.bench;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * The CPU core type OpenBLAS picked for its kernels ({@code openblas_get_corename()}), e.g. "Haswell" (AVX2)
 * or "Cooperlake" (AVX-512). OpenBLAS built for several cores picks one at load time from the CPU, unless
 * {@code OPENBLAS_CORETYPE} forces one: the study records which one its GEMM figures came from.
 *
 * <p>JavaCPP's binding does not expose the function, so it is called through the foreign-function API on the
 * library JavaCPP loaded (already loaded: the lookup returns the same handle). The API is final from JDK 22;
 * Lanes compiles for 21, so it is reached by reflection. Anything that fails gives "unknown (reason)".
 */
final class OpenblasCore {

    private OpenblasCore() {}

    static String name() {
        try {
            openblas.blas_get_num_threads(); // loads the library
            Path lib;
            try (Stream<Path> files = Files.walk(Loader.getCacheDir().toPath())) {
                lib = files.filter(p -> p.getFileName().toString().startsWith("libopenblas_nolapack.so"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("libopenblas not in the cache"));
            }
            Class<?> arenaC = Class.forName("java.lang.foreign.Arena");
            Class<?> lookupC = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> linkerC = Class.forName("java.lang.foreign.Linker");
            Class<?> layoutC = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> descriptorC = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> segmentC = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> optionC = Class.forName("java.lang.foreign.Linker$Option");
            Object arena = arenaC.getMethod("global").invoke(null);
            Object lookup = lookupC.getMethod("libraryLookup", Path.class, arenaC).invoke(null, lib, arena);
            Optional<?> symbol = (Optional<?>) lookupC.getMethod("find", String.class)
                    .invoke(lookup, "openblas_get_corename");
            if (symbol.isEmpty()) {
                return "unknown (no openblas_get_corename in " + lib.getFileName() + ")";
            }
            Object address = Class.forName("java.lang.foreign.ValueLayout").getField("ADDRESS").get(null);
            Object noLayouts = Array.newInstance(layoutC, 0);
            Object descriptor = descriptorC.getMethod("of", layoutC, noLayouts.getClass())
                    .invoke(null, address, noLayouts);
            Object noOptions = Array.newInstance(optionC, 0);
            Object linker = linkerC.getMethod("nativeLinker").invoke(null);
            MethodHandle call = (MethodHandle) linkerC.getMethod("downcallHandle", segmentC, descriptorC,
                    noOptions.getClass()).invoke(linker, symbol.get(), descriptor, noOptions);
            Object name = call.invokeWithArguments();
            Object readable = segmentC.getMethod("reinterpret", long.class).invoke(name, 64L);
            return (String) segmentC.getMethod("getString", long.class).invoke(readable, 0L);
        } catch (Throwable e) {
            return "unknown (" + e + ")";
        }
    }
}
