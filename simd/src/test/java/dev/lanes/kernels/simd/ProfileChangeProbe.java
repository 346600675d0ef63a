package dev.lanes.kernels.simd;

import java.lang.management.ManagementFactory;

/**
 * Row kernels compiled first for rows narrower than a vector, then used on wider rows: the branch that the
 * first profile never took is compiled only later, when C2 recompiles, and must still inline its vector code
 * (it did not once: softmax of 32 rows of 10 at 8 lanes after rows of 3 boxed its vectors, 8 KB per call;
 * a network's loss sees exactly this after another network of 3 classes was trained in the same JVM). Run in
 * its own JVM with -Xbatch by {@link AllocationTest}; prints "bytes name" per probe, as {@link AllocationProbe}.
 */
public final class ProfileChangeProbe {

    private ProfileChangeProbe() {}

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        VectorKernels k = new VectorKernels();
        float[] x = new float[32 * 40];
        float[] out = new float[32 * 40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7 - 3) * 0.3f;
        }
        for (int i = 0; i < AllocationProbe.WARM_UP; i++) {
            k.softmaxRows(out, 0, 3, x, 0, 3, 32, 3);
            k.logSoftmaxRows(out, 0, 3, x, 0, 3, 32, 3);
        }
        for (int n : new int[] {10, 17, 40}) {
            for (int i = 0; i < AllocationProbe.WARM_UP; i++) {
                k.softmaxRows(out, 0, n, x, 0, n, 32, n);
                k.logSoftmaxRows(out, 0, n, x, 0, n, 32, n);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < AllocationProbe.MEASURED; i++) {
                k.softmaxRows(out, 0, n, x, 0, n, 32, n);
                k.logSoftmaxRows(out, 0, n, x, 0, n, 32, n);
            }
            long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println(bytes + " softmaxRows and logSoftmaxRows 32×" + n + " after 32×3");
        }
    }
}
