package dev.lanes.tensor;

import java.util.Arrays;

/**
 * A row-major tensor over a flat {@code float[]}: a shape, the array and an offset into it. Views
 * ({@link #rows(int, int)}, {@link #row(int)}) share the array and never copy, so writing through a view
 * writes the parent. Rank 2 for now; the shape is an {@code int[]} so that N-D can come without changing
 * the representation.
 *
 * <p>Element (i, j) lives at {@code data()[offset() + i·cols() + j]}: the layout every kernel and layer
 * takes, so {@code t.data(), t.offset()} can be passed straight to {@link dev.lanes.kernels.Kernels}.
 * Not thread-safe for writes (it is a plain array).
 */
public final class Tensor {

    private final float[] data;
    private final int offset;
    private final int[] shape;

    private Tensor(float[] data, int offset, int[] shape) {
        this.data = data;
        this.offset = offset;
        this.shape = shape;
    }

    /**
     * Wraps {@code data} (not copied) as a {@code rows × cols} matrix at offset 0.
     *
     * @param data the elements, row-major; the tensor holds this array itself
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @return a tensor over {@code data}
     * @throws IllegalArgumentException for negative sizes or when data does not hold exactly rows · cols floats
     */
    public static Tensor of(float[] data, int rows, int cols) {
        if (data == null) {
            throw new NullPointerException("data");
        }
        long size = checkedSize(rows, cols);
        if (data.length != size) {
            throw new IllegalArgumentException("a " + rows + " × " + cols + " tensor needs " + size
                    + " floats, got " + data.length);
        }
        return new Tensor(data, 0, new int[] {rows, cols});
    }

    /**
     * A new zero-filled {@code rows × cols} matrix.
     *
     * @param rows the number of rows, ≥ 0
     * @param cols the number of columns, ≥ 0
     * @return a tensor over a new array
     */
    public static Tensor zeros(int rows, int cols) {
        return new Tensor(new float[(int) checkedSize(rows, cols)], 0, new int[] {rows, cols});
    }

    private static long checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("sizes must be ≥ 0, got " + rows + " × " + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + " × " + cols + " = " + size + " floats exceed one float[]");
        }
        return size;
    }

    /** {@return the backing array (shared, not copied)} */
    public float[] data() {
        return data;
    }

    /** {@return the index in {@link #data()} of element (0, 0)} */
    public int offset() {
        return offset;
    }

    /** {@return the number of dimensions (2)} */
    public int rank() {
        return shape.length;
    }

    /**
     * A copy of the shape, e.g. {@code [rows, cols]}.
     *
     * @return a new array
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Size of dimension {@code d}.
     *
     * @param d the dimension, 0 (rows) or 1 (columns)
     * @return its size
     */
    public int dim(int d) {
        return shape[d];
    }

    /** {@return the number of rows (dimension 0)} */
    public int rows() {
        return shape[0];
    }

    /** {@return the number of columns (dimension 1), the row width} */
    public int cols() {
        return shape[1];
    }

    /** {@return the number of elements: rows · cols} */
    public int size() {
        return shape[0] * shape[1];
    }

    /**
     * Element (i, j).
     *
     * @param i the row, 0 ≤ i &lt; rows
     * @param j the column, 0 ≤ j &lt; cols
     * @return the element
     * @throws IndexOutOfBoundsException outside the shape
     */
    public float get(int i, int j) {
        return data[index(i, j)];
    }

    /**
     * Sets element (i, j) to v, in the backing array (so in every view that shares it).
     *
     * @param i the row, 0 ≤ i &lt; rows
     * @param j the column, 0 ≤ j &lt; cols
     * @param v the new value
     * @throws IndexOutOfBoundsException outside the shape
     */
    public void set(int i, int j, float v) {
        data[index(i, j)] = v;
    }

    private int index(int i, int j) {
        if (i < 0 || i >= shape[0] || j < 0 || j >= shape[1]) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is outside a " + shape[0] + " × "
                    + shape[1] + " tensor");
        }
        return offset + i * shape[1] + j;
    }

    /**
     * Rows {@code from .. from + count} as a {@code count × cols} view sharing this tensor's array: the
     * mini-batch slice of a data set, without a copy.
     *
     * @param from  the first row, ≥ 0
     * @param count the number of rows, ≥ 0, with from + count ≤ rows
     * @return a view over the same array
     * @throws IndexOutOfBoundsException when the range is not inside [0, rows]
     */
    public Tensor rows(int from, int count) {
        if (from < 0 || count < 0 || from > shape[0] - count) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + from + " + " + count + ") are outside [0, "
                    + shape[0] + ")");
        }
        return new Tensor(data, offset + from * shape[1], new int[] {count, shape[1]});
    }

    /**
     * Row i as a {@code 1 × cols} view.
     *
     * @param i the row, 0 ≤ i &lt; rows
     * @return a view over the same array
     */
    public Tensor row(int i) {
        return rows(i, 1);
    }

    /** {@return a new tensor with its own copy of this one's elements, at offset 0} */
    public Tensor copy() {
        return new Tensor(Arrays.copyOfRange(data, offset, offset + size()), 0, shape.clone());
    }

    /** {@return the elements as a new {@code float[]} of length {@link #size()}} */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    /** Shape and, for up to 64 elements, the values, e.g. {@code Tensor(2 × 2)[[1.0, 2.0], [3.0, 4.0]]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Tensor(").append(shape[0]).append(" × ").append(shape[1]).append(')');
        if (size() <= 64) {
            s.append('[');
            for (int i = 0; i < shape[0]; i++) {
                s.append(i == 0 ? "" : ", ").append('[');
                for (int j = 0; j < shape[1]; j++) {
                    s.append(j == 0 ? "" : ", ").append(get(i, j));
                }
                s.append(']');
            }
            s.append(']');
        }
        return s.toString();
    }
}
