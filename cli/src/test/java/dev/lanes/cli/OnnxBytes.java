package dev.lanes.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes small ONNX files field by field (protobuf wire format, ONNX IR field numbers), for command-line tests
 * that need graphs no exporter makes: a 0-wide output, a fixed batch of 2^27.
 */
final class OnnxBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    OnnxBytes varint(int field, long v) {
        tag(field, 0);
        raw(v);
        return this;
    }

    OnnxBytes bytes(int field, byte[] b) {
        tag(field, 2);
        raw(b.length);
        out.writeBytes(b);
        return this;
    }

    OnnxBytes string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    OnnxBytes message(int field, OnnxBytes m) {
        return bytes(field, m.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wire) {
        raw((long) field << 3 | wire);
    }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A FLOAT tensor value named {@code name} of shape {@code dims} (a negative dim: symbolic "N"). */
    static OnnxBytes value(String name, long... dims) {
        OnnxBytes shape = new OnnxBytes();
        for (long d : dims) {
            shape.message(1, d < 0 ? new OnnxBytes().string(2, "N") : new OnnxBytes().varint(1, d));
        }
        OnnxBytes tensor = new OnnxBytes().varint(1, 1).message(2, shape);
        return new OnnxBytes().string(1, name).message(2, new OnnxBytes().message(1, tensor));
    }

    /** A FLOAT initializer of shape dims, all zeros. */
    static OnnxBytes zeros(String name, int... dims) {
        OnnxBytes t = new OnnxBytes();
        long n = 1;
        for (int d : dims) {
            t.varint(1, d);
            n *= d;
        }
        t.varint(2, 1).string(8, name);
        return t.bytes(9, new byte[(int) (4 * n)]);
    }

    /** A node: op(inputs) → output. */
    static OnnxBytes node(String op, String output, String... inputs) {
        OnnxBytes n = new OnnxBytes();
        for (String i : inputs) {
            n.string(1, i);
        }
        return n.string(2, output).string(4, op);
    }

    /** A model of opset 13 around a graph. */
    static byte[] model(OnnxBytes graph) {
        return new OnnxBytes().varint(1, 8).message(7, graph).message(8, new OnnxBytes().varint(2, 13)).toByteArray();
    }
}
