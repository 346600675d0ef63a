package dev.lanes.onnx;

import java.io.IOException;

/**
 * The one exception for an ONNX file Lanes cannot use: malformed protobuf (truncated, corrupted), forged or
 * inconsistent sizes, a graph that is not in topological order or whose shapes do not agree, external data, or an
 * operator, attribute, data type or opset that Lanes does not support (the message names the node and operator).
 */
public final class OnnxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that says what is wrong and where in the graph.
     *
     * @param message the problem, naming the node and operator where there is one
     */
    public OnnxFormatException(String message) {
        super(message);
    }

    /**
     * An exception for a problem found by a lower layer, such as protobuf's parser.
     *
     * @param message the problem, naming the node and operator where there is one
     * @param cause   the exception that found it
     */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
