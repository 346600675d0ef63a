package dev.lanes.examples;

/**
 * The first circuit of the CS231n backprop notes: {@code f(x, y, z) = (x + y)·z}, staged as
 * {@code q = x + y; f = q·z}, and backpropagated gate by gate: the multiply gate swaps its inputs
 * ({@code df/dq = z, df/dz = q}), the add gate routes its gradient unchanged to both inputs
 * ({@code df/dx = df/dy = df/dq}).
 */
public final class AddMultiplyCircuit {

    private AddMultiplyCircuit() {}

    /** f(x, y, z) = (x + y)·z. */
    public static double value(double x, double y, double z) {
        return (x + y) * z;
    }

    /** ∇f = (df/dx, df/dy, df/dz), by the chain rule through the staged forward pass. */
    public static double[] gradient(double x, double y, double z) {
        // forward
        double q = x + y;
        // backward, in reverse order; df/df = 1
        double dq = z;        // f = q·z
        double dz = q;
        double dx = 1.0 * dq; // q = x + y
        double dy = 1.0 * dq;
        return new double[] {dx, dy, dz};
    }

    public static void main(String[] args) {
        double x = -2, y = 5, z = -4;
        double[] g = gradient(x, y, z);
        System.out.printf("f(%s, %s, %s) = %s%n", x, y, z, value(x, y, z));
        System.out.printf("df/dx = %s, df/dy = %s, df/dz = %s%n", g[0], g[1], g[2]);
    }
}
