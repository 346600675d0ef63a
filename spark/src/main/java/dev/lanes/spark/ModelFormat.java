package dev.lanes.spark;

import java.util.Locale;

/** The two kinds of model file a {@link LanesModel} scores with. */
public enum ModelFormat {
    /** A Lanes model file or checkpoint ({@code .lanes}; docs/model-format.md), read by {@code Model.fromBytes}. */
    LANES,
    /** An ONNX file ({@code .onnx}; docs/onnx.md), imported by {@code OnnxModel.fromBytes}. */
    ONNX;

    /**
     * The format a file name implies.
     *
     * @param name a file name or path
     * @return {@link #ONNX} for a name ending in {@code .onnx} (any case), else {@link #LANES}
     */
    public static ModelFormat ofFileName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? ONNX : LANES;
    }
}
