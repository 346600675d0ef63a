package dev.lanes.bench;

import dev.lanes.infer.Model;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Layer;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;

/** The networks the network benchmarks run, by name: the course's spiral net and an MNIST-sized MLP. */
final class Networks {

    private Networks() {}

    /**
     * {@code spiral}: 2-100-3 with ReLU (CS231n's spiral classifier); {@code mlp}: 784-128-10 with ReLU (an
     * MNIST-sized classifier). Weights from a fixed seed. With {@code probabilities} a softmax ends the
     * network (inference answers probabilities); without, it ends in logits (training feeds them to the
     * softmax cross-entropy loss).
     */
    static Sequential build(String name, int maxBatch, boolean probabilities) {
        int in;
        int hidden;
        int out;
        switch (name) {
            case "spiral" -> { in = 2; hidden = 100; out = 3; }
            case "mlp" -> { in = 784; hidden = 128; out = 10; }
            default -> throw new IllegalArgumentException("unknown network " + name + "; use spiral or mlp");
        }
        Layer[] layers = probabilities
                ? new Layer[] {new Dense(in, hidden), new Relu(hidden), new Dense(hidden, out), new Softmax(out)}
                : new Layer[] {new Dense(in, hidden), new Relu(hidden), new Dense(hidden, out)};
        return Sequential.of(maxBatch, 7L, layers);
    }

    /**
     * A bound E on how far any float computation of the network's logits (its output before a final softmax)
     * can be from the exact ones for the rows of {@code x}, whatever the summation order: a dense layer
     * y = x·W + b adds γ_{in+1}·(|x|·|W| + |b|) (γ_n = n·u/(1 − n·u), u = 2⁻²⁴) to the error |e_x|·|W| it
     * inherits; ReLU passes an error on without growing it. Computed in double along the exact forward pass.
     * Only Dense, ReLU and a final Softmax are supported (the networks above).
     */
    static double logitErrorBound(Model model, float[] x, int batch) {
        Sequential net = model.toSequential(batch);
        float[] p = net.parameters().values();
        double worst = 0;
        for (int r = 0; r < batch; r++) {
            double[] v = new double[net.inputWidth()];
            for (int i = 0; i < v.length; i++) {
                v[i] = x[r * v.length + i];
            }
            double[] e = new double[v.length];
            for (Layer layer : net.layers()) {
                if (layer instanceof Dense d) {
                    int in = d.inputWidth();
                    int out = d.outputWidth();
                    double gamma = (in + 1) * 0x1p-24 / (1 - (in + 1) * 0x1p-24);
                    double[] nv = new double[out];
                    double[] ne = new double[out];
                    for (int j = 0; j < out; j++) {
                        double b = p[d.biasOffset() + j];
                        double sum = b;
                        double magnitude = Math.abs(b);
                        double inherited = 0;
                        for (int i = 0; i < in; i++) {
                            double w = p[d.weightOffset() + i * out + j];
                            sum += v[i] * w;
                            magnitude += Math.abs(v[i] * w);
                            inherited += e[i] * Math.abs(w);
                        }
                        nv[j] = sum;
                        ne[j] = inherited + gamma * magnitude;
                    }
                    v = nv;
                    e = ne;
                } else if (layer instanceof Relu) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Math.max(0, v[i]);
                    }
                } else if (!(layer instanceof Softmax)) {
                    throw new IllegalArgumentException("no error bound for " + layer);
                }
            }
            for (double ei : e) {
                worst = Math.max(worst, ei);
            }
        }
        return worst;
    }
}
