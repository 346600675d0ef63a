package dev.lanes.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.kernels.KernelSupport;
import org.junit.jupiter.api.Test;

class ProviderTest {

    @Test
    void loadsTheVectorKernelsWhenTheModuleIsEnabled() {
        KernelSupport impl = new SimdKernelsProvider().load();
        assertEquals("simd", impl.name());
        assertEquals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(), impl.vectorBitSize());
    }
}
