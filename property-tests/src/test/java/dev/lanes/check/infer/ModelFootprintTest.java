package dev.lanes.check.infer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.infer.Model;
import dev.lanes.kernels.Kernels;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * An inference model holds its parameters once, plus the packed copy of each Dense weight matrix the kernels
 * run on: no gradients, no training buffers. Measured as the bytes loading allocates (an exact count per
 * thread, not a timing), which bounds what the model can keep.
 */
class ModelFootprintTest {

    @Test
    void loadingAllocatesTheParametersOncePlusThePackedWeights() throws Exception {
        int[] widths = {784, 1024, 512, 10};
        Sequential net = Sequential.of(1, 5, new Dense(784, 1024), new Relu(1024), new Dense(1024, 512),
                new Relu(512), new Dense(512, 10), new Softmax(10));
        byte[] file = Model.of(net).toBytes();
        long parameterBytes = 4L * net.parameters().size();
        long packedBytes = 0;
        for (int i = 0; i + 1 < widths.length; i++) { // the same packing the model does, for its size only
            packedBytes += Kernels.pack(new float[widths[i] * widths[i + 1]], 0, widths[i + 1], false, widths[i],
                    widths[i + 1]).bytes();
        }
        // Warm up first: class loading, and the interpreter's temporaries (which compiled code does not
        // allocate), are not the model's. Then the least of three loads.
        for (int i = 0; i < 5; i++) {
            Model.fromBytes(file);
        }
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long allocated = Long.MAX_VALUE;
        Model model = null;
        for (int i = 0; i < 3; i++) {
            long before = bean.getThreadAllocatedBytes(tid);
            model = Model.fromBytes(file);
            allocated = Math.min(allocated, bean.getThreadAllocatedBytes(tid) - before);
        }
        // The target is 1.1 × the parameter bytes plus the packed copy: the parameters (4.2 MB here), the
        // packed weights, and 10 % for the rest (64 KiB read buffers, the layer table, bias copies, objects).
        // A model that also kept gradients, or copied its parameters into a network, would allocate 2 × or 3 ×.
        long budget = (long) (1.1 * parameterBytes) + packedBytes;
        assertTrue(allocated <= budget, "loading " + model + " allocated " + allocated + " bytes; parameters "
                + parameterBytes + ", packed " + packedBytes + ", budget " + budget);
    }
}
