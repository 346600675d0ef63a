package dev.lanes.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lanes.kernels.Kernels;
import org.junit.jupiter.api.Test;

class SelectionTest {

    /** Each Surefire execution says which implementation it must get; a silent fallback fails here. */
    @Test
    void theExpectedImplementationWasSelected() {
        String expected = System.getProperty("lanes.expect");
        assertEquals(expected, Kernels.describe().implementation(), Kernels.describe().toString());
    }
}
