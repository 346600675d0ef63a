package dev.lanes.check;

import dev.lanes.infer.Model;
import dev.lanes.infer.Session;
import dev.lanes.nn.Dense;
import dev.lanes.nn.Relu;
import dev.lanes.nn.Sequential;
import dev.lanes.nn.Softmax;
import java.lang.management.ManagementFactory;

/**
 * Measures the bytes {@link Session}'s predict, predictBatch, argmax, topK and probabilities allocate after
 * warm-up, on the calling thread. Run by SessionTest in a child JVM with {@code -Xbatch} (as
 * TrainingAllocationProbe), so warm-up is a fixed number of calls. Two models: one ending in logits
 * (probabilities applies softmax) and one ending in Softmax (probabilities copies). Prints one line per
 * allocating method and exits 1 if any allocated.
 */
public final class InferenceAllocationProbe {

    private InferenceAllocationProbe() {}

    static final int WARM = 30_000;     // every method and batch size well past C2 compilation
    static final int MEASURED = 3000;

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        Model logits = Model.of(Sequential.of(1, 1, new Dense(2, 100), new Relu(100), new Dense(100, 10)));
        Model probs = Model.of(Sequential.of(1, 2, new Dense(2, 64), new Relu(64), new Dense(64, 10),
                new Softmax(10)));
        int failures = 0;
        for (Model model : new Model[] {logits, probs}) {
            Session s = model.newSession(16);
            float[][] rows = new float[37][2];
            for (int i = 0; i < rows.length; i++) {
                rows[i][0] = (float) Math.sin(i);
                rows[i][1] = (float) Math.cos(3 * i);
            }
            float[] batch = new float[40 * 2];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = (float) Math.sin(0.7 * i);
            }
            float[] out = new float[10];
            float[] outs = new float[40 * 10];
            int[] classes = new int[3];
            float[] scores = new float[3];
            for (int method = 0; method < 5; method++) {
                for (int i = 0; i < WARM; i++) {
                    call(s, method, i, rows, batch, out, outs, classes, scores);
                }
                long before = threads.getThreadAllocatedBytes(tid);
                for (int i = 0; i < MEASURED; i++) {
                    call(s, method, i, rows, batch, out, outs, classes, scores);
                }
                long bytes = threads.getThreadAllocatedBytes(tid) - before;
                if (bytes != 0) {
                    System.out.println(NAMES[method] + " on " + model + ": " + MEASURED + " calls allocated " + bytes
                            + " B");
                    failures++;
                }
            }
        }
        System.out.println("measured " + MEASURED + " calls of each of " + NAMES.length + " methods on 2 models; "
                + failures + " allocated");
        System.exit(failures == 0 ? 0 : 1);
    }

    static final String[] NAMES = {"predict", "predictBatch", "argmax", "topK", "probabilities"};

    // predictBatch covers 1..40 rows, so both the single pass (≤ 16) and the chunked path are measured.
    private static void call(Session s, int method, int i, float[][] rows, float[] batch, float[] out,
            float[] outs, int[] classes, float[] scores) {
        float[] x = rows[i % rows.length];
        switch (method) {
            case 0 -> s.predict(x, out);
            case 1 -> s.predictBatch(batch, 1 + i % 40, outs);
            case 2 -> sink += s.argmax(x);
            case 3 -> s.topK(x, 3, classes, scores);
            default -> s.probabilities(x, out);
        }
    }

    static int sink;
}
