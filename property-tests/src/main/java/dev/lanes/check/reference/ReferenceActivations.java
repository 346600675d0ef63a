package dev.lanes.check.reference;

/**
 * Element-wise references. The max family spells out the {@link Math#max(float, float)} semantics the
 * contract names instead of calling it: NaN wins, and −0.0 is below +0.0. Transcendentals are evaluated in
 * double ({@link StrictMath}), then judged in ULPs by the tests.
 */
public final class ReferenceActivations {

    private static final int NEGATIVE_ZERO_BITS = Float.floatToRawIntBits(-0f);

    private ReferenceActivations() {}

    /** max(a, b): NaN if either is NaN; of two zeros, −0.0 only if both are −0.0; else the larger. */
    public static float max(float a, float b) {
        if (a != a) {
            return a;
        }
        if (b != b) {
            return b;
        }
        if (a == 0 && b == 0) {
            boolean aNeg = Float.floatToRawIntBits(a) == NEGATIVE_ZERO_BITS;
            boolean bNeg = Float.floatToRawIntBits(b) == NEGATIVE_ZERO_BITS;
            return aNeg && bNeg ? -0f : 0f;
        }
        return a > b ? a : b;
    }

    /** max over x[off .. off+n), −∞ when empty. */
    public static float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = max(m, x[off + i]);
        }
        return m;
    }

    /** The first index of the maximum of x[off + i·stride], i &lt; n; the first NaN wins; ±0 are equal. */
    public static int argmax(float[] x, int off, int stride, int n) {
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(x[off + i * stride])) {
                return i;
            }
        }
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i * stride] > x[off + best * stride]) {
                best = i;
            }
        }
        return best;
    }

    public static float relu(float x) {
        return max(x, 0f);
    }

    /** x &gt; 0 ? x : α·x; α·x of two floats is exact in double, so casting back is the one float rounding. */
    public static float leakyRelu(float x, float alpha) {
        return x > 0 ? x : (float) ((double) alpha * x);
    }

    /** The gradient passes where x &gt; 0: at ±0 and NaN it is blocked. */
    public static float reluBackward(float dy, float x) {
        return x > 0 ? dy : 0f;
    }

    public static float leakyReluBackward(float dy, float x, float alpha) {
        return x > 0 ? dy : (float) ((double) alpha * dy);
    }

    public static double exp(float x) {
        return StrictMath.exp(x);
    }

    /** σ(x) = 1 / (1 + e^−x), in double: e^−x overflows only beyond x &lt; −709, far past float's range. */
    public static double sigmoid(float x) {
        return 1.0 / (1.0 + StrictMath.exp(-(double) x));
    }

    public static double tanh(float x) {
        return StrictMath.tanh(x);
    }

    /** dy·y·(1 − y), exact in double for float inputs up to the last product's rounding. */
    public static double sigmoidBackward(float dy, float y) {
        return (double) dy * y * (1.0 - y);
    }

    /** dy·(1 − y²). */
    public static double tanhBackward(float dy, float y) {
        return (double) dy * (1.0 - (double) y * y);
    }
}
