package dev.lanes.bench;

import dev.lanes.kernels.Epilogue;
import dev.lanes.kernels.Kernels;
import dev.lanes.kernels.PackedB;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.*;

/**
 * The inputs of the GEMM benchmarks for one shape, and the three products they time: C = op(A)·op(B)
 * (α = 1, β = 0) by Lanes through the {@link Kernels} facade, by OpenBLAS's cblas_sgemm on off-heap copies,
 * and by EJML's CommonOps_FDRM on copies. The set-up checks that all three compute the same product.
 *
 * <p>Shape {@code [op:]MxKxN}: C (m, n) = op(A) (m, k) · op(B) (k, n); a dense layer's forward pass with
 * batch m, k inputs and n outputs. {@code TN:} is multTransA (A stored (k, m): the weight gradient xᵀ·dy),
 * {@code NT:} is multTransB (B stored (n, k): the input gradient dy·Wᵀ).
 *
 * <p>OpenBLAS runs single-threaded: {@code OPENBLAS_NUM_THREADS=1} in the environment (forks inherit it);
 * {@link #setup} also calls blas_set_num_threads(1) and checks it took. EJML's CommonOps_FDRM is its
 * single-threaded API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class GemmCase {

    @Param({"64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
            "1x784x128", "32x784x128", "256x784x128", "300x2x100",
            "TN:784x32x128", "NT:32x128x784", "TN:512x512x512", "NT:512x512x512"})
    public String shape;

    int m, n, k, lda, ldb, ldc;
    boolean transA, transB;
    float[] a, b, c;
    FloatPointer aPtr, bPtr, cPtr;
    // EJML's matrices wrap the same arrays' copies; A and B as stored (so (k, m) for TN, (n, k) for NT).
    FMatrixRMaj aE, bE, cE;
    // B packed once for Kernels.gemmPacked (inference's product); null for TN shapes, which it does not take.
    PackedB packed;

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
        a = Inputs.uniform(m * k, -1f, 1f, 1);
        b = Inputs.uniform(k * n, -1f, 1f, 2);
        c = new float[m * n];
        aPtr = new FloatPointer(a);
        bPtr = new FloatPointer(b);
        cPtr = new FloatPointer(c);
        aE = FMatrixRMaj.wrap(transA ? k : m, transA ? m : k, a.clone());
        bE = FMatrixRMaj.wrap(transB ? n : k, transB ? k : n, b.clone());
        cE = new FMatrixRMaj(m, n);
        packed = transA ? null : Kernels.pack(b, 0, ldb, transB, k, n);
        openblas.blas_set_num_threads(1);
        if (openblas.blas_get_num_threads() != 1) {
            throw new IllegalStateException("OpenBLAS runs " + openblas.blas_get_num_threads() + " threads");
        }
        checkSameProduct();
    }

    /**
     * The three must compute the same product before their times mean anything. Each float result differs
     * from the exact product by at most γ_k·(|op(A)|·|op(B)|)_ij (γ_k = k·u/(1 − k·u), u = 2⁻²⁴, any
     * summation order), so two results differ by at most twice that; |A|·|B| is itself computed in float,
     * hence the factor 1.01 of slack on the bound (its own relative error is below γ_k ≤ 1e-4 here).
     */
    private void checkSameProduct() {
        float[] absA = a.clone();
        float[] absB = b.clone();
        for (int i = 0; i < absA.length; i++) {
            absA[i] = Math.abs(absA[i]);
        }
        for (int i = 0; i < absB.length; i++) {
            absB[i] = Math.abs(absB[i]);
        }
        float[] magnitude = new float[m * n];
        Kernels.gemm(magnitude, 0, ldc, absA, 0, lda, transA, absB, 0, ldb, transB, m, n, k, 1f, 0f);
        double u = 0x1p-24;
        double gamma = k * u / (1 - k * u);
        float[] lanes = runLanes().clone();
        runOpenblas();
        float[] blas = new float[m * n];
        cPtr.get(blas);
        float[] ejml = runEjml().data;
        float[] fromPacked = packed == null ? lanes : runLanesPacked().clone();
        for (int i = 0; i < m * n; i++) {
            double bound = 2 * gamma * magnitude[i] * 1.01;
            if (Math.abs(lanes[i] - blas[i]) > bound || Math.abs(lanes[i] - ejml[i]) > bound
                    || Math.abs(fromPacked[i] - blas[i]) > bound) {
                throw new IllegalStateException("shape " + shape + ": C[" + i / n + "][" + i % n + "] differs: Lanes "
                        + lanes[i] + ", Lanes packed " + fromPacked[i] + ", OpenBLAS " + blas[i] + ", EJML " + ejml[i]
                        + " (bound " + bound + ")");
            }
        }
    }

    @TearDown
    public void tearDown() {
        aPtr.close();
        bPtr.close();
        cPtr.close();
    }

    float[] runLanes() {
        Kernels.gemm(c, 0, ldc, a, 0, lda, transA, b, 0, ldb, transB, m, n, k, 1f, 0f);
        return c;
    }

    /** C = A·op(B) on B packed at set-up, no bias, no activation: a dense layer's product at inference. */
    float[] runLanesPacked() {
        Kernels.gemmPacked(c, 0, ldc, a, 0, lda, packed, null, 0, Epilogue.NONE, m);
        return c;
    }

    FloatPointer runOpenblas() {
        openblas.cblas_sgemm(openblas.CblasRowMajor,
                transA ? openblas.CblasTrans : openblas.CblasNoTrans,
                transB ? openblas.CblasTrans : openblas.CblasNoTrans,
                m, n, k, 1f, aPtr, lda, bPtr, ldb, 0f, cPtr, ldc);
        return cPtr;
    }

    FMatrixRMaj runEjml() {
        if (transA && transB) {
            CommonOps_FDRM.multTransAB(aE, bE, cE);
        } else if (transA) {
            CommonOps_FDRM.multTransA(aE, bE, cE);
        } else if (transB) {
            CommonOps_FDRM.multTransB(aE, bE, cE);
        } else {
            CommonOps_FDRM.mult(aE, bE, cE);
        }
        return cE;
    }
}
