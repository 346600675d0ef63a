package dev.lanes.parallel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How many threads the machine has ready to run right now, and on how many CPUs: on Linux the kernel's count
 * of runnable scheduling entities (the fourth field of {@code /proc/loadavg}, "2/345": 2 runnable, the reader
 * included) and the online CPUs ({@code /sys/devices/system/cpu/online}). {@link Workers} reads it to see a
 * thread waiting for a core (the JIT compiler, the collector, another process) before the scheduler takes a
 * core from the team mid-run, and to see the core free again. Elsewhere, or where the files cannot be read
 * or parsed, it says it does not know (−1), and the team goes by its stalls alone.
 *
 * <p>One reading is a positional read of the open file into a direct buffer made once: about 2 µs, and no
 * allocation (the two-thread steps of {@code TrainingAllocationProbe} read it). Not thread-safe: the team's
 * caller reads it.
 */
final class RunQueue implements AutoCloseable {

    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(128);
    private final int cpus;
    private FileChannel channel;
    private boolean unknown;

    private RunQueue(int cpus) {
        this.cpus = cpus;
        this.unknown = cpus < 1;
    }

    /**
     * {@return this machine's run queue, or one that does not know} It does not know when the machine does not
     * say, and when this process may use fewer CPUs than the machine has online (a container's CPU quota, a
     * cpuset, {@code taskset}: {@code availableProcessors()} is then smaller): the kernel's count is of the
     * whole machine's threads, and which of them compete for this process's share it cannot tell.
     */
    static RunQueue system() {
        int cpus;
        try {
            cpus = Files.isReadable(ONLINE) && Files.isReadable(LOADAVG) ? cpuCount(Files.readString(ONLINE)) : -1;
        } catch (IOException | RuntimeException e) {
            cpus = -1;
        }
        return new RunQueue(wholeMachine(cpus, Runtime.getRuntime().availableProcessors()));
    }

    /** {@return the machine's {@code online} CPUs when the process may use them all ({@code usable}), else −1} */
    static int wholeMachine(int online, int usable) {
        return online >= 1 && online == usable ? online : -1;
    }

    /** {@return the CPUs the kernel has online, or −1 when unknown} */
    int cpus() {
        return unknown ? -1 : cpus;
    }

    /**
     * {@return the threads runnable on the machine now, the calling one included, or −1 when unknown} After a
     * failed read or a reading it cannot parse it stays unknown.
     */
    int runnable() {
        if (unknown) {
            return -1;
        }
        try {
            if (channel == null) {
                channel = FileChannel.open(LOADAVG, StandardOpenOption.READ);
            }
            buffer.clear();
            int n = channel.read(buffer, 0);
            int value = runnableIn(buffer, Math.max(n, 0));
            if (value < 1) {
                unknown = true; // the reader itself is runnable, so 0 means the file says something else
            }
            return value < 1 ? -1 : value;
        } catch (IOException | RuntimeException e) {
            unknown = true;
            return -1;
        }
    }

    /** Closes the file, if it was opened; a later reading opens it again. */
    @Override
    public void close() throws IOException {
        FileChannel open = channel;
        channel = null;
        if (open != null) {
            open.close();
        }
    }

    /**
     * The runnable count in a {@code /proc/loadavg} line held in {@code text[0, length)}: the digits just before
     * the first '/', or −1 when there are none (or more than nine).
     */
    static int runnableIn(ByteBuffer text, int length) {
        int slash = -1;
        for (int i = 0; i < length; i++) {
            if (text.get(i) == '/') {
                slash = i;
                break;
            }
        }
        int start = slash;
        while (start > 0 && isDigit(text.get(start - 1))) {
            start--;
        }
        if (slash < 0 || start == slash || slash - start > 9) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < slash; i++) {
            value = value * 10 + text.get(i) - '0';
        }
        return value;
    }

    /**
     * The number of CPUs in a kernel CPU list ("0-1", "0,2-3", "0-3,8-11\n"), or −1 when it is not one.
     */
    static int cpuCount(String list) {
        String text = list.strip();
        if (text.isEmpty()) {
            return -1;
        }
        int count = 0;
        for (String range : text.split(",", -1)) {
            int dash = range.indexOf('-');
            try {
                int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
                if (from < 0 || to < from) {
                    return -1;
                }
                count += to - from + 1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return count;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
