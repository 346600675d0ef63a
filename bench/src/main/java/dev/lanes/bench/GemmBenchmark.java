package dev.lanes.bench;

import dev.lanes.kernels.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.*;

/**
 * Single-threaded SGEMM, C = op(A)·op(B) (α = 1, β = 0): Lanes through the {@link Kernels} facade (argument
 * checks included, as users call it) against OpenBLAS's cblas_sgemm called in the same JVM on off-heap
 * copies of the same inputs. Measures the time of one call on warm caches for the given shape; GFLOPS =
 * 2·m·n·k / time. {@link GemmScalarBenchmark} is the twin on the scalar kernels.
 *
 * <p>Shape {@code [op:]MxKxN}: C (m, n) = op(A) (m, k) · op(B) (k, n); a dense layer's forward pass with
 * batch m, k inputs and n outputs. {@code TN:} is multTransA (A stored (k, m): the weight gradient xᵀ·dy),
 * {@code NT:} is multTransB (B stored (n, k): the input gradient dy·Wᵀ).
 *
 * <p>Run OpenBLAS single-threaded: {@code OPENBLAS_NUM_THREADS=1} in the environment (forks inherit it);
 * {@link #setup} also calls blas_set_num_threads(1) and checks it took.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
            "1x784x128", "32x784x128", "256x784x128", "300x2x100",
            "TN:784x32x128", "NT:32x128x784", "TN:512x512x512", "NT:512x512x512"})
    public String shape;

    int m, n, k, lda, ldb, ldc;
    boolean transA, transB;
    float[] a, b, c;
    FloatPointer aPtr, bPtr, cPtr;

    @Setup
    public void setup() {
        String expected = System.getProperty("lanes.kernels", "simd");
        String actual = Kernels.describe().implementation();
        if (!actual.equals(expected)) {
            throw new IllegalStateException("expected the " + expected + " kernels, running " + Kernels.describe());
        }
        String dims = shape;
        if (shape.indexOf(':') > 0) {
            String op = shape.substring(0, shape.indexOf(':'));
            transA = op.charAt(0) == 'T';
            transB = op.charAt(1) == 'T';
            dims = shape.substring(shape.indexOf(':') + 1);
        }
        String[] d = dims.split("x");
        m = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        n = Integer.parseInt(d[2]);
        lda = transA ? m : k;
        ldb = transB ? k : n;
        ldc = n;
        SplittableRandom r = new SplittableRandom(1);
        a = random(r, m * k);
        b = random(r, k * n);
        c = new float[m * n];
        aPtr = new FloatPointer(a);
        bPtr = new FloatPointer(b);
        cPtr = new FloatPointer(c);
        openblas.blas_set_num_threads(1);
        if (openblas.blas_get_num_threads() != 1) {
            throw new IllegalStateException("OpenBLAS runs " + openblas.blas_get_num_threads() + " threads");
        }
    }

    @TearDown
    public void tearDown() {
        aPtr.close();
        bPtr.close();
        cPtr.close();
    }

    @Benchmark
    public float[] lanes() {
        Kernels.gemm(c, 0, ldc, a, 0, lda, transA, b, 0, ldb, transB, m, n, k, 1f, 0f);
        return c;
    }

    @Benchmark
    public FloatPointer openblas() {
        openblas.cblas_sgemm(openblas.CblasRowMajor,
                transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, 1f, aPtr, lda, bPtr, ldb, 0f, cPtr, ldc);
        return cPtr;
    }

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }
}
