package dev.lanes.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.data.Batch;
import dev.lanes.data.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential#fillInput}: each training thread fills the input columns its slices of the first layer
 * multiply, once each; and {@link Dataset#gatherTargets} with {@link Dataset#gatherColumns} over such parts
 * gives exactly what {@link Dataset#gather} gives; and {@link Sequential#fillInputAhead} fills every column
 * once, on the helpers where it can.
 */
class FillInputTest {

    private static List<int[]> calls(Sequential net) {
        List<int[]> calls = Collections.synchronizedList(new ArrayList<>());
        net.fillInput((c0, c1) -> calls.add(
                new int[] {c0, c1, Thread.currentThread().getName().startsWith("lanes-worker-") ? 1 : 0}));
        calls.sort((a, b) -> Integer.compare(a[0], b[0]));
        return calls;
    }

    @Test
    void eachThreadFillsTheColumnsOfItsSlices() {
        Sequential net = Sequential.of(8, 1, new Dense(784, 128), new Relu(128), new Dense(128, 10)); // 4 slices
        List<int[]> one = calls(net);
        assertEquals(1, one.size());
        assertArrayEquals(new int[] {0, 784, 0}, one.get(0), "one thread: every column on the caller");
        for (int threads = 2; threads <= 5; threads++) {
            net.threads(threads);
            List<int[]> parts = calls(net);
            int next = 0;
            for (int[] part : parts) {
                assertEquals(next, part[0], threads + " threads: the parts tile the columns in order");
                next = part[1];
            }
            assertEquals(784, next);
            assertEquals(Math.min(threads, 4), parts.size(), threads + " threads, 4 slices");
            for (int p = 0; p < parts.size(); p++) {
                int slice = Parameters.firstSlice(4, threads, p);
                assertEquals(Parameters.sliceRow(784, 4, slice), parts.get(p)[0], "the first column of a slice");
                if (p == 0) { // the others run on their helper, or on the caller when it claims them first
                    assertEquals(0, parts.get(p)[2], "part 0 on the caller");
                }
            }
        }
        net.threads(1);
    }

    @Test
    void aFirstLayerThatIsNotSlicedIsFilledOnTheCaller() {
        Sequential net = Sequential.of(8, 1, new Dense(40, 96), new Relu(96)).threads(3);
        List<int[]> parts = calls(net);
        assertEquals(1, parts.size());
        assertArrayEquals(new int[] {0, 40, 0}, parts.get(0));
        net.threads(1);
    }

    @Test
    void columnsAndTargetsInPartsGiveWhatGatherGives() {
        int rows = 50, width = 37;
        float[] x = new float[rows * width];
        int[] y = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.5f - 3;
        }
        for (int r = 0; r < rows; r++) {
            y[r] = r % 4;
        }
        Dataset data = Dataset.classification("parts", x, width, y, 4);
        int[] order = {7, 3, 49, 0, 12, 12, 30, 8, 1};
        Batch whole = data.newBatch(6);
        Batch parts = data.newBatch(6);
        data.gather(whole, order, 2, 6);
        data.gatherTargets(parts, order, 2, 6);
        for (int[] range : new int[][] {{20, 37}, {0, 5}, {5, 20}}) {
            data.gatherColumns(parts, order, 2, 6, range[0], range[1]);
        }
        assertEquals(whole.size(), parts.size());
        assertArrayEquals(whole.features(), parts.features());
        assertArrayEquals(whole.targets().labels(), parts.targets().labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data.gatherColumns(parts, order, 2, 6, 30, 38));
        assertEquals("columns [30, 38) are outside [0, 37)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.gatherColumns(parts, order, 2, 6, 5, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> data.gatherColumns(parts, new int[] {50}, 0, 1, 0, 1));
    }

    /**
     * Hands out a fill ahead, runs a training forward and backward of the network, awaits the fill; returns
     * the fill's calls sorted by first column, each {c0, c1, 1 if on a helper}.
     */
    private static List<int[]> aheadCalls(Sequential net, float[] x, float[] dy, int rows) {
        List<int[]> calls = Collections.synchronizedList(new ArrayList<>());
        net.fillInputAhead((c0, c1) -> calls.add(
                new int[] {c0, c1, Thread.currentThread().getName().startsWith("lanes-worker-") ? 1 : 0}));
        net.forward(x, rows, true);
        net.zeroGradientsAndBackward(dy, rows);
        net.awaitInputAhead();
        calls.sort((a, b) -> Integer.compare(a[0], b[0]));
        return calls;
    }

    @Test
    void aFillAheadCoversTheColumnsOnceAndRunsOnTheHelpersAfterTheirPart() {
        int rows = 8;
        Sequential net = Sequential.of(rows, 1, new Dense(784, 128), new Relu(128), new Dense(128, 10));
        float[] x = new float[rows * 784];
        float[] dy = new float[rows * 10];
        for (int threads = 1; threads <= 4; threads++) {
            net.threads(threads);
            int onHelpers = 0;
            // 200 rounds, and more while no part has run on a helper, up to 5 s: a stall (the JIT compiler
            // taking a core) benches the helper for 50 ms, during which the caller copies everything.
            long until = System.nanoTime() + 5_000_000_000L;
            for (int round = 0; round < 200 || (threads > 1 && onHelpers == 0 && System.nanoTime() < until); round++) {
                List<int[]> parts = aheadCalls(net, x, dy, rows);
                int next = 0;
                for (int[] part : parts) {
                    assertEquals(next, part[0], threads + " threads: the parts tile the columns in order");
                    next = part[1];
                    onHelpers += part[2];
                }
                assertEquals(784, next);
                assertEquals(Math.max(1, threads - 1), parts.size(), "one part per helper");
            }
            if (threads == 1) {
                assertEquals(0, onHelpers, "one thread: filled on the caller, in the await");
            } else {
                // The helpers take their parts after their part of the forward product, while the caller runs
                // the rest of the step, so some of them run there (most, on a quiet machine).
                assertTrue(onHelpers > 0, threads + " threads: no part of the fill ran on a helper");
            }
        }
        net.threads(1);
    }

    @Test
    void oneFillAheadAtATimeAndAChangeOfThreadsFinishesIt() {
        Sequential net = Sequential.of(8, 1, new Dense(784, 128), new Relu(128), new Dense(128, 10));
        for (int[] change : new int[][] {{1, 2}, {2, 1}, {2, 3}}) {
            net.threads(change[0]);
            int[] filled = new int[1];
            net.fillInputAhead((c0, c1) -> {
                synchronized (filled) {
                    filled[0] += c1 - c0;
                }
            });
            IllegalStateException twice = assertThrows(IllegalStateException.class,
                    () -> net.fillInputAhead((c0, c1) -> {}));
            assertEquals("a fill already runs ahead; awaitInputAhead() before handing out another",
                    twice.getMessage());
            net.threads(change[1]);
            synchronized (filled) {
                assertEquals(784, filled[0], change[0] + " → " + change[1] + " threads: filled before the change");
            }
            net.awaitInputAhead(); // nothing left: returns
            net.fillInputAhead((c0, c1) -> {}); // and a new one may be handed out
            net.awaitInputAhead();
        }
        net.threads(1);
        assertThrows(NullPointerException.class, () -> net.fillInputAhead(null));
    }

    @Test
    void aFillAheadThatThrowsIsRethrownByTheAwaitAndLeavesNothingPending() {
        int rows = 8;
        Sequential net = Sequential.of(rows, 1, new Dense(784, 128), new Relu(128), new Dense(128, 10));
        float[] x = new float[rows * 784];
        float[] dy = new float[rows * 10];
        for (int threads = 1; threads <= 3; threads++) {
            net.threads(threads);
            IllegalStateException boom = new IllegalStateException("the rows are gone");
            net.fillInputAhead((c0, c1) -> {
                throw boom;
            });
            net.forward(x, rows, true); // the helpers take their part after this product, and fail
            net.zeroGradientsAndBackward(dy, rows);
            IllegalStateException e = assertThrows(IllegalStateException.class, net::awaitInputAhead);
            assertEquals(boom, e, threads + " threads");
            int[] filled = new int[1];
            net.fillInputAhead((c0, c1) -> { // nothing is left pending: a new fill may be handed out
                synchronized (filled) {
                    filled[0] += c1 - c0;
                }
            });
            net.awaitInputAhead();
            assertEquals(784, filled[0], threads + " threads: the next fill covers every column");
        }
        net.threads(1);
    }
}
