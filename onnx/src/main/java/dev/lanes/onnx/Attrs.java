package dev.lanes.onnx;

import dev.lanes.onnx.proto.Onnx.AttributeProto;
import dev.lanes.onnx.proto.Onnx.NodeProto;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A node's attributes, checked against the names its operator accepts. */
final class Attrs {
    private static final int FLOAT = 1, INT = 2, TENSOR = 4, FLOATS = 6, INTS = 7;

    private final String where;
    private final Map<String, AttributeProto> byName = new HashMap<>();

    Attrs(NodeProto node, String where, Set<String> accepted) throws OnnxFormatException {
        this.where = where;
        for (AttributeProto a : node.getAttributeList()) {
            if (!accepted.contains(a.getName())) {
                throw new OnnxFormatException(where + ": attribute '" + a.getName() + "' is not supported");
            }
            if (a.hasRefAttrName()) throw new OnnxFormatException(where + ": attribute references are not supported");
            if (byName.put(a.getName(), a) != null) {
                throw new OnnxFormatException(where + ": attribute '" + a.getName() + "' given twice");
            }
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    private AttributeProto typed(String name, int type) throws OnnxFormatException {
        AttributeProto a = byName.get(name);
        if (a != null && a.hasType() && a.getType() != type) {
            throw new OnnxFormatException(where + ": attribute '" + name + "' has type " + a.getType()
                    + ", expected " + type);
        }
        return a;
    }

    float f(String name, float dflt) throws OnnxFormatException {
        AttributeProto a = typed(name, FLOAT);
        return a == null ? dflt : a.getF();
    }

    long i(String name, long dflt) throws OnnxFormatException {
        AttributeProto a = typed(name, INT);
        return a == null ? dflt : a.getI();
    }

    int intIn(String name, int dflt, int lo, int hi) throws OnnxFormatException {
        long v = i(name, dflt);
        if (v < lo || v > hi) throw new OnnxFormatException(where + ": attribute '" + name + "' = " + v
                + " is out of range [" + lo + ", " + hi + "]");
        return (int) v;
    }

    AttributeProto tensor(String name) throws OnnxFormatException {
        return typed(name, TENSOR);
    }

    AttributeProto floats(String name) throws OnnxFormatException {
        return typed(name, FLOATS);
    }

    AttributeProto ints(String name) throws OnnxFormatException {
        return typed(name, INTS);
    }
}
