package dev.lanes.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A hand-over that loses a wake-up hangs instead of failing: a minute per test turns that into a failure.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkersTest {

    @Test
    void everyPartRunsOncePerRun() {
        for (int threads = 1; threads <= 5; threads++) {
            try (Workers w = Workers.of(threads)) {
                AtomicIntegerArray counts = new AtomicIntegerArray(threads);
                AtomicInteger partsSeen = new AtomicInteger();
                for (int run = 0; run < 2000; run++) {
                    w.run((part, parts) -> {
                        counts.incrementAndGet(part);
                        partsSeen.compareAndSet(0, parts);
                    });
                }
                for (int p = 0; p < threads; p++) {
                    assertEquals(2000, counts.get(p), "part " + p + " of " + threads);
                }
                assertEquals(threads, partsSeen.get());
            }
        }
    }

    @Test
    void aPartWhoseWorkerHasNotStartedRunsOnTheCaller() throws Exception {
        try (Workers w = Workers.of(2)) {
            Thread caller = Thread.currentThread();
            AtomicInteger partOne = new AtomicInteger();
            AtomicInteger partOneOnCaller = new AtomicInteger();
            int runs = 50;
            for (int run = 0; run < runs; run++) {
                // Idle for ten times the workers' spin: the worker parks, and waking it (a futex wake and a
                // context switch on the other core, microseconds) takes far longer than the caller's empty part 0
                // and its claim of part 1.
                Thread.sleep(2);
                w.run((part, parts) -> {
                    if (part == 1) {
                        partOne.incrementAndGet();
                        if (Thread.currentThread() == caller) {
                            partOneOnCaller.incrementAndGet();
                        }
                    }
                });
            }
            assertEquals(runs, partOne.get(), "part 1 ran once per run, whoever ran it");
            assertTrue(partOneOnCaller.get() > 0, "the caller never ran a part whose worker was parked");
        }
    }

    /**
     * Runs a task whose part 0 waits (up to a second) until part 1 has started, so the worker, spinning after
     * the runs before, claims part 1; part 1 sleeps {@code sleepMillis} when it runs on the worker. Returns the
     * thread that ran part 1.
     */
    private static Thread runWithPartOneOnWorker(Workers w, long sleepMillis) {
        return runPartOne(w, sleepMillis, 1_000_000_000L);
    }

    private static Thread runPartOne(Workers w, long sleepMillis, long waitNanos) {
        Thread caller = Thread.currentThread();
        java.util.concurrent.atomic.AtomicReference<Thread> ranOne = new java.util.concurrent.atomic.AtomicReference<>();
        w.run((part, parts) -> {
            if (part == 0) {
                long until = System.nanoTime() + waitNanos;
                while (ranOne.get() == null && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            } else {
                ranOne.set(Thread.currentThread());
                if (Thread.currentThread() != caller && sleepMillis > 0) {
                    try {
                        Thread.sleep(sleepMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        return ranOne.get();
    }

    @Test
    void afterAStallTheCallerRunsAloneForTheSoloStretch() {
        // A stretch of a minute: every run below falls inside it, however slow the machine.
        try (Workers w = Workers.of(2, 60_000_000_000L)) {
            Thread caller = Thread.currentThread();
            assertTrue(runWithPartOneOnWorker(w, 0) != caller, "a spinning worker claims its part");
            assertFalse(w.benched(1));
            // The worker sleeps 20 ms in its part: the caller waits 20 times the stall threshold, after a share
            // of microseconds.
            assertTrue(runWithPartOneOnWorker(w, 20) != caller);
            assertTrue(w.benched(1), "a wait of 20 ms for the worker is a stall");
            for (int run = 0; run < 2000; run++) { // part 0 does not wait: alone, part 1 comes after it
                assertSame(caller, runPartOne(w, 0, 0), "run " + run + " after the stall: on the caller");
            }
            assertTrue(w.benched(1), "the stretch is a time, not a number of runs");
        }
    }

    @Test
    void afterTheSoloStretchTheWorkerGetsItsPartAgain() throws InterruptedException {
        try (Workers w = Workers.of(2, 5_000_000L)) { // 5 ms
            Thread caller = Thread.currentThread();
            assertTrue(runWithPartOneOnWorker(w, 20) != caller);
            Thread.sleep(10); // past the stretch, which began when the 20 ms wait ended
            assertFalse(w.benched(1), "the stretch of 5 ms is over");
            assertTrue(runWithPartOneOnWorker(w, 0) != caller, "the worker gets its part again");
            // A worker whose part is as long as the caller's is no stall, however long both take.
            w.run((part, parts) -> {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertFalse(w.benched(1), "parts of 5 ms each: no stall");
        }
    }

    @Test
    void onMoreThreadsOnlyTheStalledWorkerIsBenchedUnlessStallsOverlap() {
        try (Workers w = Workers.of(3, 60_000_000_000L)) {
            Thread caller = Thread.currentThread();
            Thread[] ran = new Thread[3];
            // Part 0 waits (up to a second) until parts 1 and 2 have started on their workers; part 2 sleeps 20 ms.
            java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
            Workers.Task stallTwo = (part, parts) -> {
                if (part == 0) {
                    long until = System.nanoTime() + 1_000_000_000L;
                    while (started.get() < 2 && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return;
                }
                ran[part] = Thread.currentThread();
                started.incrementAndGet();
                if (part == 2 && Thread.currentThread() != caller) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            w.run(stallTwo);
            assertTrue(ran[1] != caller && ran[2] != caller, "both workers claimed their parts");
            assertTrue(w.benched(2), "the worker that held the run up is benched");
            assertFalse(w.benched(1), "the other is not");
            // The next run: part 2 is the caller's from the start, part 1 still goes to its worker.
            started.set(1); // part 0 now waits for part 1 alone
            w.run(stallTwo);
            assertSame(caller, ran[2], "the benched worker's part ran on the caller");
            assertTrue(ran[1] != caller, "the other worker kept its part");
            assertTrue(w.benched(2));
            // Worker 1 stalls while worker 2 is still benched: the cores are contended, so both are benched and
            // the caller runs alone.
            started.set(1);
            w.run((part, parts) -> {
                if (part == 0) {
                    long until = System.nanoTime() + 1_000_000_000L;
                    while (started.get() < 2 && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                } else if (part == 1 && Thread.currentThread() != caller) {
                    started.incrementAndGet();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertTrue(w.benched(1), "the second worker to stall is benched");
            assertTrue(w.benched(2), "and, the cores being contended, so is the first");
            w.run(stallTwo);
            assertSame(caller, ran[1], "alone: part 1 on the caller");
            assertSame(caller, ran[2], "alone: part 2 on the caller");
        }
    }

    /** Runs a task that records the thread of each part, and returns them. */
    private static Thread[] runRecording(Workers w) {
        Thread[] ran = new Thread[w.threads()];
        w.run((part, parts) -> ran[part] = Thread.currentThread());
        return ran;
    }

    /** Sleeps past the run queue's reading interval, so that the next run reads it. */
    private static void pastTheReadingInterval() throws InterruptedException {
        Thread.sleep(Workers.PROBE_NANOS / 1_000_000 + 1);
    }

    @Test
    void aThreadWaitingForACoreBenchesTheLastWorkersBeforeAnyStall() throws InterruptedException {
        // Three cores, a team of three: the machine's run queue, as the fake reports it, decides.
        java.util.concurrent.atomic.AtomicInteger ready = new java.util.concurrent.atomic.AtomicInteger(3);
        try (Workers w = Workers.of(3, 60_000_000_000L, ready::get, 3)) {
            Thread caller = Thread.currentThread();
            runRecording(w);
            assertFalse(w.benched(1) || w.benched(2), "three threads ready on three cores: none waits");
            pastTheReadingInterval();
            ready.set(4); // one more thread ready than cores
            Thread[] ran = runRecording(w);
            assertTrue(w.benched(2), "the last worker leaves its core to the waiting thread");
            assertFalse(w.benched(1), "one waiting thread takes one core");
            assertSame(caller, ran[2], "the benched worker's part runs on the caller, in the same run");
            pastTheReadingInterval();
            ready.set(4); // the benched worker parked; the caller, a worker and two others ready: still one too many
            runRecording(w);
            assertTrue(w.benched(1) && w.benched(2), "a second thread waits: the other worker is benched too");
            for (int run = 0; run < 100; run++) { // within the reading interval, the reading stands
                Thread[] alone = runRecording(w);
                assertSame(caller, alone[1], "run " + run);
                assertSame(caller, alone[2], "run " + run);
            }
        }
    }

    @Test
    void roomOnTheMachineBringsBenchedWorkersBackBeforeTheirStretchEnds() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger ready = new java.util.concurrent.atomic.AtomicInteger(2);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        // The first reading, at the first run's start, shows no one waiting; the second, when the stall is seen,
        // a third thread (the one that took the worker's core); then whatever `ready` says.
        try (Workers w = Workers.of(2, 60_000_000_000L, () -> calls.getAndIncrement() == 1 ? 3 : ready.get(), 2)) {
            Thread caller = Thread.currentThread();
            assertTrue(runWithPartOneOnWorker(w, 20) != caller);
            assertTrue(w.benched(1), "a stall benches the worker for a minute");
            assertEquals(2, calls.get(), "the queue was read at the start of the run and at the stall");
            pastTheReadingInterval();
            ready.set(-1);
            runRecording(w);
            assertTrue(w.benched(1), "a run queue it cannot read changes nothing");
            pastTheReadingInterval();
            ready.set(2); // the caller and the thread that took the worker's core: no room yet
            runRecording(w);
            assertTrue(w.benched(1), "two cores, both busy");
            pastTheReadingInterval();
            ready.set(1); // the caller alone: a core is free
            runRecording(w);
            assertFalse(w.benched(1), "a free core brings the worker back, long before its stretch ends");
            assertTrue(runWithPartOneOnWorker(w, 0) != caller, "and it gets its part again");
        }
    }

    @Test
    void aStallTheRunQueueDoesNotExplainKeepsItsStretch() throws InterruptedException {
        // No thread waits for a core when the stall is seen (another virtual machine took it, say): a free
        // core in this machine's queue says nothing about that one, so the stretch stands.
        java.util.concurrent.atomic.AtomicInteger ready = new java.util.concurrent.atomic.AtomicInteger(2);
        try (Workers w = Workers.of(2, 60_000_000_000L, ready::get, 2)) {
            Thread caller = Thread.currentThread();
            assertTrue(runWithPartOneOnWorker(w, 20) != caller);
            assertTrue(w.benched(1));
            for (int round = 0; round < 3; round++) {
                pastTheReadingInterval();
                ready.set(1);
                assertSame(caller, runRecording(w)[1], "round " + round + ": still on the caller");
                assertTrue(w.benched(1), "round " + round);
            }
        }
    }

    @Test
    void aTeamLargerThanTheMachineCountsOnlyOtherThreadsAsWaiting() throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger ready = new java.util.concurrent.atomic.AtomicInteger(3);
        int[] readings = new int[1];
        try (Workers w = Workers.of(3, 60_000_000_000L, () -> {
            readings[0]++;
            return ready.get();
        }, 2)) {
            runRecording(w);
            assertFalse(w.benched(1) || w.benched(2), "three threads of its own on two cores are the user's choice");
            pastTheReadingInterval();
            ready.set(4);
            runRecording(w);
            assertTrue(w.benched(2) && !w.benched(1), "a fourth thread waits: one worker steps aside");
            int before = readings[0];
            long start = System.nanoTime();
            for (int run = 0; run < 2000; run++) {
                runRecording(w);
            }
            long intervals = (System.nanoTime() - start) / Workers.PROBE_NANOS + 1;
            assertTrue(readings[0] - before <= intervals, (readings[0] - before) + " readings in " + intervals
                    + " intervals: at most one an interval");
        }
    }

    @Test
    void theRunsWritesAreVisibleWhenItReturns() {
        try (Workers w = Workers.of(3)) {
            int[] data = new int[3000];
            for (int run = 1; run <= 500; run++) {
                int value = run;
                w.run((part, parts) -> {
                    for (int i = Workers.start(data.length, parts, part, 16); i < Workers.start(data.length, parts,
                            part + 1, 16); i++) {
                        data[i] = value;
                    }
                });
                for (int x : data) {
                    assertEquals(run, x);
                }
            }
        }
    }

    @Test
    void rangesTileTheIndicesAtAlignedBoundaries() {
        for (int n = 0; n <= 70; n++) {
            for (int parts = 1; parts <= 6; parts++) {
                for (int align : new int[] {1, 8, 16}) {
                    int[] covered = new int[n];
                    assertEquals(0, Workers.start(n, parts, 0, align));
                    assertEquals(n, Workers.start(n, parts, parts, align));
                    for (int p = 0; p < parts; p++) {
                        int a = Workers.start(n, parts, p, align), b = Workers.start(n, parts, p + 1, align);
                        assertTrue(a <= b, n + "/" + parts + "/" + align);
                        if (a < b) {
                            assertTrue(b - a >= Math.min(n, align), "a non-empty range holds at least "
                                    + Math.min(n, align) + ": [" + a + ", " + b + ") of " + n);
                        }
                        if (b < n) {
                            assertEquals(0, b % align, "inner boundaries are multiples of " + align);
                        }
                        for (int i = a; i < b; i++) {
                            covered[i]++;
                        }
                    }
                    int[] once = new int[n];
                    java.util.Arrays.fill(once, 1);
                    assertArrayEquals(once, covered, n + " items in " + parts + " parts aligned to " + align);
                }
            }
        }
    }

    @Test
    void aFailingPartIsRethrownAfterTheOthersFinish() {
        try (Workers w = Workers.of(3)) {
            AtomicInteger finished = new AtomicInteger();
            IllegalStateException boom = new IllegalStateException("part 2 failed");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.run((part, parts) -> {
                if (part == 2) {
                    throw boom;
                }
                finished.incrementAndGet();
            }));
            assertSame(boom, e);
            assertEquals(2, finished.get());
            AtomicInteger again = new AtomicInteger();
            w.run((part, parts) -> again.incrementAndGet()); // the team still works
            assertEquals(3, again.get());
        }
    }

    @Test
    void oneCallerAtATimeAndNoRunAfterClose() throws Exception {
        Workers w = Workers.of(2);
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread first = new Thread(() -> w.run((part, parts) -> {
            if (part == 0) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }), "first caller");
        first.start();
        inside.await();
        IllegalStateException busy = assertThrows(IllegalStateException.class, () -> w.run((part, parts) -> {}));
        assertEquals("these workers are running a task for first caller; a team serves one caller at a time",
                busy.getMessage());
        release.countDown();
        first.join();
        w.close();
        assertThrows(IllegalStateException.class, () -> w.run((part, parts) -> {}));
        assertThrows(IllegalArgumentException.class, () -> Workers.of(0));
        assertThrows(IllegalArgumentException.class, () -> Workers.of(257));
    }

    @Test
    void aTaskRunAheadRunsOnTheWorkersAfterTheirPartOfTheNextRunWhileTheCallerGoesOn() {
        for (int threads = 1; threads <= 4; threads++) {
            try (Workers w = Workers.of(threads)) {
                Thread caller = Thread.currentThread();
                int helpers = Math.max(1, threads - 1);
                int[] written = new int[helpers]; // plain writes: awaitAhead must make them visible
                AtomicIntegerArray counts = new AtomicIntegerArray(helpers);
                AtomicInteger onWorkers = new AtomicInteger();
                AtomicInteger partsSeen = new AtomicInteger();
                AtomicInteger started = new AtomicInteger();
                for (int round = 1; round <= 500; round++) {
                    int r = round;
                    started.set(0);
                    w.runAhead((part, parts) -> {
                        partsSeen.compareAndSet(0, parts);
                        counts.incrementAndGet(part);
                        written[part] = r;
                        if (Thread.currentThread() != caller) {
                            onWorkers.incrementAndGet();
                        }
                        started.incrementAndGet();
                    });
                    assertTrue(w.aheadPending());
                    // Part 0 waits (up to 10 ms, thousands of hand-overs) until every ahead part has started: they
                    // can only start on the workers, after their own parts of this run, while the caller is still
                    // in part 0. (Not after a stall has benched a worker: then the caller runs its part.)
                    int expect = threads == 1 ? 0 : helpers;
                    w.run((part, parts) -> {
                        if (part == 0) {
                            long until = System.nanoTime() + 10_000_000L;
                            while (started.get() < expect && System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                    });
                    w.awaitAhead();
                    assertFalse(w.aheadPending());
                    for (int p = 0; p < helpers; p++) {
                        assertEquals(r, written[p], "round " + r + ", part " + p + " of " + threads + " threads");
                        assertEquals(r, counts.get(p), "every ahead part runs once per round");
                    }
                }
                assertEquals(helpers, partsSeen.get(), "split among the workers");
                if (threads == 1) {
                    assertEquals(0, onWorkers.get(), "one thread: the caller runs it in awaitAhead");
                } else {
                    assertTrue(onWorkers.get() > 0, "no ahead part ever ran on a worker");
                }
            }
        }
    }

    @Test
    void withoutARunInBetweenTheCallerRunsTheAheadTaskInAwait() {
        try (Workers w = Workers.of(3)) {
            Thread caller = Thread.currentThread();
            for (int round = 0; round < 100; round++) {
                AtomicInteger onCaller = new AtomicInteger();
                w.runAhead((part, parts) -> {
                    if (Thread.currentThread() == caller) {
                        onCaller.incrementAndGet();
                    }
                });
                // The workers look for an ahead task only after a run: none comes, so none of them takes it.
                w.awaitAhead();
                assertEquals(2, onCaller.get(), "round " + round);
            }
            w.awaitAhead(); // nothing pending: returns at once
        }
    }

    @Test
    void aBenchedWorkersAheadPartRunsOnTheCaller() {
        try (Workers w = Workers.of(2, 60_000_000_000L)) {
            Thread caller = Thread.currentThread();
            assertTrue(runWithPartOneOnWorker(w, 20) != caller);
            assertTrue(w.benched(1));
            for (int round = 0; round < 200; round++) {
                AtomicInteger onCaller = new AtomicInteger();
                w.runAhead((part, parts) -> {
                    if (Thread.currentThread() == caller) {
                        onCaller.incrementAndGet();
                    }
                });
                w.run((part, parts) -> {});
                w.awaitAhead();
                assertEquals(1, onCaller.get(), "round " + round + ": claimed by the caller when handed out");
            }
        }
    }

    @Test
    void aFailingAheadPartIsRethrownByAwaitAndOneTaskRunsAheadAtATime() {
        for (int threads = 1; threads <= 3; threads++) {
            try (Workers w = Workers.of(threads)) {
                IllegalStateException boom = new IllegalStateException("ahead failed");
                w.runAhead((part, parts) -> {
                    throw boom;
                });
                IllegalStateException twice = assertThrows(IllegalStateException.class,
                        () -> w.runAhead((part, parts) -> {}));
                assertEquals("a task already runs ahead; awaitAhead() before handing out another", twice.getMessage());
                w.run((part, parts) -> {});
                assertSame(boom, assertThrows(IllegalStateException.class, w::awaitAhead));
                assertFalse(w.aheadPending());
                AtomicInteger again = new AtomicInteger();
                w.runAhead((part, parts) -> again.incrementAndGet()); // the team still works
                w.awaitAhead();
                assertEquals(Math.max(1, threads - 1), again.get());
            }
        }
    }

    @Test
    void aStallInAnAheadPartBenchesItsWorker() {
        try (Workers w = Workers.of(2, 60_000_000_000L)) {
            Thread caller = Thread.currentThread();
            AtomicInteger started = new AtomicInteger();
            w.runAhead((part, parts) -> {
                started.incrementAndGet();
                if (Thread.currentThread() != caller) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            w.run((part, parts) -> { // part 0 returns once the worker has started the ahead part
                long until = System.nanoTime() + 1_000_000_000L;
                while (part == 0 && started.get() == 0 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            assertFalse(w.benched(1), "the run itself did not stall");
            w.awaitAhead(); // waits about 20 ms for a task handed out microseconds before
            assertTrue(w.benched(1), "a wait of 20 ms for an ahead part is a stall");
        }
    }

    @Test
    void aWorkerLateForARunLeavesTheAheadTaskForTheNextRun() throws InterruptedException {
        try (Workers w = Workers.of(2)) {
            Thread caller = Thread.currentThread();
            int onWorker = 0;
            for (int round = 0; round < 20; round++) {
                Thread.sleep(2); // the worker parks; waking it for the run below takes tens of microseconds
                w.run((part, parts) -> {}); // the caller runs part 1 too, before the worker is up
                AtomicInteger ranOnWorker = new AtomicInteger();
                w.runAhead((part, parts) -> {
                    if (Thread.currentThread() != caller) {
                        ranOnWorker.incrementAndGet();
                    }
                });
                // The worker wakes for the run above after the task was handed out: that run came before it, so
                // the worker leaves the task for the next run. None comes: the caller runs it in awaitAhead.
                Thread.sleep(5);
                w.awaitAhead();
                onWorker += ranOnWorker.get();
            }
            assertEquals(0, onWorker, "rounds in which a worker took the task after a run from before it");
        }
    }
}
