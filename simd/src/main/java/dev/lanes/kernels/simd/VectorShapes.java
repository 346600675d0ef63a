package dev.lanes.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API constants, in their own holder so that no class that must load without the incubator module
 * has a static initializer touching it. Loaded only after {@link SimdKernelsProvider}'s checks.
 *
 * <p>Two rules every kernel in this package follows, because breaking either makes C2 box vectors on the
 * heap (allocation per call and a many-fold slowdown; AllocationTest catches both):
 * <ul>
 *   <li>{@link #F} is the only species. A second one (SPECIES_128 in an earlier GEMM packing) makes the
 *       Vector API's shared call sites see two concrete vector classes, after which C2 stopped binding them
 *       statically: up to 51 KB per GEMM call.
 *   <li>No method takes or returns a vector, except tiny helpers like {@link #sumLanes(FloatVector)} at the
 *       end of a kernel. Once a caller has inlined enough vector code, C2 stops inlining
 *       (NodeCountInliningCutoff) and the call boxes its vector arguments.
 * </ul>
 */
final class VectorShapes {

    private VectorShapes() {}

    /** The preferred float species: 8 lanes on AVX2, 16 on AVX-512, 4 on NEON. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Lanes of {@link #F}. */
    static final int L = F.length();

    // Rotations by h lanes (lane i takes lane i + h mod L), for sumLanes; those with h ≥ L are never used.
    private static final VectorShuffle<Float> ROTATE_32 = rotation(32);
    private static final VectorShuffle<Float> ROTATE_16 = rotation(16);
    private static final VectorShuffle<Float> ROTATE_8 = rotation(8);
    private static final VectorShuffle<Float> ROTATE_4 = rotation(4);
    private static final VectorShuffle<Float> ROTATE_2 = rotation(2);
    private static final VectorShuffle<Float> ROTATE_1 = rotation(1);

    private static VectorShuffle<Float> rotation(int h) {
        return VectorShuffle.fromOp(F, i -> (i + h) & (L - 1));
    }

    /**
     * Σ of v's lanes in one fixed order: pairwise halving, lane i + lane i + L/2, then + L/4, …, then lane 0.
     * For 8 lanes: ((v0 + v4) + (v2 + v6)) + ((v1 + v5) + (v3 + v7)). reduceLanes(ADD) leaves the order of
     * a float sum unspecified, and its interpreted fallback (sequential) and C2's code (a tree) do differ in
     * the last bit; these adds and rotations are exact lane-wise operations, so the result is the same in
     * every JIT state. Error: a pairwise sum of L terms, log₂L roundings (within the γ_n bound). L is a
     * constant, so C2 folds the branches away. Each rotation by h is used only while h &lt; L (at 2 lanes a
     * rotation by 2 is the identity and would double the sum); L is a power of two, as every Vector-API
     * species is, with at most 64 lanes (2048-bit SVE).
     */
    static float sumLanes(FloatVector v) {
        // Kept in step with sumLanes(float[]), which adds in exactly this order.
        if (L > 32) {
            v = v.add(v.rearrange(ROTATE_32));
        }
        if (L > 16) {
            v = v.add(v.rearrange(ROTATE_16));
        }
        if (L > 8) {
            v = v.add(v.rearrange(ROTATE_8));
        }
        if (L > 4) {
            v = v.add(v.rearrange(ROTATE_4));
        }
        if (L > 2) {
            v = v.add(v.rearrange(ROTATE_2));
        }
        v = v.add(v.rearrange(ROTATE_1));
        return v.lane(0);
    }

    /**
     * Σ of lanes[0 .. L) in the order of {@link #sumLanes(FloatVector)}, halving in place (lanes is
     * overwritten). For a kernel that has already inlined so much vector code that C2 would stop inlining
     * (NodeCountInliningCutoff) before a call taking a vector, which would then box it: such a kernel stores
     * its accumulator into a scratch array and passes the array.
     */
    static float sumLanes(float[] lanes) {
        for (int h = L / 2; h >= 1; h /= 2) {
            for (int i = 0; i < h; i++) {
                lanes[i] += lanes[i + h];
            }
        }
        return lanes[0];
    }

    /**
     * {@link #sumLanes(float[])} on four vectors' lanes at once, stored at {@code lanes[0, L)}, {@code [L, 2L)},
     * {@code [2L, 3L)} and {@code [3L, 4L)}: each is added in exactly that order, and the four are interleaved
     * so their adds overlap instead of waiting on one another through memory. The sums end at
     * {@code lanes[0]}, {@code lanes[L]}, {@code lanes[2L]} and {@code lanes[3L]}.
     */
    static void sumLanes4(float[] lanes) {
        for (int h = L / 2; h >= 1; h /= 2) {
            for (int i = 0; i < h; i++) {
                lanes[i] += lanes[i + h];
                lanes[L + i] += lanes[L + i + h];
                lanes[2 * L + i] += lanes[2 * L + i + h];
                lanes[3 * L + i] += lanes[3 * L + i + h];
            }
        }
    }
}
