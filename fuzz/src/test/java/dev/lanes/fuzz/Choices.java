package dev.lanes.fuzz;

import java.util.Random;

/**
 * Where a structure-aware mutation takes its decisions: a Random in the in-project fuzzer, the fuzzer's bytes
 * under Jazzer (so its coverage guidance steers the structure too).
 */
interface Choices {
    /** An int in [0, bound), bound ≥ 1. */
    int next(int bound);

    /** Any long. */
    long nextLong();

    static Choices of(Random random) {
        return new Choices() {
            @Override
            public int next(int bound) {
                return random.nextInt(bound);
            }

            @Override
            public long nextLong() {
                return random.nextLong();
            }
        };
    }
}
