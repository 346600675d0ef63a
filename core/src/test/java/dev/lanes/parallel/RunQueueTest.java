package dev.lanes.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunQueueTest {

    private static int runnable(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 8);
        b.put(bytes);
        return RunQueue.runnableIn(b, bytes.length);
    }

    @Test
    void theRunnableCountIsTheNumberBeforeTheFirstSlash() {
        assertEquals(2, runnable("0.50 0.40 0.30 2/345 12345\n"));
        assertEquals(17, runnable("12.00 9.31 4.00 17/2048 99\n"));
        assertEquals(123456789, runnable("0 0 0 123456789/1 1"));
        assertEquals(-1, runnable("0.50 0.40 0.30 no count here"), "no slash");
        assertEquals(-1, runnable("/345"), "no digits before it");
        assertEquals(-1, runnable("0.1 0.1 0.1 x/345 1"), "no digits right before it");
        assertEquals(-1, runnable("1 1 1 1234567890/1 1"), "more digits than an int may hold safely");
        assertEquals(-1, runnable(""));
    }

    @Test
    void cpuListsAreCountedRangeByRange() {
        assertEquals(1, RunQueue.cpuCount("0\n"));
        assertEquals(2, RunQueue.cpuCount("0-1\n"));
        assertEquals(3, RunQueue.cpuCount("0,2-3"));
        assertEquals(8, RunQueue.cpuCount("0-3,8-11\n"));
        assertEquals(-1, RunQueue.cpuCount(""));
        assertEquals(-1, RunQueue.cpuCount("3-1"), "a range that runs backwards");
        assertEquals(-1, RunQueue.cpuCount("a-b"));
        assertEquals(-1, RunQueue.cpuCount("0,,1"), "an empty range");
    }

    @Test
    void aProcessConfinedToFewerCpusThanTheMachineDoesNotReadTheMachinesQueue() {
        assertEquals(2, RunQueue.wholeMachine(2, 2));
        assertEquals(-1, RunQueue.wholeMachine(64, 2), "a container's quota or a cpuset on a 64-CPU host");
        assertEquals(-1, RunQueue.wholeMachine(2, 1), "taskset to one CPU");
        assertEquals(-1, RunQueue.wholeMachine(-1, 2), "online CPUs unknown");
    }

    @Test
    void theMachinesQueueCountsItsReaderOrSaysItDoesNotKnow() throws Exception {
        try (RunQueue q = RunQueue.system()) {
            Path online = Path.of("/sys/devices/system/cpu/online");
            boolean linux = Files.isReadable(Path.of("/proc/loadavg")) && Files.isReadable(online);
            // Confined to fewer CPUs than the machine has online, the process does not read the machine's queue.
            boolean whole = linux
                    && RunQueue.cpuCount(Files.readString(online)) == Runtime.getRuntime().availableProcessors();
            if (whole) {
                assertEquals(Runtime.getRuntime().availableProcessors(), q.cpus());
                for (int i = 0; i < 100; i++) {
                    int ready = q.runnable();
                    assertTrue(ready >= 1, "the reader is runnable while it reads: " + ready);
                }
            } else {
                assertEquals(-1, q.cpus());
                assertEquals(-1, q.runnable());
            }
        }
    }
}
