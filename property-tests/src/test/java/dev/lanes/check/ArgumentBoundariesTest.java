package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.MemoryLimit;
import dev.lanes.infer.MemoryLimitException;
import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The shared argument checks at their exact edges: a range that ends on the array's last element is accepted
 * and one element more is refused, with the numbers in the message; products at the largest array length;
 * the memory limit's parse, format and comparison. (The checks are public only through the facades, so they
 * are exercised through them.)
 */
class ArgumentBoundariesTest {

    private static String message(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    @Test
    void rangesEndExactlyAtTheArray() {
        float[] x = new float[4], out = new float[4];
        Kernels.relu(out, 1, x, 1, 3); // [1, 4): the last three
        Kernels.relu(out, 0, x, 0, 4);
        Kernels.relu(out, 4, x, 4, 0); // empty, at the very end
        assertEquals("out: range [2, 5) is outside an array of length 4",
                message(IndexOutOfBoundsException.class, () -> Kernels.relu(out, 2, x, 0, 3)));
        assertEquals("x: range [2, 5) is outside an array of length 4",
                message(IndexOutOfBoundsException.class, () -> Kernels.relu(out, 0, x, 2, 3)));
        assertEquals("x: range [-1, 2) is outside an array of length 4",
                message(IndexOutOfBoundsException.class, () -> Kernels.relu(out, 0, x, -1, 3)));
        assertEquals("n = -1 is negative", message(IllegalArgumentException.class, () -> Kernels.relu(out, 0, x, 0, -1)));
        assertEquals("x is null", message(NullPointerException.class, () -> Kernels.relu(out, 0, null, 0, 1)));
        int[] classes = new int[2];
        float[] m = new float[6];
        Kernels.argmaxRows(classes, 0, m, 0, 3, 2, 3);
        Kernels.argmaxRows(classes, 1, m, 0, 3, 1, 3);
        assertEquals("out: range [1, 3) is outside an array of length 2",
                message(IndexOutOfBoundsException.class, () -> Kernels.argmaxRows(classes, 1, m, 0, 3, 2, 3)));
        assertEquals("out: range [-1, 1) is outside an array of length 2",
                message(IndexOutOfBoundsException.class, () -> Kernels.argmaxRows(classes, -1, m, 0, 3, 2, 3)));
        assertEquals("out is null", message(NullPointerException.class, () -> Kernels.argmaxRows(null, 0, m, 0, 3, 2, 3)));
    }

    @Test
    void inPlaceNeedsTheSameOffsetAndDisjointRangesMayTouch() {
        float[] a = new float[10], b = new float[10];
        Kernels.add(a, 2, a, 2, b, 0, 4); // exactly in place
        Kernels.add(a, 4, a, 0, b, 0, 4); // [4, 8) after [0, 4): touching, not overlapping
        Kernels.add(a, 0, a, 4, b, 0, 4);
        Kernels.add(a, 0, a, 3, b, 0, 0); // empty ranges never overlap
        assertEquals("out [1, 5) partly overlaps a [0, 4); in-place use needs the same offset",
                message(IllegalArgumentException.class, () -> Kernels.add(a, 1, a, 0, b, 0, 4)));
        assertEquals("out [3, 7) partly overlaps a [6, 10); in-place use needs the same offset",
                message(IllegalArgumentException.class, () -> Kernels.add(a, 3, a, 6, b, 0, 4)));
        assertEquals("out [0, 4) partly overlaps b [3, 7); in-place use needs the same offset",
                message(IllegalArgumentException.class, () -> Kernels.add(a, 0, b, 0, a, 3, 4)));
        // GEMM: C must not share one element with A (a 2 × 2 · 2 × 2 product, A at 0, C right after it or on it)
        float[] buf = new float[16];
        Kernels.gemm(buf, 4, 2, buf, 0, 2, false, b, 0, 2, false, 2, 2, 2, 1f, 0f);
        assertTrue(message(IllegalArgumentException.class, () -> Kernels.gemm(buf, 3, 2, buf, 0, 2, false, b, 0, 2,
                false, 2, 2, 2, 1f, 0f)).contains("overlaps"));
        // softmax in place with another leading dimension: rows (2, 3) with ld 4 at 0 end at 7; a copy at 7 may follow
        Kernels.softmaxRows(buf, 7, 3, buf, 0, 4, 2, 3);
        assertTrue(message(IllegalArgumentException.class, () -> Kernels.softmaxRows(buf, 6, 3, buf, 0, 4, 2, 3))
                .contains("overlaps"));
    }

    @Test
    void matricesEndOnTheirLastElement() {
        float[] x = new float[7]; // (2, 3) with leading dimension 4 ends at 4 + 3 = 7
        float[] out = new float[6];
        Kernels.softmaxRows(out, 0, 3, x, 0, 4, 2, 3);
        assertEquals("x: a (2, 3) matrix at offset 1 with leading dimension 4 needs elements up to 8, the array has 7",
                message(IndexOutOfBoundsException.class, () -> Kernels.softmaxRows(out, 0, 3, x, 1, 4, 2, 3)));
        assertEquals("x: leading dimension 2 is smaller than its 3 columns",
                message(IllegalArgumentException.class, () -> Kernels.softmaxRows(out, 0, 3, x, 0, 2, 2, 3)));
    }

    @Test
    void productsUpToTheLargestArray() {
        // Dropout's scratch is maxBatch × width: the product at the largest array length is accepted by the
        // check (the allocation itself would need 8 GiB, so only the check is asked, through a 1-wide layer).
        int max = Integer.MAX_VALUE - 8;
        String m = message(IllegalArgumentException.class, () -> new dev.lanes.nn.Dropout(1, 0.5).allocate(-1));
        assertEquals("maxBatch = -1 is negative", m);
        m = message(IllegalArgumentException.class, () -> new dev.lanes.nn.Dropout(2, 0.5).allocate(max / 2 + 1));
        assertEquals("maxBatch × Dropout width = 1073741820 × 2 = 2147483640, more than one Java array holds ("
                + max + ")", m);
        new dev.lanes.nn.Dropout(3, 0.5).allocate(5); // small: allocated
        // three factors: m × units × k, the first two already past the limit (no product printed) and within it
        m = message(IllegalArgumentException.class, () -> Kernels.maxout(new float[1], 0, new float[1], 0, 1 << 16,
                1 << 16, 1));
        assertEquals("m × units × k = 65536 × 65536 × 1, more than one Java array holds (" + max + ")", m);
        m = message(IllegalArgumentException.class, () -> Kernels.maxout(new float[1], 0, new float[1], 0, 1,
                max, 2));
        assertTrue(m.startsWith("units × k = " + max + " × 2 = "), m);
        float[] out = new float[6], x = new float[12];
        Kernels.maxout(out, 0, x, 0, 2, 3, 2); // 2 × 3 × 2 = 12 exactly: fits
        assertTrue(message(IndexOutOfBoundsException.class, () -> Kernels.maxout(out, 0, new float[11], 0, 2, 3, 2))
                .contains("length 11"));
        Kernels.maxout(new float[0], 0, new float[0], 0, 0, 3, 2); // no rows: nothing to do
    }

    @Test
    void theMemoryLimitParsesFormatsAndComparesExactly() {
        assertEquals(1, MemoryLimit.parse("1"));
        assertEquals(999_999_999_999_999_999L, MemoryLimit.parse("999999999999999999"));
        assertThrows(IllegalArgumentException.class, () -> MemoryLimit.parse("1000000000000000000"), "19 digits");
        assertEquals(((1L << 33) - 1) << 30, MemoryLimit.parse("8589934591g"));
        assertThrows(IllegalArgumentException.class, () -> MemoryLimit.parse("8589934592g"), "2^63 bytes");
        assertEquals((1L << 53) - 1 << 10, MemoryLimit.parse("9007199254740991K"));
        assertEquals("'x1' is not a size (bytes, or a number with k, m or g)",
                message(IllegalArgumentException.class, () -> MemoryLimit.parse("x1")));
        assertEquals("'0m' is not a size between 1 byte and 2^63 - 1 bytes",
                message(IllegalArgumentException.class, () -> MemoryLimit.parse("0m")));
        assertEquals("0 bytes", MemoryLimit.format(0));
        assertEquals("1023 bytes", MemoryLimit.format(1023));
        assertEquals("1024 bytes (1.0 KiB)", MemoryLimit.format(1024));
        assertEquals("1536 bytes (1.5 KiB)", MemoryLimit.format(1536));
        assertEquals("1048575 bytes (1024.0 KiB)", MemoryLimit.format((1 << 20) - 1));
        assertEquals("1048576 bytes (1.0 MiB)", MemoryLimit.format(1 << 20));
        assertEquals("3221225472 bytes (3.0 GiB)", MemoryLimit.format(3L << 30));
        assertEquals("1152921504606846976 bytes (1.0 EiB)", MemoryLimit.format(1L << 60));
        assertEquals("9223372036854775806 bytes (8.0 EiB)", MemoryLimit.format(Long.MAX_VALUE - 1));
        assertEquals("more than 2^63 bytes", MemoryLimit.format(Long.MAX_VALUE));
        MemoryLimit.check(100, 100, "x", ""); // at the limit: allowed
        MemoryLimitException e = assertThrows(MemoryLimitException.class, () -> MemoryLimit.check(101, 100,
                "a session", ""));
        assertEquals("a session needs 101 bytes, more than the session memory limit of 100 bytes; raise it with"
                + " -Dlanes.session.maxBytes=SIZE or a newSession limit argument, or use smaller batches", e.getMessage());
        assertEquals(101, e.needed());
        assertEquals(100, e.limit());
        assertTrue(assertThrows(MemoryLimitException.class, () -> MemoryLimit.check(2048, 1024, "a session",
                "two buffers")).getMessage().startsWith("a session needs 2048 bytes (2.0 KiB) (two buffers), more"));
    }

    @Test
    void nullElementsAreNamedByIndex() {
        assertEquals("layers[0] is null", message(NullPointerException.class,
                () -> dev.lanes.nn.Sequential.of(1, 0, (dev.lanes.nn.Layer) null)));
        assertEquals("layers is null", message(NullPointerException.class,
                () -> dev.lanes.nn.Sequential.of(1, 0, (dev.lanes.nn.Layer[]) null)));
        assertEquals("names[1] is null", message(NullPointerException.class,
                () -> dev.lanes.data.CsvLoader.classification(0).classNames("a", null)));
    }
}
