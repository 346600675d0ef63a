package dev.lanes.kernels.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector-API constants, in their own holder so that no class that must load without the incubator module
 * has a static initializer touching it. Loaded only after {@link SimdKernelsProvider}'s checks.
 */
final class VectorShapes {

    private VectorShapes() {}

    /** The preferred float species: 8 lanes on AVX2, 16 on AVX-512, 4 on NEON. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Lanes of {@link #F}. */
    static final int L = F.length();
}
