package dev.lanes.examples;

/**
 * The 2-input sigmoid neuron of the CS231n backprop notes: {@code f(w, x) = σ(w0·x0 + w1·x1 + w2)}. The
 * sigmoid is one gate whose local gradient is {@code σ'(d) = (1 − σ(d))·σ(d)}, computed from its output.
 */
public final class SigmoidNeuron {

    private SigmoidNeuron() {}

    /** The gradients of f with respect to w (3) and x (2). */
    public record Gradient(double[] dw, double[] dx) {}

    static double sigmoid(double d) {
        return 1 / (1 + Math.exp(-d));
    }

    /** f(w, x) for w = (w0, w1, w2), x = (x0, x1). */
    public static double value(double[] w, double[] x) {
        return sigmoid(w[0] * x[0] + w[1] * x[1] + w[2]);
    }

    public static Gradient gradient(double[] w, double[] x) {
        // forward
        double dot = w[0] * x[0] + w[1] * x[1] + w[2];
        double f = sigmoid(dot);
        // backward
        double ddot = (1 - f) * f; // the sigmoid gate, from its output
        double[] dx = {w[0] * ddot, w[1] * ddot};
        double[] dw = {x[0] * ddot, x[1] * ddot, 1.0 * ddot};
        return new Gradient(dw, dx);
    }

    public static void main(String[] args) {
        double[] w = {2, -3, -3};
        double[] x = {-1, -2};
        Gradient g = gradient(w, x);
        System.out.printf("f = %s%n", value(w, x));
        System.out.printf("dw = [%s, %s, %s], dx = [%s, %s]%n", g.dw[0], g.dw[1], g.dw[2], g.dx[0], g.dx[1]);
    }
}
