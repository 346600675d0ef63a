package dev.lanes.fuzz;

import java.util.Random;

/**
 * One reader of untrusted bytes under fuzzing. {@link #run} feeds it one input and returns normally when the
 * reader ended in its documented way — a valid result, or the exception its contract names (which the target
 * catches); anything else escapes and is a finding.
 */
interface Target {

    /** The name of the target's seed directory and of its findings. */
    String name();

    /** The directory of seeds it starts from (targets may share one). */
    default String seeds() {
        return name();
    }

    /**
     * Runs one input; throws only what the reader's contract does not allow.
     *
     * @return whether the input got past the reader's checks (such inputs join the fuzzer's pool: their
     *         neighbours reach further)
     */
    boolean run(byte[] input) throws Exception;

    /**
     * A mutant of {@code input}, with {@code donor} (another corpus entry) for splicing. Byte-level by default;
     * structure-aware targets mutate the decoded message instead.
     */
    default byte[] mutate(byte[] input, byte[] donor, Random random) {
        return ByteMutations.mutate(input, donor, random);
    }

    /** What a target does with one input (see {@link #run}). */
    @FunctionalInterface
    interface Body {
        boolean run(byte[] input) throws Exception;
    }

    /** A byte-level target named {@code name}, seeded from its own directory. */
    static Target of(String name, Body body) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean run(byte[] input) throws Exception {
                return body.run(input);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
