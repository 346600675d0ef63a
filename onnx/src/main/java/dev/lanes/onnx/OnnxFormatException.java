package dev.lanes.onnx;

import java.io.IOException;

/**
 * The one exception for an ONNX file Lanes cannot use: malformed protobuf (truncated, corrupted), forged or
 * inconsistent sizes, a graph that is not in topological order or whose shapes do not agree, external data, or an
 * operator, attribute, data type or opset that Lanes does not support (the message names the node and operator).
 */
public final class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String message) {
        super(message);
    }

    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
