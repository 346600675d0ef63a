package dev.lanes.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.nn.Dense;
import dev.lanes.nn.Dropout;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.parallel.Workers;
import org.junit.jupiter.api.Test;

/** When {@code Session.threads} splits a batch: only when each thread gets {@link Workers#MIN_WORK}. */
class SessionSplitTest {

    @Test
    void aRowsWorkIsItsProductsMultiplyAddsPlusItsElementwiseOperations() {
        // 784·128 + 128 (ReLU) + 128·10
        assertEquals(101_760, Model.of(Sequential.of(1, 1, new Dense(784, 128), new Relu(128), new Dense(128, 10)))
                .workPerRow());
        // 2·100 + 100 + 100·3; Dropout is the identity at inference and costs nothing
        assertEquals(600, Model.of(Sequential.of(1, 1, new Dense(2, 100), new Relu(100), new Dropout(100, 0.5),
                new Dense(100, 3))).workPerRow());
    }

    @Test
    void aBatchSplitsOnlyWhenEveryThreadGetsTheMinimumWork() {
        assertEquals(1L << 16, Workers.MIN_WORK);
        // The spiral's 2-100-3 network: 2·2¹⁶ / 600 = 218.45, so 219 rows on two threads.
        assertFalse(Session.worthSplitting(218, 600, 2));
        assertTrue(Session.worthSplitting(219, 600, 2));
        assertFalse(Session.worthSplitting(436, 600, 4));
        assertTrue(Session.worthSplitting(437, 600, 4));
        // 784-128-10: any batch the row rule lets through (16 rows and more).
        assertTrue(Session.worthSplitting(16, 101_760, 2));
        assertTrue(Session.worthSplitting(2, 101_760, 2));
        assertFalse(Session.worthSplitting(1, 101_760, 2));
        // A row of more work than all the threads need, and the largest counts: no overflow.
        assertTrue(Session.worthSplitting(Integer.MAX_VALUE, Long.MAX_VALUE, 256));
        assertTrue(Session.worthSplitting(1, Long.MAX_VALUE, 256));
        assertFalse(Session.worthSplitting(1, 1, 256));
        assertTrue(Session.worthSplitting(Integer.MAX_VALUE, 1, 256));
    }
}
