package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.parallel.Workers;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The slice plan of {@link Parameters}: how tensors are cut (by shape only), who owns each slice, and that the
 * parallel passes visit every index exactly once, each slice on its owner's thread, with a total that does
 * not depend on the thread count.
 */
class ParametersSlicesTest {

    @Test
    void tensorsAreCutByShapeOnly() {
        assertEquals(1, Parameters.slices(100, 100), "10 000 floats: below 2^15");
        assertEquals(1, Parameters.slices(200, 1000), "200 rows: fewer than 2 slices of 128 rows");
        assertEquals(2, Parameters.slices(256, 128));
        assertEquals(4, Parameters.slices(784, 128), "784 / 128 = 6.1 → the power of two below, 4");
        assertEquals(4, Parameters.slices(520, 64));
        assertEquals(8, Parameters.slices(1040, 32));
        assertEquals(8, Parameters.slices(100_000, 1), "at most 8");
        for (int slices : new int[] {2, 4, 8}) {
            for (int rows : new int[] {256, 784, 1031, 4096}) {
                assertEquals(0, Parameters.sliceRow(rows, slices, 0));
                assertEquals(rows, Parameters.sliceRow(rows, slices, slices));
                for (int c = 1; c < slices; c++) {
                    int row = Parameters.sliceRow(rows, slices, c);
                    assertEquals(0, row % 8, "inner boundaries at multiples of 8 rows");
                    assertTrue(row > Parameters.sliceRow(rows, slices, c - 1), "no empty slice");
                }
            }
        }
    }

    @Test
    void eachSliceHasOneOwnerAndUncutTensorsBelongToTheCaller() {
        for (int slices : new int[] {1, 2, 4, 8}) {
            for (int parts = 1; parts <= 9; parts++) {
                assertEquals(0, Parameters.firstSlice(slices, parts, 0));
                assertEquals(slices, Parameters.firstSlice(slices, parts, parts));
                for (int p = 0; p < parts; p++) {
                    assertTrue(Parameters.firstSlice(slices, parts, p) <= Parameters.firstSlice(slices, parts, p + 1));
                }
            }
            assertEquals(1, Parameters.firstSlice(1, 4, 1), "one slice: thread 0's");
        }
    }

    /** A model with a 784 × 128 W (4 slices) between small tensors. */
    private static Parameters model() {
        Parameters.Builder b = new Parameters.Builder();
        b.add("b0", 1, 7, false);
        b.add("W", 784, 128, true);
        b.add("b", 1, 128, false);
        b.add("W2", 128, 10, true);
        Parameters p = b.build();
        for (int i = 0; i < p.size(); i++) {
            p.values()[i] = (float) Math.sin(i * 0.37);
        }
        return p;
    }

    @Test
    void everyIndexIsUpdatedOnceOnItsOwnersThreadForAnyThreadCount() {
        for (int threads = 1; threads <= 5; threads++) {
            Parameters p = model();
            try (Workers w = Workers.of(threads)) {
                p.useWorkers(threads == 1 ? null : w);
                AtomicIntegerArray visits = new AtomicIntegerArray(p.size());
                ConcurrentHashMap<Integer, String> thread = new ConcurrentHashMap<>();
                p.updateInRanges((from, to) -> {
                    for (int i = from; i < to; i++) {
                        visits.incrementAndGet(i);
                        thread.put(i, Thread.currentThread().getName());
                    }
                });
                for (int i = 0; i < p.size(); i++) {
                    assertEquals(1, visits.get(i), "index " + i + " on " + threads + " threads");
                }
                // The W slices of threads 1.. are updated on their own threads, the small tensors on the caller.
                String caller = Thread.currentThread().getName();
                assertEquals(caller, thread.get(0), "b0 belongs to the caller");
                assertEquals(caller, thread.get(p.size() - 1), "W2 belongs to the caller");
                int lastW = 7 + 784 * 128 - 1;
                int owner = 0;
                while (Parameters.firstSlice(4, threads, owner + 1) <= 3) {
                    owner++;
                }
                // A part runs on its worker, or on the caller when the caller claims it first (Workers).
                String ran = thread.get(lastW);
                assertTrue(ran.equals(caller) || ran.equals("lanes-worker-" + owner),
                        "W's last slice on " + threads + " threads ran on " + ran);
                for (int i = lastW - 784 * 128 / 4 + 1; i <= lastW; i++) { // the whole slice on one thread
                    assertEquals(ran, thread.get(i), "index " + i);
                }
                p.useWorkers(null);
            }
        }
    }

    @Test
    void sumsInSlicesHaveTheSameBitsOnAnyThreadCount() {
        double one = 0;
        for (int threads = 1; threads <= 5; threads++) {
            Parameters p = model();
            try (Workers w = Workers.of(threads)) {
                p.useWorkers(threads == 1 ? null : w);
                double total = p.sumInSlices((params, segment, from, to) -> {
                    double s = 0;
                    for (int i = from; i < to; i++) {
                        s += params.values()[i] * (double) params.values()[i] * (segment.decays() ? 1 : 3);
                    }
                    return s;
                });
                if (threads == 1) {
                    one = total;
                    double plain = 0;
                    for (int i = 0; i < p.size(); i++) {
                        boolean decays = i >= 7 && i < 7 + 784 * 128 || i >= 7 + 784 * 128 + 128;
                        plain += p.values()[i] * (double) p.values()[i] * (decays ? 1 : 3);
                    }
                    // The slices' sums group the same positive terms differently from one running sum; each is
                    // within γ_n·Σ of the exact sum (n = p.size() terms, γ_n ≈ n·2⁻⁵³), so they differ by ≤ 2·γ_n·Σ.
                    assertEquals(plain, total, 2 * p.size() * 0x1p-53 * plain);
                } else {
                    assertEquals(Double.doubleToLongBits(one), Double.doubleToLongBits(total), threads + " threads");
                }
                p.useWorkers(null);
            }
        }
    }
}
