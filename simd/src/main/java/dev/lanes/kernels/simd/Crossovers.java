package dev.lanes.kernels.simd;

import static dev.lanes.kernels.simd.VectorShapes.L;

/**
 * Below these lengths {@link VectorKernels} hands a call to the scalar kernels, because there the scalar
 * loop is faster. A vector kernel is a large method that C2 will not inline ("hot method too big"), so a
 * short call pays a real call plus the set-up of vectors that are barely used, while the scalar loop is
 * inlined into the caller (and C2 often vectorises it itself). Each length is the smallest of the sizes
 * measured (1, 2, 4, 8, 13, 16, 24, 32, 64) from which the vector kernel was at least as fast as its scalar
 * twin, in lanes L (8 on AVX2) so that a wider machine keeps the same number of vector steps; how they were
 * measured and the figures are in docs/benchmarks.md, "Size dispatch".
 *
 * <p>Being a pure function of the length, the dispatch keeps every kernel deterministic: the same n always
 * takes the same path. The scalar loops compute exactly what the vector kernels' scalar tails compute, so an
 * element's result does not depend on the length either (except axpy, whose vector body uses one fma: see
 * VectorElementwise). The transcendentals have no crossover: their scalar tail is the vector polynomial
 * lane by lane, which the scalar kernels are not, and an element's exp must not depend on the length of
 * the array it is in (DeterminismTest).
 */
final class Crossovers {

    private Crossovers() {}

    /** dot, sum, sumOfSquares, max: a reduction pays a lane reduction at the end; at 2L it still lost. */
    static final int REDUCTION = 3 * L;

    /** axpy, scale, add, sub, mul, maximum, relu and leaky ReLU with their backward passes. */
    static final int ELEMENTWISE = 2 * L;
}
