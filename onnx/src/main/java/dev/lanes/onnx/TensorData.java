package dev.lanes.onnx;

import dev.lanes.onnx.proto.Onnx.TensorProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A decoded TensorProto: FLOAT (also DOUBLE, narrowed) as floats, INT64 and INT32 as longs. Sizes are checked
 * against the bytes actually present before anything is allocated, so forged dims cannot cause an OOM.
 */
final class TensorData {
    static final int FLOAT = 1, INT32 = 6, INT64 = 7, DOUBLE = 11;

    final String name;
    final int[] shape;
    final float[] floats; // non-null for FLOAT and DOUBLE
    final long[] longs;   // non-null for INT32 and INT64

    private TensorData(String name, int[] shape, float[] floats, long[] longs) {
        this.name = name;
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
    }

    static TensorData ofFloats(String name, int[] shape, float[] values) {
        return new TensorData(name, shape, values, null);
    }

    static int[] dims(TensorProto t, String what) throws OnnxFormatException {
        int[] shape = new int[t.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Shapes.MAX_ELEMENTS) {
                throw new OnnxFormatException(what + ": dimension " + d + " out of range");
            }
            shape[i] = (int) d;
        }
        Shapes.size(shape, what);
        return shape;
    }

    static TensorData decode(TensorProto t, String what) throws OnnxFormatException {
        if (t.getDataLocation() != 0 || t.getExternalDataCount() > 0) {
            throw new OnnxFormatException(what + ": external data is not supported (Lanes never opens paths"
                    + " named in a model)");
        }
        int[] shape = dims(t, what);
        int n = Shapes.size(shape, what);
        int type = t.getDataType();
        boolean raw = t.hasRawData();
        switch (type) {
            case FLOAT -> {
                float[] v = new float[check(what, n, raw ? t.getRawData().size() : t.getFloatDataCount(),
                        raw ? 4 : 1, raw ? "raw_data bytes" : "float_data values")];
                if (raw) {
                    t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                } else {
                    for (int i = 0; i < n; i++) v[i] = t.getFloatData(i);
                }
                return new TensorData(t.getName(), shape, v, null);
            }
            case DOUBLE -> {
                float[] v = new float[check(what, n, raw ? t.getRawData().size() : t.getDoubleDataCount(),
                        raw ? 8 : 1, raw ? "raw_data bytes" : "double_data values")];
                ByteBuffer b = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
                for (int i = 0; i < n; i++) v[i] = (float) (raw ? b.getDouble(8 * i) : t.getDoubleData(i));
                return new TensorData(t.getName(), shape, v, null);
            }
            case INT64 -> {
                long[] v = new long[check(what, n, raw ? t.getRawData().size() : t.getInt64DataCount(),
                        raw ? 8 : 1, raw ? "raw_data bytes" : "int64_data values")];
                ByteBuffer b = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
                for (int i = 0; i < n; i++) v[i] = raw ? b.getLong(8 * i) : t.getInt64Data(i);
                return new TensorData(t.getName(), shape, null, v);
            }
            case INT32 -> {
                long[] v = new long[check(what, n, raw ? t.getRawData().size() : t.getInt32DataCount(),
                        raw ? 4 : 1, raw ? "raw_data bytes" : "int32_data values")];
                ByteBuffer b = raw ? t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN) : null;
                for (int i = 0; i < n; i++) v[i] = raw ? b.getInt(4 * i) : t.getInt32Data(i);
                return new TensorData(t.getName(), shape, null, v);
            }
            default -> throw new OnnxFormatException(what + ": data type " + type
                    + " is not supported (Lanes reads FLOAT, DOUBLE, INT32 and INT64 tensors)");
        }
    }

    /** The number of elements, after checking that the stored data holds exactly n of them. */
    private static int check(String what, int n, long stored, int unit, String kind) throws OnnxFormatException {
        if (stored != (long) n * unit) {
            throw new OnnxFormatException(what + ": shape holds " + n + " elements but the tensor has " + stored
                    + " " + kind + (unit > 1 ? " (" + unit + " per element)" : ""));
        }
        return n;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
