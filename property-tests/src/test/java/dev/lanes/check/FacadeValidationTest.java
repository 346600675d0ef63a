package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The facade rejects bad offsets, lengths, overlaps and leading dimensions, naming the argument. */
class FacadeValidationTest {

    private final float[] x = new float[10];
    private final float[] y = new float[10];

    private static void fails(Class<? extends RuntimeException> type, String mustName, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(mustName),
                "message should name '" + mustName + "': " + e.getMessage());
    }

    @Test
    void rangesOutsideTheArray() {
        fails(IndexOutOfBoundsException.class, "x", () -> Kernels.dot(x, -1, y, 0, 3));
        fails(IndexOutOfBoundsException.class, "y", () -> Kernels.dot(x, 0, y, 8, 3));
        fails(IndexOutOfBoundsException.class, "out", () -> Kernels.relu(new float[2], 0, x, 0, 3));
        fails(IndexOutOfBoundsException.class, "b", () -> Kernels.add(x, 0, y, 0, new float[2], 0, 3));
        fails(IndexOutOfBoundsException.class, "out", () -> Kernels.argmaxRows(new int[1], 0, x, 0, 2, 2, 2));
    }

    @Test
    void negativeSizes() {
        fails(IllegalArgumentException.class, "n", () -> Kernels.sum(x, 0, -1));
        fails(IllegalArgumentException.class, "m", () -> Kernels.softmaxRows(x, 0, 2, y, 0, 2, -1, 2));
        fails(IllegalArgumentException.class, "k", () -> Kernels.gemm(x, 0, 1, y, 0, 1, false, y, 0, 1, false,
                1, 1, -1, 1f, 0f));
        fails(IllegalArgumentException.class, "k", () -> Kernels.maxout(x, 0, y, 0, 1, 2, 0));
        fails(IllegalArgumentException.class, "n", () -> Kernels.argmaxRows(new int[1], 0, x, 0, 1, 1, 0));
    }

    @Test
    void partialOverlapsButNotExactAliases() {
        fails(IllegalArgumentException.class, "overlaps", () -> Kernels.add(x, 1, x, 0, y, 0, 4));
        fails(IllegalArgumentException.class, "overlaps", () -> Kernels.scale(x, 0, 2f, x, 2, 4));
        fails(IllegalArgumentException.class, "dx", () -> Kernels.reluBackward(x, 0, x, 1, y, 0, 4));
        Kernels.add(x, 2, x, 2, y, 0, 4); // exactly in place: allowed
        fails(IllegalArgumentException.class, "C overlaps A", () -> Kernels.gemm(x, 0, 2, x, 1, 2, false,
                y, 0, 2, false, 2, 2, 2, 1f, 0f));
        fails(IllegalArgumentException.class, "C overlaps B", () -> Kernels.gemm(x, 0, 2, y, 0, 2, false,
                x, 3, 2, false, 2, 2, 2, 1f, 0f));
        fails(IllegalArgumentException.class, "out", () -> Kernels.softmaxRows(x, 1, 3, x, 0, 3, 2, 3));
    }

    @Test
    void leadingDimensionsSmallerThanARow() {
        fails(IllegalArgumentException.class, "x: leading dimension", () -> Kernels.softmaxRows(y, 0, 3, x, 0, 2,
                2, 3));
        fails(IllegalArgumentException.class, "A: leading dimension", () -> Kernels.gemm(x, 0, 2, y, 0, 1, false,
                y, 0, 2, false, 2, 2, 2, 1f, 0f));
        fails(IllegalArgumentException.class, "B (transposed): leading dimension", () -> Kernels.gemm(x, 0, 2,
                y, 0, 2, false, new float[8], 0, 1, true, 2, 2, 2, 1f, 0f));
        fails(IllegalArgumentException.class, "c: leading dimension", () -> Kernels.addRowVector(x, 0, 1, y, 0,
                2, 2));
    }

    @Test
    void nullArrays() {
        fails(NullPointerException.class, "x", () -> Kernels.sum(null, 0, 0));
        fails(NullPointerException.class, "bias", () -> Kernels.addRowVector(x, 0, 2, null, 0, 2, 2));
    }

    @Test
    void packedProductsCheckTheirOperands() {
        dev.lanes.kernels.PackedB w = Kernels.pack(new float[12], 0, 4, false, 3, 4); // B: (3, 4)
        dev.lanes.kernels.Epilogue relu = dev.lanes.kernels.Epilogue.RELU;
        fails(IndexOutOfBoundsException.class, "B", () -> Kernels.pack(new float[11], 0, 4, false, 3, 4));
        fails(IllegalArgumentException.class, "leading dimension", () -> Kernels.pack(x, 0, 2, false, 2, 3));
        fails(IllegalArgumentException.class, "packed as other/layout", () -> Kernels.gemmPacked(x, 0, 4, y, 0, 3,
                dev.lanes.kernels.PackedB.of(new float[12], 3, 4, "other/layout"), null, 0, relu, 1));
        fails(IndexOutOfBoundsException.class, "A", () -> Kernels.gemmPacked(new float[16], 0, 4, y, 0, 3, w, null, 0,
                relu, 4));
        fails(IndexOutOfBoundsException.class, "bias", () -> Kernels.gemmPacked(x, 0, 4, y, 0, 3, w,
                new float[3], 0, relu, 1));
        fails(IllegalArgumentException.class, "C overlaps A", () -> Kernels.gemmPacked(x, 0, 4, x, 2, 3, w, null, 0,
                relu, 1));
        fails(IllegalArgumentException.class, "C overlaps bias", () -> Kernels.gemmPacked(x, 0, 4, y, 0, 3, w, x,
                1, relu, 1));
        fails(NullPointerException.class, "epilogue", () -> Kernels.gemmPacked(x, 0, 4, y, 0, 3, w, null, 0, null,
                1));
    }
}
