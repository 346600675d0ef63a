package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.L;

/**
 * Below these lengths {@link VectorKernels} hands a call to the scalar kernels, because there the scalar
 * loop is faster. A vector kernel is a large method that C2 will not inline ("hot method too big"), so a
 * short call pays a real call plus the set-up of vectors that are barely used, while the scalar loop is
 * inlined into the caller (and C2 often vectorises it itself).
 *
 * <p>The lengths are a table per vector width, each the smallest swept length from which the vector kernel
 * was at least as fast as its scalar twin at that width; the sweep (4, 8 and 16 lanes on one machine, via
 * {@code -XX:MaxVectorSize}) and its figures are in docs/benchmarks.md, "Size dispatch". A width outside the
 * table (the provider refuses such widths today) would get 3L and 2L, the rule the first AVX2 sweep gave.
 *
 * <p>{@code -Dlanes.simd.crossovers=off} sets every length to 0, so the vector code runs at every length:
 * that is how the sweep measures the vector kernels below their crossovers. It is a measuring switch, not a
 * tuning one: results stay within the documented bounds either way, but the dispatch is part of what
 * {@code DeterminismTest} pins.
 *
 * <p>Being a pure function of the length, the dispatch keeps every kernel deterministic: the same n always
 * takes the same path. The scalar loops compute exactly what the vector kernels' scalar tails compute, and
 * every element-wise vector body rounds as the scalar loop does (axpy included: mul then add, no fma), so
 * an element's result does not depend on the length either. The transcendentals have no crossover: their
 * scalar tail is the vector polynomial lane by lane, which the scalar kernels are not, and an element's exp
 * must not depend on the length of the array it is in (DeterminismTest).
 */
final class Crossovers {

    private Crossovers() {}

    /** The system property that turns the dispatch off, for measuring. */
    static final String PROPERTY = "lanes.simd.crossovers";

    private static final boolean OFF = "off".equals(System.getProperty(PROPERTY));

    /**
     * dot, sum, sumOfSquares, max: a reduction pays a lane reduction at the end. Measured: 4 lanes 32 (8L),
     * 8 lanes 24 (3L), 16 lanes 32 (2L).
     */
    static final int REDUCTION = OFF ? 0 : switch (L) {
        case 4 -> 32;
        case 8 -> 24;
        case 16 -> 32;
        default -> 3 * L;
    };

    /**
     * axpy, scale, add, sub, mul, maximum, relu and leaky ReLU with their backward passes. Measured: 4 lanes 8
     * (2L), 8 lanes 24 (3L: at 16 the vector code won, at 20 its four-element scalar tail lost again), 16
     * lanes 32 (2L).
     */
    static final int ELEMENTWISE = OFF ? 0 : switch (L) {
        case 4 -> 8;
        case 8 -> 24;
        case 16 -> 32;
        default -> 2 * L;
    };
}
