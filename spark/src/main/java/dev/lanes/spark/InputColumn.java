package dev.lanes.spark;

import java.io.Serializable;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;

/**
 * How the input column's values become rows of floats: {@code array<float>} copied, {@code array<double>} and
 * Spark ML vectors (dense or sparse) rounded to float. Checked on the driver ({@link #of}); read on the executors
 * ({@link #read}) straight from Spark's internal rows: from an UnsafeRow (what scans and projections give) by its
 * documented layout, with no per-row object (a float array is one copy); from any other row through its accessors.
 */
final class InputColumn implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Kind { FLOATS, DOUBLES, VECTOR }

    // VectorUDT's internal struct: (type: byte 0 sparse / 1 dense, size: int, indices: array<int>, values: array<double>)
    private static final int VECTOR_TYPE = 0, VECTOR_SIZE = 1, VECTOR_INDICES = 2, VECTOR_VALUES = 3;

    private final String name;
    private final int ordinal;
    private final Kind kind;
    private final int width;

    private InputColumn(String name, int ordinal, Kind kind, int width) {
        this.name = name;
        this.ordinal = ordinal;
        this.kind = kind;
        this.width = width;
    }

    /** Whether a column of this type can be scored. */
    static boolean supports(DataType type) {
        return kindOf(type) != null;
    }

    /**
     * @throws IllegalArgumentException naming the column and its type, when it is none of the supported types
     */
    static InputColumn of(String name, int ordinal, DataType type, int width) {
        Kind kind = kindOf(type);
        if (kind == null) {
            throw new IllegalArgumentException("input column '" + name + "' is " + type.simpleString()
                    + "; a Lanes model scores array<float>, array<double> or a Spark ML Vector (" + width
                    + " values per row)");
        }
        return new InputColumn(name, ordinal, kind, width);
    }

    private static Kind kindOf(DataType type) {
        if (type instanceof VectorUDT) {
            return Kind.VECTOR;
        }
        if (type instanceof ArrayType a) {
            if (a.elementType().equals(DataTypes.FloatType)) {
                return Kind.FLOATS;
            }
            if (a.elementType().equals(DataTypes.DoubleType)) {
                return Kind.DOUBLES;
            }
        }
        return null;
    }

    /**
     * Writes the row's input into x[off, off + width).
     *
     * @return false when the value is null or holds a null element (the row then gets null outputs)
     * @throws IllegalArgumentException naming the column and the numbers, when the value is not width long
     */
    boolean read(InternalRow row, float[] x, int off) {
        if (row.isNullAt(ordinal)) {
            return false;
        }
        if (row instanceof UnsafeRow u) {
            // The value's (offset, size) word; the offset counts from the row's start.
            long at = u.getBaseOffset() + (u.getLong(ordinal) >>> 32);
            Object base = u.getBaseObject();
            switch (kind) {
                case FLOATS:
                    return readFloats(base, at, x, off);
                case DOUBLES:
                    return readDoubles(base, at, x, off);
                default:
                    // The struct is an UnsafeRow of 4 fields: one word of null bits, then a word per field.
                    if (Platform.getByte(base, at + 8 + 8 * VECTOR_TYPE) == 1) {
                        return readDoubles(base, at + (Platform.getLong(base, at + 8 + 8 * VECTOR_VALUES) >>> 32), x,
                                off);
                    }
                    break; // sparse: below
            }
        }
        switch (kind) {
            case FLOATS: {
                ArrayData a = row.getArray(ordinal);
                checkWidth(a.numElements());
                for (int i = 0; i < width; i++) {
                    if (a.isNullAt(i)) {
                        return false;
                    }
                    x[off + i] = a.getFloat(i);
                }
                return true;
            }
            case DOUBLES: {
                ArrayData a = row.getArray(ordinal);
                checkWidth(a.numElements());
                for (int i = 0; i < width; i++) {
                    if (a.isNullAt(i)) {
                        return false;
                    }
                    x[off + i] = (float) a.getDouble(i);
                }
                return true;
            }
            default:
                return readVector(row.getStruct(ordinal, 4), x, off);
        }
    }

    // Straight from an UnsafeArrayData at {@code at}: the element count (a long), a null bit per element, the values.

    private boolean readFloats(Object base, long at, float[] x, int off) {
        int header = checkedHeader(base, at);
        if (header < 0) {
            return false;
        }
        Platform.copyMemory(base, at + header, x, Platform.FLOAT_ARRAY_OFFSET + (long) off * Float.BYTES,
                (long) width * Float.BYTES);
        return true;
    }

    private boolean readDoubles(Object base, long at, float[] x, int off) {
        int header = checkedHeader(base, at);
        if (header < 0) {
            return false;
        }
        long v = at + header;
        for (int i = 0; i < width; i++, v += Double.BYTES) {
            x[off + i] = (float) Platform.getDouble(base, v);
        }
        return true;
    }

    /** The length of the header of the array at {@code at}, once its width is checked; -1 if it holds a null. */
    private int checkedHeader(Object base, long at) {
        int n = (int) Platform.getLong(base, at);
        checkWidth(n);
        int header = UnsafeArrayData.calculateHeaderPortionInBytes(n);
        return anyNull(base, at, header) ? -1 : header;
    }

    private static boolean anyNull(Object base, long at, int header) {
        for (long w = at + 8, end = at + header; w < end; w += 8) {
            if (Platform.getLong(base, w) != 0) {
                return true;
            }
        }
        return false;
    }

    private boolean readVector(InternalRow v, float[] x, int off) {
        ArrayData values = v.getArray(VECTOR_VALUES);
        if (v.getByte(VECTOR_TYPE) == 1) { // dense
            checkWidth(values.numElements());
            for (int i = 0; i < width; i++) {
                x[off + i] = (float) values.getDouble(i);
            }
            return true;
        }
        checkWidth(v.getInt(VECTOR_SIZE));
        ArrayData indices = v.getArray(VECTOR_INDICES);
        java.util.Arrays.fill(x, off, off + width, 0f);
        for (int k = 0, n = indices.numElements(); k < n; k++) {
            x[off + indices.getInt(k)] = (float) values.getDouble(k);
        }
        return true;
    }

    private void checkWidth(int n) {
        if (n != width) {
            throw new IllegalArgumentException("input column '" + name + "' holds a row of " + n
                    + " values; the model takes rows of " + width);
        }
    }
}
