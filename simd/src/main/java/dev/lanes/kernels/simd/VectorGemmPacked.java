package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorGemmKernel.MR;
import static dev.lanes.kernels.simd.VectorGemmKernel.NR;
import static dev.lanes.kernels.simd.VectorShapes.F;
import static dev.lanes.kernels.simd.VectorShapes.L;

import dev.lanes.kernels.PackedB;
import jdk.incubator.vector.FloatVector;

/**
 * The dense layer's product on pre-packed weights with its epilogue fused: C = epilogue(A·B + bias).
 *
 * <p>Layout of a packed B (k × n): NR-column panels over the whole depth, panel t (columns t·NR ..) holding
 * for each p its NR values at {@code t·NR·k + p·NR}, columns past n zero — {@link GemmPacking#packB} with
 * one block. A k block [pc, pc + kc) of a panel is then contiguous at {@code t·NR·k + pc·NR}, so the blocked
 * loop uses it where it lies and no call copies B again.
 *
 * <p>Rounding, the same at every position (full tiles in registers, edge tiles through scratch): each
 * column's sum is the sequential fma chain over p, the same as {@link VectorGemm}'s packed and row paths;
 * across k blocks C + acc; then + bias (one rounding); then the epilogue (exact).
 */
final class VectorGemmPacked {

    private VectorGemmPacked() {}

    /** The layout name packed matrices carry: the kernels and the vector width. */
    static final String LAYOUT = "simd/" + F.vectorBitSize() + "-bit panels";

    private static final class Scratch {
        float[] a = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static PackedB pack(float[] b, int bOff, int ldb, boolean transB, int k, int n) {
        int panels = (n + NR - 1) / NR;
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(panels, NR), k)];
        if (k > 0 && n > 0) {
            GemmPacking.packB(data, b, bOff, ldb, transB, 0, 0, k, n);
        }
        return PackedB.of(data, k, n, LAYOUT);
    }

    static void gemm(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, PackedB packed,
                     float[] bias, int biasOff, boolean relu, int m) {
        int k = packed.rows();
        int n = packed.columns();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = finish(0f, bias, biasOff + j, relu);
                }
            }
        } else if (m <= 2) {
            for (int i = 0; i < m; i++) {
                VectorGemvPacked.row(c, cOff + i * ldc, a, aOff + i * lda, packed.data(), k, n, bias, biasOff, relu);
            }
        } else {
            blocked(c, cOff, ldc, a, aOff, lda, packed.data(), k, n, bias, biasOff, relu, m);
        }
    }

    /** k blocks of at most KC, row blocks of at most MC (as {@link VectorGemm}); B read where it is packed. */
    private static void blocked(float[] c, int cOff, int ldc, float[] a, int aOff, int lda, float[] bp, int k,
                                int n, float[] bias, int biasOff, boolean relu, int m) {
        int kcMax = ceilDiv(k, ceilDiv(k, VectorGemm.KC));
        int mcMax = ceilDiv(ceilDiv(m, ceilDiv(m, VectorGemm.MC)), MR) * MR;
        Scratch s = SCRATCH.get();
        float[] ap = s.a(mcMax * kcMax);
        float[] tile = s.tile;
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            boolean first = pc == 0;
            boolean last = pc + kc == k;
            for (int ic = 0; ic < m; ic += mcMax) {
                int mc = Math.min(mcMax, m - ic);
                GemmPacking.packA(ap, a, aOff, lda, false, ic, pc, mc, kc);
                for (int jr = 0; jr < n; jr += NR) {
                    int cols = Math.min(NR, n - jr);
                    int bIdx = jr * k + pc * NR;
                    for (int ir = 0; ir < mc; ir += MR) {
                        int rows = Math.min(MR, mc - ir);
                        int cIdx = cOff + (ic + ir) * ldc + jr;
                        if (rows == MR && cols == NR) {
                            VectorGemmFused.tile(kc, ap, ir * kc, bp, bIdx, c, cIdx, ldc, first, last, bias,
                                    biasOff + jr, relu);
                        } else {
                            VectorGemmKernel.tilePacked(kc, ap, ir * kc, bp, bIdx, tile, 0, NR, 1f);
                            mergeEdge(tile, c, cIdx, ldc, rows, cols, first, last, bias, biasOff + jr, relu);
                        }
                    }
                }
            }
        }
    }

    /** An edge tile's valid rows × cols, with the rounding of {@link VectorGemmFused#tile}. */
    static void mergeEdge(float[] tile, float[] c, int cIdx, int ldc, int rows, int cols, boolean first,
                          boolean last, float[] bias, int biasIdx, boolean relu) {
        for (int r = 0; r < rows; r++) {
            int ci = cIdx + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = first ? tile[r * NR + j] : c[ci + j] + tile[r * NR + j];
                c[ci + j] = last ? finish(v, bias, biasIdx + j, relu) : v;
            }
        }
    }

    /** The epilogue of one element: + bias (when there is one), then ReLU (when asked). */
    static float finish(float v, float[] bias, int biasIdx, boolean relu) {
        if (bias != null) {
            v += bias[biasIdx];
        }
        return relu ? Math.max(v, 0f) : v;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
