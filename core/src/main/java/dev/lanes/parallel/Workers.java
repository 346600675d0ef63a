package dev.lanes.parallel;

import dev.lanes.args.Args;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * A fixed team of threads that runs one {@link Task} at a time in {@code threads()} parts: the calling thread
 * runs part 0, {@code threads() − 1} daemon workers run the others, and {@link #run} returns when every part
 * has finished. Nothing is allocated per run (the task is the caller's object, the hand-over is a volatile
 * generation counter, an atomic countdown and park/unpark), so a training step that uses it stays at 0 B.
 *
 * <p>Which part computes what is the caller's choice, and the callers in Lanes choose splits whose results do
 * not depend on the number of parts (rows of a product, ranges of an element-wise update): that is what
 * makes multi-threaded training bit-identical for any thread count (docs/training.md, "Threads").
 *
 * <p>A part is run by whichever thread claims it first: worker p claims part p, and the caller, once part 0
 * is done, claims every part whose worker has not started it yet. On a quiet machine each worker runs its own
 * part; when a worker is not on a core (the JIT compiler, the garbage collector or another process holds it,
 * or it is waking from a park), the caller runs its part instead of waiting a scheduler time slice for it.
 * The results are the same either way, since a part's work does not depend on the thread that runs it.
 *
 * <p>When the caller has waited for a worker more than a millisecond beyond its own share of a run (the worker
 * was off its core for a scheduler time slice), it benches that worker: for the next 50 ms
 * ({@code SOLO_NANOS}) the caller claims the worker's part itself, before the run is handed out, and the other
 * workers go on as before; a stall while another worker is benched benches them all. On a contended machine two
 * threads then run about as fast as one instead of waiting a time slice at every hand-over, and on many cores
 * one stalled worker does not stop the others. The stretch is a time, not a number of runs, so that it costs
 * the same whether a run takes 20 µs (a training step's) or a millisecond (a large batch's inference).
 *
 * <p>Where the machine says how many threads are ready to run ({@link RunQueue}: Linux's
 * {@code /proc/loadavg}, when this process may use all of the machine's CPUs), the caller also reads that, at
 * most once a millisecond, at the start of a run. More ready threads than fit on the machine's CPUs (or than
 * the team, if it is larger) means one is waiting for a core, and the scheduler would take one from the team
 * mid-run for a time slice: the last workers, one per waiting thread, are benched at once, before any stall,
 * and their cores left to it. Room again (the JIT compiler, say, between two compilations) brings them back at
 * once rather than at the end of their stretch, and so it does workers benched after a stall that the queue
 * explained (it showed a thread waiting when the stall was seen); a stall it does not explain (another
 * virtual machine took the core) keeps its stretch. In a short training run on two cores, where the JIT
 * compiler needs about a third of a core through the epochs after the first, this made the later epochs on
 * two threads 15-18 % faster (docs/training.md, "The machine's run queue").
 *
 * <p>Besides its runs, the caller can hand out one task to run ahead ({@link #runAhead}): the workers run it
 * after their part of the next run, while the caller goes on alone, and {@link #awaitAhead} waits for it (the
 * training loop copies the next batch this way). Its parts are claimed like a run's, so a part no worker has
 * started runs on the caller in {@code awaitAhead}, and a benched worker's part on the caller too.
 *
 * <p>Workers spin briefly after a run (a training step hands out several runs within microseconds) and then
 * park, so an idle team costs nothing. One team serves one caller at a time; {@link #close} stops it.
 * Internal to Lanes (the package is exported to the onnx module only, for {@link Owner}): users ask for threads
 * through {@code Training.threads}.
 */
public final class Workers implements AutoCloseable {

    /** One piece of work, split by the task itself into {@code parts} pieces. */
    public interface Task {
        /**
         * Computes one part of the work; called once per part per run.
         *
         * @param part  this part, 0 ≤ part &lt; parts
         * @param parts the number of parts of the run: the team's thread count
         */
        void run(int part, int parts);
    }

    /** The most threads a team may have. */
    public static final int MAX_THREADS = 256;

    /**
     * The least work, in multiply-adds (or element-wise operations), worth handing to each thread of a team:
     * below it a split stays on the caller, where the hand-over would cost more than it saves. 2¹⁶ is about a
     * microsecond of a product at the Vector API's speed, against half a microsecond for a hand-over's round
     * trip between spinning threads (CoreToCoreBenchmark, 2 cores of a Zen 5). Measured through a session of
     * the spiral's 2-100-3 network (600 per row): 32 rows took 1.8 µs on one thread and 3.3 µs when split in two.
     */
    public static final long MIN_WORK = 1L << 16;

    /**
     * How long a worker spins for the next run, and the caller for the end of one, before parking. A step's
     * runs come up to tens of microseconds apart (the loss and the small layers run on the caller between
     * them), and a park/unpark round trip costs tens of microseconds: at 20 µs the helper of a 784-128-10
     * step at batch 64 parked about once per step, and the step took 20 % longer than at 200 µs, where it
     * never parked. Short enough that an idle team stops spinning within a fifth of a millisecond.
     */
    private static final long SPIN_NANOS = 200_000;

    /**
     * A wait for the workers longer than this, and longer than the caller's own share of the run, is a stall:
     * a worker was taken off its core. Hand-overs take about a microsecond and a parked worker wakes in tens;
     * a scheduler time slice is milliseconds.
     */
    static final long STALL_NANOS = 1_000_000;
    /**
     * After a stall the caller runs the stalled worker's part itself for this long: about as long as the JIT
     * compiles a method, a few hundred training steps. On two cores a training step split in two waits a
     * 4.5 ms time slice whenever a third thread takes one of its cores; run alone it loses only the split's
     * gain. A stall right after the worker is back starts another stretch (a longer stretch each time would
     * also swallow the team's good stretches: measured, a 12-epoch run then stayed at one thread's speed). It
     * was 1000 runs, which is 50 ms of 784-128-10 training steps (five runs of 250 µs steps) but 140 ms to
     * 300 ms of batch inference at 256 rows; measured there, about two stalls a second left the caller alone
     * for half the calls.
     */
    static final long SOLO_NANOS = 50_000_000L;

    /**
     * How often, at most, the caller reads the machine's run queue ({@link RunQueue}, about 2 µs a reading):
     * once a millisecond is a few training steps, and a fifth of a percent of the caller's time.
     */
    static final long PROBE_NANOS = 1_000_000L;

    // The caller's: for each part, whether its worker is benched after a stall, and until when (nanoTime);
    // and the parts it ran in the run in progress.
    private final long soloNanos;
    // The machine's runnable threads now (−1: unknown) and the most that fit: the online CPUs, or this team's
    // size when it is larger (then only other threads beyond the team count as contention); the caller's next
    // reading (nanoTime).
    private final IntSupplier runnable;
    private final int fit;
    private final AutoCloseable probe;
    private long nextProbe;
    private final boolean[] benched;
    // For each benched worker, whether the run queue may bring it back before its stretch ends: the queue
    // benched it, or showed a thread waiting for a core when its stall was seen. A stall the queue did not
    // explain (another virtual machine took the core, which this one's kernel does not see) keeps its stretch.
    private final boolean[] queueExplained;
    private final long[] benchedUntil;
    private final boolean[] ranHere;
    // finishedAt[p * PAD_LONG]: when worker p last finished a part (System.nanoTime), written before its
    // countdown, so the caller reads it after the run; padded like claims.
    private static final int PAD_LONG = 8;
    private final long[] finishedAt;

    private final int threads;
    private final Thread[] team;
    private final AtomicInteger remaining = new AtomicInteger();
    // claims.get(p * PAD): the last generation whose part p has been claimed; padded so that each part's
    // claim sits on its own cache line.
    private static final int PAD = 16;
    private final AtomicIntegerArray claims;
    private volatile int generation;
    private volatile Task current;
    private volatile boolean closed;
    private final AtomicReference<Thread> caller = new AtomicReference<>();
    private volatile Throwable failure;

    // The task run ahead ({@link #runAhead}): published by `posted` (its number; the task is written first),
    // claimed part by part like a run's parts (aheadClaims, padded), counted down by aheadRemaining. `pending`
    // and `aheadTask` are the caller's own.
    private volatile Task ahead;
    private volatile int posted;
    private final AtomicIntegerArray aheadClaims;
    private final AtomicInteger aheadRemaining = new AtomicInteger();
    private volatile Thread aheadCaller;
    private volatile Throwable aheadFailure;
    private boolean pending;
    private int aheadAfter; // the generation when the task was handed out: workers take it after a later run
    private long aheadPostedAt;
    private Task aheadTask;
    private final boolean[] aheadHere; // the parts of the pending task the caller claimed when handing it out

    private Workers(int threads, long soloNanos, IntSupplier runnable, int cpus, AutoCloseable probe) {
        this.threads = threads;
        this.soloNanos = soloNanos;
        this.runnable = runnable;
        this.fit = cpus < 1 ? -1 : Math.max(cpus, threads);
        this.probe = probe;
        this.nextProbe = System.nanoTime(); // the first run reads the queue (nanoTime may be negative)
        this.team = new Thread[threads - 1];
        this.claims = new AtomicIntegerArray(threads * PAD);
        this.aheadClaims = new AtomicIntegerArray(threads * PAD);
        this.aheadHere = new boolean[threads];
        this.benched = new boolean[threads];
        this.queueExplained = new boolean[threads];
        this.benchedUntil = new long[threads];
        this.ranHere = new boolean[threads];
        this.finishedAt = new long[threads * PAD_LONG];
        for (int i = 0; i < team.length; i++) {
            int part = i + 1;
            Thread t = new Thread(() -> work(part), "lanes-worker-" + part);
            t.setDaemon(true);
            team[i] = t;
        }
        for (Thread t : team) {
            t.start();
        }
    }

    /**
     * A team of {@code threads} (the caller counts as one, so 1 starts no thread and runs every task inline).
     *
     * @param threads the team's size, the caller included
     * @return a started team
     * @throws IllegalArgumentException unless 1 ≤ threads ≤ 256
     */
    public static Workers of(int threads) {
        Args.inRange("threads", threads, 1, MAX_THREADS);
        if (threads == 1) {
            return new Workers(1, SOLO_NANOS, () -> -1, -1, null);
        }
        RunQueue queue = RunQueue.system();
        return new Workers(threads, SOLO_NANOS, queue::runnable, queue.cpus(), queue);
    }

    /**
     * As {@link #of(int)}, with another solo stretch after a stall, and blind to the machine's run queue. For
     * tests.
     */
    static Workers of(int threads, long soloNanos) {
        return of(threads, soloNanos, () -> -1, -1);
    }

    /**
     * As {@link #of(int)}, with another solo stretch after a stall, and {@code runnable} and {@code cpus} in
     * place of the machine's run queue ({@link RunQueue}). For tests.
     */
    static Workers of(int threads, long soloNanos, IntSupplier runnable, int cpus) {
        Args.inRange("threads", threads, 1, MAX_THREADS);
        return new Workers(threads, soloNanos, runnable, cpus, null);
    }

    /** {@return the number of parts every {@link #run} is split into} */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} in {@link #threads()} parts and returns when all have finished. An exception or error
     * thrown by any part is rethrown here, after every part has finished (the first one thrown; the others
     * are added to it as suppressed).
     *
     * @param task the work; its {@code run(part, parts)} is called once for each part
     * @throws IllegalStateException when the team is closed, or is already running a task (one caller at a
     *                               time)
     */
    public void run(Task task) {
        if (threads == 1) {
            task.run(0, 1);
            return;
        }
        if (closed) {
            throw new IllegalStateException("these workers are closed");
        }
        Thread me = Thread.currentThread();
        if (!caller.compareAndSet(null, me)) {
            Thread other = caller.get();
            throw new IllegalStateException("these workers are running a task for "
                    + (other != null ? other.getName() : "another thread") + "; a team serves one caller at a time");
        }
        failure = null;
        long now = System.nanoTime();
        if (fit > 0 && now - nextProbe >= 0) {
            nextProbe = now + PROBE_NANOS;
            benchForRunQueue(runnable.getAsInt(), now);
        }
        if (allBenched(now)) {
            for (int part = 0; part < threads; part++) {
                runPart(task, part);
            }
        } else {
            runTeam(task, now);
        }
        current = null;
        caller.set(null);
        Throwable f = failure;
        if (f != null) {
            failure = null;
            rethrow(f);
        }
    }

    private static void rethrow(Throwable f) {
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("a worker failed", f);
    }

    /**
     * Benches or brings back workers by the machine's run queue, {@code ready} threads runnable now (the caller
     * and any worker that is working or spinning among them; a benched worker that has parked is not), before
     * a stall says so. More than fit: a thread is waiting for a core, and the scheduler would take one from
     * the team in the middle of a run, for a time slice, at the next hand-over; the last workers (as many as
     * threads wait) are benched now, for up to the solo stretch, and their cores left to it. With room again
     * (the waiting thread got its core and gave it back, as the JIT compiler does between compilations), as
     * many benched workers as fit come back at once, instead of at the end of their stretch: those this
     * benched, and those benched after a stall while the queue showed a thread waiting (a stall it did not
     * explain, such as another virtual machine taking the core, keeps its stretch). An unknown count (−1)
     * changes nothing.
     */
    private void benchForRunQueue(int ready, long now) {
        if (ready < 1) {
            return;
        }
        int room = fit - ready;
        for (int part = threads - 1; part >= 1 && room < 0; part--) {
            if (!benchedAt(part, now)) {
                benched[part] = true;
                benchedUntil[part] = now + soloNanos;
                queueExplained[part] = true;
                room++;
            }
        }
        for (int part = 1; part < threads && room > 0; part++) {
            if (benchedAt(part, now) && queueExplained[part]) {
                benched[part] = false;
                room--;
            }
        }
    }

    /** Whether every worker is benched: the caller then runs every part and hands nothing out. */
    private boolean allBenched(long now) {
        for (int part = 1; part < threads; part++) {
            if (!benchedAt(part, now)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code part}'s worker is benched at {@code now}; a stretch that has ended is cleared. */
    private boolean benchedAt(int part, long now) {
        if (benched[part] && now - benchedUntil[part] >= 0) {
            benched[part] = false;
        }
        return benched[part];
    }

    private void runTeam(Task task, long start) {
        current = task;
        remaining.set(team.length);
        int g = generation + 1;
        for (int part = 1; part < threads; part++) {
            // A benched worker's part is claimed before the run is published, so only the caller can have it.
            ranHere[part] = benchedAt(part, start) && claim(part, g);
        }
        generation = g; // publishes current, remaining and the claims to the workers
        for (int part = 1; part < threads; part++) {
            if (!ranHere[part]) {
                LockSupport.unpark(team[part - 1]);
            }
        }
        runPart(task, 0);
        for (int part = 1; part < threads; part++) {
            if (ranHere[part] || claim(part, g)) { // benched, or its worker has not started it: run it here
                ranHere[part] = true;
                runPart(task, part);
                remaining.decrementAndGet();
            }
        }
        awaitWorkers(remaining, start, ranHere);
    }

    /**
     * Spins, then parks, until {@code count} is 0 (the worker that brings it there unparks the caller). A wait
     * of more than a millisecond that is also longer than the caller's own work since {@code since} is a stall:
     * a worker was off its core (the JIT compiler, the collector or another process took it for a scheduler
     * time slice), and the one that finished last, of the parts not marked in {@code here}, is benched.
     */
    private void awaitWorkers(AtomicInteger count, long since, boolean[] here) {
        long waitStart = System.nanoTime();
        long spinUntil = waitStart + SPIN_NANOS;
        while (count.get() > 0) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        long end = System.nanoTime();
        long waited = end - waitStart;
        if (waited > STALL_NANOS && waited > waitStart - since) {
            benchAfterStall(end, here);
        }
    }

    /**
     * After a stall: the worker that finished last (of the parts the caller did not run) held the caller up,
     * so bench it. A stall while another worker is still benched means the cores are contended for more than
     * one slice (more threads than cores are free): bench them all.
     */
    private void benchAfterStall(long end, boolean[] here) {
        int late = 0;
        boolean others = false;
        for (int part = 1; part < threads; part++) {
            others |= benchedAt(part, end);
            if (!here[part] && (late == 0 || finishedAt[part * PAD_LONG] - finishedAt[late * PAD_LONG] > 0)) {
                late = part;
            }
        }
        // Read at once, whatever the reading interval: stalls are rare, and the thread that caused this one may
        // be waiting still.
        boolean explained = fit > 0 && runnable.getAsInt() > fit;
        for (int part = 1; part < threads; part++) {
            if (part == late || others) {
                benched[part] = true;
                benchedUntil[part] = end + soloNanos;
                queueExplained[part] = explained;
            }
        }
    }

    /**
     * Hands {@code task} to the workers to run while the caller goes on: each worker runs its part after its part
     * of the next {@link #run} (the caller's serial work between two runs is when a worker idles), and
     * {@link #awaitAhead} waits for them. A part that no worker has started by then, or whose worker is
     * benched after a stall, runs on the caller in {@code awaitAhead}; with one thread the whole task does.
     * The task is split among the workers: {@code run(part, parts)} is called with {@code parts = threads() − 1}
     * (1 on one thread), part p running on worker p + 1 or on the caller. Whatever the task writes is visible to
     * the caller when {@code awaitAhead} returns, and it must not touch what the runs in between use. A wait in
     * {@code awaitAhead} of more than a millisecond, and longer than the caller's work since it handed the task
     * out, is a stall, as in a run: the worker that finished last is benched. Allocates nothing.
     *
     * @param task the work to run ahead
     * @throws IllegalStateException when a task handed out this way has not been awaited yet
     */
    public void runAhead(Task task) {
        if (pending) {
            throw new IllegalStateException("a task already runs ahead; awaitAhead() before handing out another");
        }
        pending = true;
        if (threads == 1) {
            aheadTask = task;
            return;
        }
        aheadFailure = null;
        aheadCaller = Thread.currentThread();
        aheadRemaining.set(team.length);
        ahead = task;
        int b = posted + 1;
        long now = System.nanoTime();
        aheadPostedAt = now;
        aheadAfter = generation;
        for (int part = 1; part < threads; part++) {
            // A benched worker's part is claimed before the task is published, so only the caller can have it.
            aheadHere[part] = benchedAt(part, now) && claimAhead(part, b);
        }
        posted = b; // publishes the task, the countdown and the claims
    }

    /**
     * Waits for the task handed out by {@link #runAhead}, running here every part that no worker has started;
     * returns at once when there is none. An exception thrown by any part is rethrown here, after every part
     * has finished.
     */
    public void awaitAhead() {
        if (!pending) {
            return;
        }
        pending = false;
        if (threads == 1) {
            Task task = aheadTask;
            aheadTask = null;
            task.run(0, 1);
            return;
        }
        int b = posted;
        Task task = ahead;
        for (int part = 1; part < threads; part++) {
            if (aheadHere[part] || claimAhead(part, b)) {
                aheadHere[part] = true;
                runAheadPart(task, part);
                aheadRemaining.decrementAndGet();
            }
        }
        awaitWorkers(aheadRemaining, aheadPostedAt, aheadHere); // as a run's, from the hand-out
        ahead = null;
        Throwable f = aheadFailure;
        if (f != null) {
            aheadFailure = null;
            rethrow(f);
        }
    }

    /** {@return whether a task handed out by {@link #runAhead} has not been awaited yet} */
    public boolean aheadPending() {
        return pending;
    }

    /** {@return whether the caller runs {@code part} itself now, after a stall} For tests. */
    boolean benched(int part) {
        return benchedAt(part, System.nanoTime());
    }

    /** Stops the workers (they finish the run in progress, if any). Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : team) {
            LockSupport.unpark(t);
        }
        if (probe != null) {
            try {
                probe.close();
            } catch (Exception e) {
                // a file read only: nothing to lose
            }
        }
    }

    /**
     * The first index of {@code part}'s range when {@code n} items are split into {@code parts} ranges whose
     * inner boundaries are multiples of {@code align}: part p covers {@code [start(p), start(p + 1))}. The
     * ranges are as even as the alignment allows; some may be empty, and a non-empty one holds at least
     * {@code min(n, align)} items (the last range takes the remainder), so a split never leaves a sliver of
     * rows that a kernel would handle on a different path.
     *
     * @param n     the number of items
     * @param parts the number of ranges
     * @param part  the range, 0 ≤ part ≤ parts ({@code parts} gives n, the end of the last range)
     * @param align the alignment of the inner boundaries, ≥ 1
     * @return the first index of the range
     */
    public static int start(int n, int parts, int part, int align) {
        if (part >= parts) {
            return n;
        }
        long blocks = Math.max(1, n / align);
        return (int) Math.min(n, blocks * part / parts * align);
    }

    private void work(int part) {
        int seen = 0;
        int aheadSeen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (generation == seen && !closed) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            Task task = current;
            // A claim for run `seen` succeeds only while that run is in progress, so task is its task; it
            // fails when the caller took the part, or when this worker reads a run that has already ended.
            if (claim(part, seen)) {
                runPart(task, part);
                finishedAt[part * PAD_LONG] = System.nanoTime(); // published by the countdown
                if (remaining.decrementAndGet() == 0) {
                    LockSupport.unpark(caller.get()); // the caller of this run, waiting for it
                }
            }
            // Then the task handed out ahead, if one is new and this run came after it (a worker that wakes late
            // for an earlier run leaves it for the next one, rather than be busy when that run's part is due).
            // Its number is read before the claim and the task after it, so a successful claim runs that
            // number's task (the caller writes the task, and aheadAfter, first).
            int b = posted;
            if (b != aheadSeen && seen - aheadAfter > 0) {
                aheadSeen = b;
                if (claimAhead(part, b)) {
                    runAheadPart(ahead, part);
                    finishedAt[part * PAD_LONG] = System.nanoTime(); // published by the countdown
                    if (aheadRemaining.decrementAndGet() == 0) {
                        LockSupport.unpark(aheadCaller);
                    }
                }
            }
        }
    }

    /** Claims {@code part} of run {@code g} for the calling thread: true for exactly one claimant per run. */
    private boolean claim(int part, int g) {
        return claim(claims, part, g);
    }

    /** Claims {@code part} of the task run ahead as number {@code b}: true for exactly one claimant. */
    private boolean claimAhead(int part, int b) {
        return claim(aheadClaims, part, b);
    }

    private static boolean claim(AtomicIntegerArray slots, int part, int g) {
        int i = part * PAD;
        while (true) {
            int last = slots.get(i);
            if (last - g >= 0) { // already claimed for this number (or a later one): numbers only grow
                return false;
            }
            if (slots.compareAndSet(i, last, g)) {
                return true;
            }
        }
    }

    private void runAheadPart(Task task, int part) {
        try {
            task.run(part - 1, threads - 1);
        } catch (Throwable t) {
            synchronized (this) {
                aheadFailure = merged(aheadFailure, t);
            }
        }
    }

    private void runPart(Task task, int part) {
        try {
            task.run(part, threads);
        } catch (Throwable t) {
            record(t);
        }
    }

    private synchronized void record(Throwable t) {
        failure = merged(failure, t);
    }

    /** The first failure of a run with {@code t} added: t itself if it is the first, else suppressed in it. */
    private static Throwable merged(Throwable first, Throwable t) {
        if (first == null) {
            return t;
        }
        if (first != t) {
            first.addSuppressed(t);
        }
        return first;
    }
}
