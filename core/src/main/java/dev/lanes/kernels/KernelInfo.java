package dev.lanes.kernels;

/**
 * What {@link Kernels} chose and why, for users and bug reports.
 *
 * @param implementation the implementation's name ({@code "scalar"} or {@code "simd"})
 * @param vectorBits     the vector width in bits (32 for scalar)
 * @param jdk            the running JDK: version, vendor and VM
 * @param reason         why this implementation was chosen, and how to get the other one where that helps
 */
public record KernelInfo(String implementation, int vectorBits, String jdk, String reason) {

    /** {@return the float lanes per vector: {@code vectorBits / 32}, 1 for scalar} */
    public int floatLanes() {
        return vectorBits / Float.SIZE;
    }

    @Override
    public String toString() {
        String width = floatLanes() > 1 ? " (" + vectorBits + "-bit vectors, " + floatLanes() + " float lanes)"
                : " (one float at a time)";
        return implementation + " kernels" + width + " on " + jdk + ": " + reason;
    }
}
