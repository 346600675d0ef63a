package dev.lanes.check.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lanes.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void viewsShareTheArrayAndOffsetRowMajor() {
        float[] data = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Tensor t = Tensor.of(data, 4, 3);
        assertEquals(5f, t.get(1, 2));
        Tensor mid = t.rows(1, 2);
        assertSame(data, mid.data());
        assertEquals(3, mid.offset());
        assertArrayEquals(new int[] {2, 3}, mid.shape());
        assertEquals(6f, mid.get(1, 0));
        mid.set(1, 0, -6f);
        assertEquals(-6f, data[6]); // no hidden copy
        Tensor row = mid.row(1);
        assertEquals(6, row.offset());
        assertEquals(-6f, row.get(0, 0));
        assertArrayEquals(new float[] {-6, 7, 8}, row.toArray());
        assertEquals(0, t.rows(4, 0).size());
        Tensor copy = mid.copy();
        copy.set(0, 0, 99);
        assertEquals(3f, data[3]);
        assertEquals("Tensor(1 × 3)[[-6.0, 7.0, 8.0]]", row.toString());
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[0], -1, 0));
        assertThrows(NullPointerException.class, () -> Tensor.of(null, 1, 1));
        Tensor t = Tensor.zeros(2, 2);
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.rows(1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.rows(-1, 1));
    }
}
