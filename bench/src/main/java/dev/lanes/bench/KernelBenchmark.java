package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The common ground of every kernel benchmark: average time per call in nanoseconds (so ns per element is
 * the score divided by the element count, and GFLOPS is flops per call divided by the score; see
 * docs/benchmarks.md), and the check that a twin runs the implementation its name promises.
 *
 * <p>Each family is an abstract subclass holding the inputs and the {@code @Benchmark} methods, with two
 * nested twins, {@code Scalar} and {@code Simd}, that differ only in their {@code @Fork} arguments. A twin
 * whose fork arguments were overridden (e.g. by {@code -jvmArgs} on the command line) so that it runs the
 * other implementation fails in its first setup instead of reporting a misleading number.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class KernelBenchmark {

    @Setup(Level.Trial)
    public void checkImplementation() {
        String expected = expectedImplementation(getClass());
        String actual = Kernels.describe().implementation();
        if (!expected.equals(actual)) {
            throw new IllegalStateException("this twin measures the " + expected + " kernels, but the fork runs "
                    + Kernels.describe() + "; do not override the twin's fork arguments");
        }
    }

    /**
     * The implementation a twin expects, from its class name: {@code Simd} → {@code "simd"}, {@code Scalar} →
     * {@code "scalar"}. JMH instantiates generated subclasses of the twin, hence the walk up the hierarchy.
     */
    static String expectedImplementation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getEnclosingClass() != null && KernelBenchmark.class.isAssignableFrom(c.getEnclosingClass())) {
                switch (c.getSimpleName()) {
                    case "Simd":
                        return "simd";
                    case "Scalar":
                        return "scalar";
                    default:
                        break;
                }
            }
        }
        throw new IllegalStateException(type.getName() + " is not a Scalar or Simd twin of a kernel benchmark");
    }
}
