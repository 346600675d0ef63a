package dev.lanes.examples;

/**
 * The CS231n notes' "staged computation" example,
 * <pre>
 *   f(x, y) = (x + σ(y)) / (σ(x) + (x + y)²)
 * </pre>
 * computed as a chain of simple intermediate variables, then backpropagated through them in reverse order,
 * each backward line mirroring one forward line. Where a variable feeds several places its gradient
 * accumulates ({@code +=}), which is the multivariable chain rule.
 */
public final class StagedExpression {

    private StagedExpression() {}

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** f(x, y), written directly. */
    public static double value(double x, double y) {
        double s = x + y;
        return (x + sigmoid(y)) / (sigmoid(x) + s * s);
    }

    /** (df/dx, df/dy) by staged backpropagation. */
    public static double[] gradient(double x, double y) {
        // forward, one simple step per line
        double sigy = sigmoid(y);        // (1)
        double num = x + sigy;           // (2) numerator
        double sigx = sigmoid(x);        // (3)
        double xpy = x + y;              // (4)
        double xpysqr = xpy * xpy;       // (5)
        double den = sigx + xpysqr;      // (6) denominator
        double invden = 1.0 / den;       // (7)
        double f = num * invden;         // (8)
        assert Math.abs(f - value(x, y)) <= 1e-12 * Math.abs(f);

        // backward, lines (8) .. (1); df/df = 1
        double dnum = invden;                        // (8) f = num·invden
        double dinvden = num;
        double dden = (-1.0 / (den * den)) * dinvden; // (7)
        double dsigx = 1.0 * dden;                    // (6)
        double dxpysqr = 1.0 * dden;
        double dxpy = 2 * xpy * dxpysqr;              // (5)
        double dx = 1.0 * dxpy;                       // (4)
        double dy = 1.0 * dxpy;
        dx += (1 - sigx) * sigx * dsigx;              // (3): x feeds several stages, so gradients add
        dx += 1.0 * dnum;                             // (2)
        double dsigy = 1.0 * dnum;
        dy += (1 - sigy) * sigy * dsigy;              // (1)
        return new double[] {dx, dy};
    }

    public static void main(String[] args) {
        double x = 3, y = -4;
        double[] g = gradient(x, y);
        System.out.printf("f(%s, %s) = %s%n", x, y, value(x, y));
        System.out.printf("df/dx = %s, df/dy = %s%n", g[0], g[1]);
    }
}
