package dev.lanes.kernels;

/**
 * A right-hand matrix B (k × n) packed once, by {@link Kernels#pack}, into the layout the running kernels
 * multiply fastest: for the SIMD kernels, panels of two vectors' width (so the layout depends on the vector
 * width, and a PackedB is made in the JVM that uses it); for the scalar kernels, a dense row-major copy.
 * Weights of an inference model never change, so packing them at load saves the copy every product would
 * otherwise make. Immutable after packing, and shared freely between threads.
 *
 * <p>{@link #of} and {@link #data()} are for {@link KernelSupport} implementations; users get a PackedB from
 * {@link Kernels#pack} and pass it to {@link Kernels#gemmPacked}, which rejects one packed by another
 * implementation or at another width.
 */
public final class PackedB {

    private final float[] data;
    private final int k;
    private final int n;
    private final String layout;

    private PackedB(float[] data, int k, int n, String layout) {
        this.data = data;
        this.k = k;
        this.n = n;
        this.layout = layout;
    }

    /**
     * Wraps an implementation's packed array (not copied: the caller hands it over).
     *
     * @param data   the packed values, in the layout of the implementation that fills them
     * @param k      the rows of B (the inner dimension of A·B), ≥ 0
     * @param n      the columns of B (the width of the product), ≥ 0
     * @param layout names the implementation and width that packed it, e.g. {@code "simd/512"}
     * @return the wrapper, holding {@code data} itself
     */
    public static PackedB of(float[] data, int k, int n, String layout) {
        return new PackedB(data, k, n, layout);
    }

    /** {@return the packed values, for the implementation that made them; never to be modified} */
    public float[] data() {
        return data;
    }

    /** {@return the rows of B: the inner dimension k of A·B} */
    public int rows() {
        return k;
    }

    /** {@return the columns of B: the width n of the product} */
    public int columns() {
        return n;
    }

    /** {@return the implementation and vector width that packed B, e.g. {@code "simd/512"}} */
    public String layout() {
        return layout;
    }

    /** {@return the heap bytes of the packed values (4 per float)} */
    public long bytes() {
        return 4L * data.length;
    }

    @Override
    public String toString() {
        return "PackedB[" + k + " × " + n + ", " + layout + ", " + data.length + " floats]";
    }
}
