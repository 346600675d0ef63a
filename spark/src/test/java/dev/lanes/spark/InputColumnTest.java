package dev.lanes.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The input reader on both of its paths, an UnsafeRow read by its layout and any other row through its accessors,
 * for every supported type: the same floats, the same nulls, the same width errors. No Spark session needed.
 */
class InputColumnTest {
    private static final float[] X = {1.5f, -0f, 3.25f, Float.NaN, 1e-40f, -7f, 0.1f};

    /** The value at ordinal 1 of (id: long, value: type), as a generic row and as its UnsafeRow. */
    private static InternalRow[] rows(DataType type, Object value) {
        GenericInternalRow generic = new GenericInternalRow(new Object[] {7L, value});
        StructType schema = new StructType().add("id", DataTypes.LongType).add("v", type);
        UnsafeRow unsafe = UnsafeProjection.create(schema).apply(generic).copy();
        return new InternalRow[] {generic, unsafe};
    }

    private static Object[] boxedFloats(float[] x) {
        Object[] o = new Object[x.length];
        for (int i = 0; i < x.length; i++) o[i] = x[i];
        return o;
    }

    private static Object[] boxedDoubles(float[] x) {
        Object[] o = new Object[x.length];
        for (int i = 0; i < x.length; i++) o[i] = (double) x[i];
        return o;
    }

    private static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    private static void readsX(DataType type, Object value) {
        reads(X, type, value);
    }

    private static void reads(float[] want, DataType type, Object value) {
        InputColumn c = InputColumn.of("v", 1, type, X.length);
        for (InternalRow row : rows(type, value)) {
            float[] x = new float[X.length + 3];
            assertTrue(c.read(row, x, 2), row.getClass().getSimpleName());
            for (int i = 0; i < X.length; i++) {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(x[2 + i]),
                        row.getClass().getSimpleName() + " element " + i);
            }
        }
    }

    @Test
    void everyTypeReadsTheSameFloatsFromEitherKindOfRow() {
        readsX(DataTypes.createArrayType(DataTypes.FloatType), new GenericArrayData(boxedFloats(X)));
        readsX(DataTypes.createArrayType(DataTypes.DoubleType), new GenericArrayData(boxedDoubles(X)));
        VectorUDT udt = new VectorUDT();
        readsX(SQLDataTypes.VectorType(), udt.serialize(Vectors.dense(doubles(X))));
        float[] noNegativeZero = X.clone();
        noNegativeZero[1] = 0f; // a sparse vector keeps no zero, −0 included: it reads back as +0
        reads(noNegativeZero, SQLDataTypes.VectorType(), udt.serialize(Vectors.dense(doubles(X)).toSparse()));
    }

    @Test
    void nullValuesAndNullElementsReadAsNoInput() {
        DataType floats = DataTypes.createArrayType(DataTypes.FloatType, true);
        InputColumn c = InputColumn.of("v", 1, floats, X.length);
        Object[] holed = boxedFloats(X);
        holed[X.length - 1] = null;
        for (Object value : new Object[] {null, new GenericArrayData(holed)}) {
            for (InternalRow row : rows(floats, value)) {
                assertFalse(c.read(row, new float[X.length], 0), row.getClass().getSimpleName() + " " + value);
            }
        }
    }

    @Test
    void aValueOfAnotherWidthNamesTheColumnAndBothWidths() {
        DataType doubles = DataTypes.createArrayType(DataTypes.DoubleType);
        InputColumn c = InputColumn.of("pixels", 1, doubles, X.length + 1);
        for (InternalRow row : rows(doubles, new GenericArrayData(boxedDoubles(X)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.read(row, new float[16], 0));
            assertEquals("input column 'pixels' holds a row of 7 values; the model takes rows of 8", e.getMessage());
        }
    }

    @Test
    void sparseVectorsScatterIntoZeros() {
        InputColumn c = InputColumn.of("v", 1, SQLDataTypes.VectorType(), 5);
        InternalRow[] rows = rows(SQLDataTypes.VectorType(),
                new VectorUDT().serialize(Vectors.sparse(5, new int[] {1, 4}, new double[] {2, -3})));
        assertInstanceOf(UnsafeRow.class, rows[1]);
        for (InternalRow row : rows) {
            float[] x = {9, 9, 9, 9, 9};
            assertTrue(c.read(row, x, 0));
            assertArrayEquals(new float[] {0, 2, 0, 0, -3}, x);
        }
    }
}
