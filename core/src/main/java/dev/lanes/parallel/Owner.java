package dev.lanes.parallel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;

/**
 * Detects a session (or a network being trained) used by two threads at once. It is per thread by contract;
 * shared anyway, its buffers would be overwritten mid-run and give wrong results or misleading errors. Each public call takes
 * the session with one compare-and-set and releases it with one store, allocation-free; a second thread
 * that finds it taken gets a {@link ConcurrentModificationException} naming both threads, instead of a
 * wrong answer. Sequential use from several threads (handed over with proper synchronisation) is allowed.
 */
public final class Owner {

    private static final VarHandle THREAD;

    static {
        try {
            THREAD = MethodHandles.lookup().findVarHandle(Owner.class, "thread", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String what;
    private final String remedy;
    @SuppressWarnings("unused") // through THREAD
    private volatile Thread thread;

    /**
     * A guard for one session; nothing holds it yet.
     *
     * @param what   the guarded object, for messages ("this Session")
     * @param remedy what to do instead ("give each thread its own: Model.newSession")
     */
    public Owner(String what, String remedy) {
        this.what = what;
        this.remedy = remedy;
    }

    /** Takes the session for the calling thread; pair with {@link #release} in a finally block. */
    public void acquire() {
        Thread me = Thread.currentThread();
        // The exchange returns the holder at the instant it failed, so the message names it even when that
        // thread releases right after (reading the field again could find it empty).
        Thread other = (Thread) THREAD.compareAndExchange(this, null, me);
        if (other != null) {
            throw new ConcurrentModificationException(what + " is in use by another thread ("
                    + (other == me ? "this thread, re-entered" : "'" + other.getName() + "'") + ") while thread '"
                    + me.getName() + "' calls it; it is not thread-safe: " + remedy);
        }
    }

    /** Releases the session taken by {@link #acquire}. */
    public void release() {
        THREAD.setVolatile(this, null);
    }
}
