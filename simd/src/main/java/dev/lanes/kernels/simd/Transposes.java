package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * L × L block transposes in registers, one method per lane count the kernels accept (4, 8, 16), for packing
 * a transposed B ({@link GemmPacking}). Each is a butterfly of constant {@code rearrange}s (vpermps) and
 * {@code blend}s (vblendps): stage d swaps bit d of the row index with bit d of the lane index, so log₂L
 * stages give the transpose. Rows live in L variables: a generic loop over an array of vectors would box
 * them, and a staged transpose through a scratch tile in L1 was measured 2.2× slower than these at 8 lanes
 * (and slower than the scalar loop at 4), so the three methods are written out in full. Each method is
 * called only at its own width; the constants are built for the species in use, whatever its width.
 */
final class Transposes {

    private Transposes() {}

    // UPd[j] = j − d and DOWNd[j] = j + d where they matter, Md = lanes with bit d set; only d < L is used.
    private static final VectorShuffle<Float> UP1 = shuffle(F, 1, -1), DOWN1 = shuffle(F, 1, 1);
    private static final VectorShuffle<Float> UP2 = shuffle(F, 2, -1), DOWN2 = shuffle(F, 2, 1);
    private static final VectorShuffle<Float> UP4 = shuffle(F, 4, -1), DOWN4 = shuffle(F, 4, 1);
    private static final VectorShuffle<Float> UP8 = shuffle(F, 8, -1), DOWN8 = shuffle(F, 8, 1);
    private static final VectorMask<Float> M1 = mask(F, 1), M2 = mask(F, 2), M4 = mask(F, 4), M8 = mask(F, 8);

    private static VectorShuffle<Float> shuffle(VectorSpecies<Float> s, int d, int sign) {
        int n = s.length();
        int[] idx = new int[n];
        for (int j = 0; j < n; j++) {
            boolean bit = (j & d) != 0;
            idx[j] = sign < 0 ? (bit ? j - d : j) : (bit ? j : (j + d) % n);
        }
        return VectorShuffle.fromArray(s, idx, 0);
    }

    private static VectorMask<Float> mask(VectorSpecies<Float> s, int d) {
        boolean[] bits = new boolean[s.length()];
        for (int j = 0; j < bits.length; j++) {
            bits[j] = (j & d) != 0;
        }
        return VectorMask.fromArray(s, bits, 0);
    }

    /** dst[d + q·ldd + r] = src[s + r·lds + q] for r, q &lt; 4 (4-lane species only). */
    static void transpose4(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(F, src, s);
        FloatVector r1 = FloatVector.fromArray(F, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(F, src, s + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(F, src, s + 3 * lds);
        FloatVector t;
        t = r0.blend(r1.rearrange(UP1), M1);
        r1 = r0.rearrange(DOWN1).blend(r1, M1);
        r0 = t;
        t = r2.blend(r3.rearrange(UP1), M1);
        r3 = r2.rearrange(DOWN1).blend(r3, M1);
        r2 = t;
        t = r0.blend(r2.rearrange(UP2), M2);
        r2 = r0.rearrange(DOWN2).blend(r2, M2);
        r0 = t;
        t = r1.blend(r3.rearrange(UP2), M2);
        r3 = r1.rearrange(DOWN2).blend(r3, M2);
        r1 = t;
        r0.intoArray(dst, d);
        r1.intoArray(dst, d + ldd);
        r2.intoArray(dst, d + 2 * ldd);
        r3.intoArray(dst, d + 3 * ldd);
    }

    /** dst[d + q·ldd + r] = src[s + r·lds + q] for r, q &lt; 8 (8-lane species only). */
    static void transpose8(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(F, src, s);
        FloatVector r1 = FloatVector.fromArray(F, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(F, src, s + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(F, src, s + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(F, src, s + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(F, src, s + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(F, src, s + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(F, src, s + 7 * lds);
        FloatVector t;
        t = r0.blend(r1.rearrange(UP1), M1);
        r1 = r0.rearrange(DOWN1).blend(r1, M1);
        r0 = t;
        t = r2.blend(r3.rearrange(UP1), M1);
        r3 = r2.rearrange(DOWN1).blend(r3, M1);
        r2 = t;
        t = r4.blend(r5.rearrange(UP1), M1);
        r5 = r4.rearrange(DOWN1).blend(r5, M1);
        r4 = t;
        t = r6.blend(r7.rearrange(UP1), M1);
        r7 = r6.rearrange(DOWN1).blend(r7, M1);
        r6 = t;
        t = r0.blend(r2.rearrange(UP2), M2);
        r2 = r0.rearrange(DOWN2).blend(r2, M2);
        r0 = t;
        t = r1.blend(r3.rearrange(UP2), M2);
        r3 = r1.rearrange(DOWN2).blend(r3, M2);
        r1 = t;
        t = r4.blend(r6.rearrange(UP2), M2);
        r6 = r4.rearrange(DOWN2).blend(r6, M2);
        r4 = t;
        t = r5.blend(r7.rearrange(UP2), M2);
        r7 = r5.rearrange(DOWN2).blend(r7, M2);
        r5 = t;
        t = r0.blend(r4.rearrange(UP4), M4);
        r4 = r0.rearrange(DOWN4).blend(r4, M4);
        r0 = t;
        t = r1.blend(r5.rearrange(UP4), M4);
        r5 = r1.rearrange(DOWN4).blend(r5, M4);
        r1 = t;
        t = r2.blend(r6.rearrange(UP4), M4);
        r6 = r2.rearrange(DOWN4).blend(r6, M4);
        r2 = t;
        t = r3.blend(r7.rearrange(UP4), M4);
        r7 = r3.rearrange(DOWN4).blend(r7, M4);
        r3 = t;
        r0.intoArray(dst, d);
        r1.intoArray(dst, d + ldd);
        r2.intoArray(dst, d + 2 * ldd);
        r3.intoArray(dst, d + 3 * ldd);
        r4.intoArray(dst, d + 4 * ldd);
        r5.intoArray(dst, d + 5 * ldd);
        r6.intoArray(dst, d + 6 * ldd);
        r7.intoArray(dst, d + 7 * ldd);
    }

    /** dst[d + q·ldd + r] = src[s + r·lds + q] for r, q &lt; 16 (16-lane species only). */
    static void transpose16(float[] src, int s, int lds, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(F, src, s);
        FloatVector r1 = FloatVector.fromArray(F, src, s + lds);
        FloatVector r2 = FloatVector.fromArray(F, src, s + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(F, src, s + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(F, src, s + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(F, src, s + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(F, src, s + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(F, src, s + 7 * lds);
        FloatVector r8 = FloatVector.fromArray(F, src, s + 8 * lds);
        FloatVector r9 = FloatVector.fromArray(F, src, s + 9 * lds);
        FloatVector r10 = FloatVector.fromArray(F, src, s + 10 * lds);
        FloatVector r11 = FloatVector.fromArray(F, src, s + 11 * lds);
        FloatVector r12 = FloatVector.fromArray(F, src, s + 12 * lds);
        FloatVector r13 = FloatVector.fromArray(F, src, s + 13 * lds);
        FloatVector r14 = FloatVector.fromArray(F, src, s + 14 * lds);
        FloatVector r15 = FloatVector.fromArray(F, src, s + 15 * lds);
        FloatVector t;
        t = r0.blend(r1.rearrange(UP1), M1);
        r1 = r0.rearrange(DOWN1).blend(r1, M1);
        r0 = t;
        t = r2.blend(r3.rearrange(UP1), M1);
        r3 = r2.rearrange(DOWN1).blend(r3, M1);
        r2 = t;
        t = r4.blend(r5.rearrange(UP1), M1);
        r5 = r4.rearrange(DOWN1).blend(r5, M1);
        r4 = t;
        t = r6.blend(r7.rearrange(UP1), M1);
        r7 = r6.rearrange(DOWN1).blend(r7, M1);
        r6 = t;
        t = r8.blend(r9.rearrange(UP1), M1);
        r9 = r8.rearrange(DOWN1).blend(r9, M1);
        r8 = t;
        t = r10.blend(r11.rearrange(UP1), M1);
        r11 = r10.rearrange(DOWN1).blend(r11, M1);
        r10 = t;
        t = r12.blend(r13.rearrange(UP1), M1);
        r13 = r12.rearrange(DOWN1).blend(r13, M1);
        r12 = t;
        t = r14.blend(r15.rearrange(UP1), M1);
        r15 = r14.rearrange(DOWN1).blend(r15, M1);
        r14 = t;
        t = r0.blend(r2.rearrange(UP2), M2);
        r2 = r0.rearrange(DOWN2).blend(r2, M2);
        r0 = t;
        t = r1.blend(r3.rearrange(UP2), M2);
        r3 = r1.rearrange(DOWN2).blend(r3, M2);
        r1 = t;
        t = r4.blend(r6.rearrange(UP2), M2);
        r6 = r4.rearrange(DOWN2).blend(r6, M2);
        r4 = t;
        t = r5.blend(r7.rearrange(UP2), M2);
        r7 = r5.rearrange(DOWN2).blend(r7, M2);
        r5 = t;
        t = r8.blend(r10.rearrange(UP2), M2);
        r10 = r8.rearrange(DOWN2).blend(r10, M2);
        r8 = t;
        t = r9.blend(r11.rearrange(UP2), M2);
        r11 = r9.rearrange(DOWN2).blend(r11, M2);
        r9 = t;
        t = r12.blend(r14.rearrange(UP2), M2);
        r14 = r12.rearrange(DOWN2).blend(r14, M2);
        r12 = t;
        t = r13.blend(r15.rearrange(UP2), M2);
        r15 = r13.rearrange(DOWN2).blend(r15, M2);
        r13 = t;
        t = r0.blend(r4.rearrange(UP4), M4);
        r4 = r0.rearrange(DOWN4).blend(r4, M4);
        r0 = t;
        t = r1.blend(r5.rearrange(UP4), M4);
        r5 = r1.rearrange(DOWN4).blend(r5, M4);
        r1 = t;
        t = r2.blend(r6.rearrange(UP4), M4);
        r6 = r2.rearrange(DOWN4).blend(r6, M4);
        r2 = t;
        t = r3.blend(r7.rearrange(UP4), M4);
        r7 = r3.rearrange(DOWN4).blend(r7, M4);
        r3 = t;
        t = r8.blend(r12.rearrange(UP4), M4);
        r12 = r8.rearrange(DOWN4).blend(r12, M4);
        r8 = t;
        t = r9.blend(r13.rearrange(UP4), M4);
        r13 = r9.rearrange(DOWN4).blend(r13, M4);
        r9 = t;
        t = r10.blend(r14.rearrange(UP4), M4);
        r14 = r10.rearrange(DOWN4).blend(r14, M4);
        r10 = t;
        t = r11.blend(r15.rearrange(UP4), M4);
        r15 = r11.rearrange(DOWN4).blend(r15, M4);
        r11 = t;
        t = r0.blend(r8.rearrange(UP8), M8);
        r8 = r0.rearrange(DOWN8).blend(r8, M8);
        r0 = t;
        t = r1.blend(r9.rearrange(UP8), M8);
        r9 = r1.rearrange(DOWN8).blend(r9, M8);
        r1 = t;
        t = r2.blend(r10.rearrange(UP8), M8);
        r10 = r2.rearrange(DOWN8).blend(r10, M8);
        r2 = t;
        t = r3.blend(r11.rearrange(UP8), M8);
        r11 = r3.rearrange(DOWN8).blend(r11, M8);
        r3 = t;
        t = r4.blend(r12.rearrange(UP8), M8);
        r12 = r4.rearrange(DOWN8).blend(r12, M8);
        r4 = t;
        t = r5.blend(r13.rearrange(UP8), M8);
        r13 = r5.rearrange(DOWN8).blend(r13, M8);
        r5 = t;
        t = r6.blend(r14.rearrange(UP8), M8);
        r14 = r6.rearrange(DOWN8).blend(r14, M8);
        r6 = t;
        t = r7.blend(r15.rearrange(UP8), M8);
        r15 = r7.rearrange(DOWN8).blend(r15, M8);
        r7 = t;
        r0.intoArray(dst, d);
        r1.intoArray(dst, d + ldd);
        r2.intoArray(dst, d + 2 * ldd);
        r3.intoArray(dst, d + 3 * ldd);
        r4.intoArray(dst, d + 4 * ldd);
        r5.intoArray(dst, d + 5 * ldd);
        r6.intoArray(dst, d + 6 * ldd);
        r7.intoArray(dst, d + 7 * ldd);
        r8.intoArray(dst, d + 8 * ldd);
        r9.intoArray(dst, d + 9 * ldd);
        r10.intoArray(dst, d + 10 * ldd);
        r11.intoArray(dst, d + 11 * ldd);
        r12.intoArray(dst, d + 12 * ldd);
        r13.intoArray(dst, d + 13 * ldd);
        r14.intoArray(dst, d + 14 * ldd);
        r15.intoArray(dst, d + 15 * ldd);
    }
}
