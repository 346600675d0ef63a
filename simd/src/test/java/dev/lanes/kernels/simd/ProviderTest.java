package dev.lanes.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.kernels.KernelSupport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class ProviderTest {

    @Test
    void loadsTheVectorKernelsWhenTheModuleIsEnabled() {
        KernelSupport impl = new SimdKernelsProvider().load();
        assertEquals("simd", impl.name());
        assertEquals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(), impl.vectorBitSize());
        String bits = System.getProperty("lanes.expect.bits");
        if (bits != null) { // a narrowed Surefire execution: the flag must have narrowed the species
            assertTrue(impl.vectorBitSize() <= Integer.parseInt(bits), impl.vectorBitSize() + " bits");
        }
        System.out.println("[lanes] simd tests at " + impl.vectorBitSize() + " bits");
    }

    @Test
    void theSelfCheckPassesOnTheRealKernels() {
        assertNull(SelfCheck.run(new VectorKernels()));
    }

    /** Each kernel the self-check covers, made wrong in one way a width bug would, is caught and named. */
    @Test
    void theSelfCheckCatchesAKernelThatIsWrong() {
        String[][] cases = {{"dot", "dot"}, {"sum", "sum"}, {"max", "max"}, {"exp", "exp by position"},
            {"gemm", "gemm C["}};
        for (String[] c : cases) {
            String m = SelfCheck.run(broken(new VectorKernels(), c[0]));
            assertNotNull(m, c[0] + " broken but not caught");
            assertTrue(m.startsWith(c[1]), m);
        }
    }

    /** A proxy to {@code real} whose method {@code name} doubles its result (or its first output value). */
    private static KernelSupport broken(KernelSupport real, String name) {
        return (KernelSupport) Proxy.newProxyInstance(KernelSupport.class.getClassLoader(),
                new Class<?>[] {KernelSupport.class}, (proxy, method, args) -> {
                    Object r;
                    try {
                        r = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!method.getName().equals(name)) {
                        return r;
                    }
                    if (r instanceof Float f) {
                        return 2 * f + 1;
                    }
                    float[] out = (float[]) args[0];
                    out[out.length - 1] += 1f; // the last element: a tail, or the last edge tile of C
                    return r;
                });
    }
}
