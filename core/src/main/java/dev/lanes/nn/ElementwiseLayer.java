package dev.lanes.nn;

import dev.lanes.args.Args;

/**
 * Shared shape bookkeeping of the layers that map each row of {@code width} values to {@code width} values
 * (activations, dropout, identity): x and y are both {@code (batch, width)}.
 */
abstract class ElementwiseLayer extends Layer {

    final int width;

    ElementwiseLayer(int width) {
        this.width = requirePositive("width", width);
    }

    @Override
    public final int inputWidth() {
        return width;
    }

    @Override
    public final int outputWidth() {
        return width;
    }

    /** batch · width, the number of values one call touches. */
    final int count(int batch) {
        return Args.product("batch", batch, "width", width);
    }

    static int requirePositive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v);
        }
        return v;
    }
}
