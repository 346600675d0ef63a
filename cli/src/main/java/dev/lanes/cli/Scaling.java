package dev.lanes.cli;

import dev.lanes.data.Standardization;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Sequential;

/**
 * Folds a feature standardisation into a network's first {@link Dense} layer, so the saved model takes raw
 * inputs and needs no scaling beside it. With x'_c = (x_c − m_c) / s_c and W: (in, out),
 * <pre>
 *   x'·W + b = x·W' + b',   W'_cj = W_cj / s_c,   b'_j = b_j − Σ_c (m_c / s_c)·W_cj
 * </pre>
 * computed in double and rounded once per parameter.
 */
final class Scaling {

    private Scaling() {}

    static void foldInto(Sequential net, Standardization scaling) {
        if (!(net.layers().get(0) instanceof Dense first)) {
            throw new IllegalStateException("the first layer must be Dense to absorb the scaling");
        }
        float[] p = net.parameters().values();
        float[] means = scaling.means();
        float[] stds = scaling.stds();
        int in = first.inputWidth();
        int out = first.outputWidth();
        int w = first.weightOffset();
        int b = first.biasOffset();
        for (int j = 0; j < out; j++) {
            double shift = 0;
            for (int c = 0; c < in; c++) {
                shift += (double) means[c] / stds[c] * p[w + c * out + j];
            }
            p[b + j] = (float) (p[b + j] - shift);
        }
        for (int c = 0; c < in; c++) {
            for (int j = 0; j < out; j++) {
                p[w + c * out + j] = (float) ((double) p[w + c * out + j] / stds[c]);
            }
        }
    }
}
