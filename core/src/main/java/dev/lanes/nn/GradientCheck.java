package dev.lanes.nn;

import dev.lanes.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Numerical gradient checking, for Lanes' layers and for your own: compares an analytic gradient with
 * centered differences {@code n_i = (L(x + h·e_i) − L(x − h·e_i)) / 2h}, evaluated in double.
 *
 * <p><b>Error measure.</b> Per coordinate, {@code |a − n| / max(|a|, |n|, floor)}; the report keeps the
 * largest, where it occurred and both values. The floor stops components that are zero up to noise from
 * producing huge relative errors: below it the comparison is absolute, {@code |a − n| ≤ tolerance·floor}.
 * A NaN anywhere counts as an infinite error.
 *
 * <p><b>Layers.</b> {@link #layer} turns a layer's output into a scalar with a random projection,
 * {@code L = Σ_j r_j·y_j} (r standard normal, from a seed), so {@code dy = r}: one backward pass gives the
 * whole analytic gradient, and every output takes part. L's differences are summed in double as
 * {@code Σ_j r_j·(y₊_j − y₋_j)}: outputs that do not depend on the perturbed value are bit-identical in both
 * evaluations and drop out, so only the rounding noise of the dependent outputs remains. Inputs and every
 * parameter segment are checked; the layer runs in training mode. Check away from kinks: keep each input
 * farther than h from a ReLU's 0 or from a maxout tie, else the difference straddles the kink. Stochastic
 * layers ({@link Dropout}) draw a new mask per call; check them through a wrapper that reseeds them.
 *
 * <p><b>Choosing h and the tolerance.</b> The centered difference errs by
 * <pre>
 *   |n − g| ≤ h²/6 · M  +  ε / h        M = max |L'''| near x,  ε = rounding error of one evaluation of L
 * </pre>
 * (truncation of the Taylor series, then the two evaluations' rounding errors divided by 2h). The total is
 * smallest at {@code h* = (3ε/M)^{1/3}}, where it is ≈ {@code 1.04·ε^{2/3}·M^{1/3}}. For a float layer,
 * ε ≈ κ·u·Λ with u = 2⁻²⁴ ≈ 6e-8, κ the roundings on the way to an output (a few for an activation, up to
 * in + 3 for a dense layer) and Λ = Σ |r_j|·|terms of y_j| over the dependent outputs. With κ·Λ ≈ 10 and
 * M ≈ 1: h* ≈ 1e-2 and an error ≈ 1e-4 on gradients of order 1, hence {@link Settings#FLOAT}: h = 1e-2,
 * tolerance 1e-2 (a 100× margin), floor 0.1. In double (u = 2⁻⁵³) the same reasoning gives h ≈ 1e-5 and
 * errors ≈ 1e-10, hence {@link Settings#DOUBLE} (the CS231n notes' "relative error &lt; 1e-7 is good").
 * Piecewise-linear layers have M = 0 between kinks, so a larger h only lowers ε / h, as long as h stays
 * below the distance to the nearest kink. For a tighter check, bound ε for your layer and set
 * {@code floor = (h²M/6 + ε/h) / tolerance}: then a pass means {@code |a − n|} is within that bound or
 * within {@code tolerance·|a|}.
 */
public final class GradientCheck {

    private GradientCheck() {}

    /**
     * How a check is made: the step and what passes.
     *
     * @param h         the step of the centered difference, &gt; 0
     * @param tolerance the largest relative error that passes, &gt; 0
     * @param floor     the smallest denominator of the relative error, ≥ 0
     */
    public record Settings(double h, double tolerance, double floor) {
        /** For float layers with values and gradients of order 1 (derivation in the class comment). */
        public static final Settings FLOAT = new Settings(1e-2, 1e-2, 0.1);
        /** For functions evaluated in double. */
        public static final Settings DOUBLE = new Settings(1e-5, 1e-7, 1e-8);

        /** Checks the values: h finite and &gt; 0, tolerance &gt; 0, floor finite and ≥ 0. */
        public Settings {
            if (!(h > 0) || Double.isInfinite(h)) {
                throw new IllegalArgumentException("h must be finite and > 0, got " + h);
            }
            if (!(tolerance > 0)) {
                throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
            }
            if (!(floor >= 0) || Double.isInfinite(floor)) {
                throw new IllegalArgumentException("floor must be finite and ≥ 0, got " + floor);
            }
        }

        /**
         * {@return these settings with another step}
         *
         * @param newH the step, finite and &gt; 0
         */
        public Settings withH(double newH) {
            return new Settings(newH, tolerance, floor);
        }

        /**
         * {@return these settings with another tolerance}
         *
         * @param newTolerance the largest relative error that passes, &gt; 0
         */
        public Settings withTolerance(double newTolerance) {
            return new Settings(h, newTolerance, floor);
        }

        /**
         * {@return these settings with another floor}
         *
         * @param newFloor the smallest denominator of the relative error, finite and ≥ 0
         */
        public Settings withFloor(double newFloor) {
            return new Settings(h, tolerance, newFloor);
        }
    }

    /**
     * The outcome of checking one gradient vector.
     *
     * @param what             what was checked, e.g. {@code "Dense(3 → 4) input"} or {@code "… W"}
     * @param checked          number of coordinates compared
     * @param maxRelativeError the largest relative error (+∞ for NaN), 0 when nothing was checked
     * @param worstIndex       the coordinate where it occurred (−1 when nothing was checked)
     * @param analytic         the analytic gradient there
     * @param numeric          the numerical gradient there
     * @param tolerance        the largest error that passes
     */
    public record Report(String what, int checked, double maxRelativeError, int worstIndex, double analytic,
                         double numeric, double tolerance) {
        /** {@return whether the largest relative error is within the tolerance (never for NaN)} */
        public boolean passed() {
            return maxRelativeError <= tolerance;
        }

        @Override
        public String toString() {
            return (passed() ? "PASS " : "FAIL ") + what + ": max relative error " + maxRelativeError + " at ["
                    + worstIndex + "] (analytic " + analytic + ", numeric " + numeric + "), tolerance " + tolerance
                    + ", " + checked + " checked";
        }
    }

    /**
     * The reports for a layer's input gradient and for each of its parameter segments.
     *
     * @param input      the reports for the input gradient
     * @param parameters the reports for each parameter segment, in declaration order
     */
    public record LayerReport(Report input, List<Report> parameters) {
        /** Copies the list of parameter reports. */
        public LayerReport {
            parameters = List.copyOf(parameters);
        }

        /** {@return whether the input and every parameter segment passed} */
        public boolean passed() {
            for (Report r : parameters) {
                if (!r.passed()) {
                    return false;
                }
            }
            return input.passed();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(input.toString());
            for (Report r : parameters) {
                s.append('\n').append(r);
            }
            return s.toString();
        }
    }

    /** A scalar function of a vector, evaluated in double. */
    @FunctionalInterface
    public interface ScalarFunction {
        /**
         * f(x); must not keep or modify x.
         *
         * @param x the point; not modified
         * @return f(x)
         */
        double value(double[] x);
    }

    /**
     * Checks {@code analytic} = ∇f(x). x is perturbed in place one coordinate at a time and restored.
     *
     * @param what     names the gradient in the report, e.g. {@code "loss input"}
     * @param f        the function
     * @param x        the point; perturbed during the check and restored
     * @param analytic the gradient to check, as long as x
     * @param s        step, tolerance and floor
     * @return the report
     * @throws IllegalArgumentException when the lengths differ
     */
    public static Report function(String what, ScalarFunction f, double[] x, double[] analytic, Settings s) {
        if (x.length != analytic.length) {
            throw new IllegalArgumentException(what + ": x has " + x.length + " coordinates, the gradient "
                    + analytic.length);
        }
        Worst w = new Worst(s);
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            x[i] = v + s.h();
            double plus = f.value(x);
            x[i] = v - s.h();
            double minus = f.value(x);
            x[i] = v;
            w.add(i, analytic[i], (plus - minus) / (2 * s.h()));
        }
        return w.report(what);
    }

    /**
     * Declares, binds, initialises (from {@code seed}) and allocates a standalone layer, as {@link Sequential}
     * would, and returns its parameters (possibly empty).
     *
     * @param layer    the layer, not yet declared or bound
     * @param maxBatch the largest batch it will run, ≥ 1
     * @param seed     seeds the layer's initialisation
     * @return the store the layer is now bound to
     */
    public static Parameters prepare(Layer layer, int maxBatch, long seed) {
        Parameters.Builder builder = new Parameters.Builder();
        layer.declareParameters(builder);
        Parameters parameters = builder.build();
        layer.bind(parameters);
        layer.initialize(new Rng(seed));
        layer.allocate(maxBatch);
        return parameters;
    }

    /**
     * Checks a layer's input gradient and the gradient of every segment of {@code parameters} (the ones the
     * layer is bound to, e.g. from {@link #prepare}) at x: (batch, inputWidth). x and the parameters are
     * perturbed in place and restored; the parameter gradients are overwritten.
     *
     * @param layer      the layer to check, bound to {@code parameters}
     * @param parameters the layer's parameters; values perturbed and restored, gradients overwritten
     * @param x          the input: (batch, inputWidth); perturbed and restored
     * @param batch      the number of rows, ≥ 1
     * @param seed       seeds the projection r
     * @param s          step, tolerance and floor
     * @return the input report and one report per parameter segment
     */
    public static LayerReport layer(Layer layer, Parameters parameters, float[] x, int batch, long seed,
                                    Settings s) {
        int nIn = Math.multiplyExact(batch, layer.inputWidth());
        int nOut = Math.multiplyExact(batch, layer.outputWidth());
        if (batch < 1 || x.length < nIn) {
            throw new IllegalArgumentException(layer + ": need batch ≥ 1 and x of " + nIn + " floats, got batch "
                    + batch + " and " + x.length);
        }
        float[] r = projection(seed, nOut);
        float[] y = new float[nOut];
        float[] dx = new float[nIn];
        layer.forward(y, x, batch, true);
        parameters.zeroGradients();
        layer.backward(dx, r, x, y, batch);
        double[] analyticParams = toDouble(parameters.gradients(), 0, parameters.size());

        Probe probe = new Probe(layer, x, batch, r, s.h());
        Worst in = new Worst(s);
        for (int i = 0; i < nIn; i++) {
            in.add(i, dx[i], probe.derivative(x, i));
        }
        List<Report> params = new ArrayList<>();
        for (Parameters.Segment seg : parameters.segments()) {
            Worst w = new Worst(s);
            for (int i = 0; i < seg.size(); i++) {
                w.add(i, analyticParams[seg.offset() + i], probe.derivative(parameters.values(), seg.offset() + i));
            }
            params.add(w.report(layer + " " + seg.name()));
        }
        layer.forward(y, x, batch, true); // leave the layer as after a pass at the unperturbed point
        return new LayerReport(in.report(layer + " input"), params);
    }

    /**
     * The projection {@link #layer} uses for a seed: n standard normal values from {@code new Rng(seed)},
     * rounded to float (so dy = r exactly). Exposed for deriving error bounds that depend on r.
     *
     * @param seed the seed
     * @param n    the number of values, ≥ 0
     * @return a new array of n values
     */
    public static float[] projection(long seed, int n) {
        Rng rng = new Rng(seed);
        float[] r = new float[n];
        for (int j = 0; j < n; j++) {
            r[j] = (float) rng.nextGaussian();
        }
        return r;
    }

    /** Evaluates Σ_j r_j·(y₊_j − y₋_j) / (a₊ − a₋) for one perturbed float a. */
    private static final class Probe {
        final Layer layer;
        final float[] x;
        final int batch;
        final float[] r;
        final double h;
        final float[] plus;
        final float[] minus;

        Probe(Layer layer, float[] x, int batch, float[] r, double h) {
            this.layer = layer;
            this.x = x;
            this.batch = batch;
            this.r = r;
            this.h = h;
            this.plus = new float[r.length];
            this.minus = new float[r.length];
        }

        double derivative(float[] a, int i) {
            float v = a[i];
            float up = (float) (v + h);
            float down = (float) (v - h);
            a[i] = up;
            layer.forward(plus, x, batch, true);
            a[i] = down;
            layer.forward(minus, x, batch, true);
            a[i] = v;
            double diff = 0;
            for (int j = 0; j < r.length; j++) {
                diff += r[j] * ((double) plus[j] - minus[j]);
            }
            return diff / ((double) up - down); // the actual float step, not 2h
        }
    }

    private static final class Worst {
        final Settings s;
        int checked;
        double max;
        int index = -1;
        double analytic = Double.NaN;
        double numeric = Double.NaN;

        Worst(Settings s) {
            this.s = s;
        }

        void add(int i, double a, double n) {
            double err = Math.abs(a - n);
            double rel = err == 0 ? 0 : err / Math.max(Math.max(Math.abs(a), Math.abs(n)), s.floor());
            if (Double.isNaN(rel)) {
                rel = Double.POSITIVE_INFINITY;
            }
            if (index < 0 || rel > max) {
                max = rel;
                index = i;
                analytic = a;
                numeric = n;
            }
            checked++;
        }

        Report report(String what) {
            return new Report(what, checked, max, index, analytic, numeric, s.tolerance());
        }
    }

    private static double[] toDouble(float[] a, int off, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[off + i];
        }
        return d;
    }
}
