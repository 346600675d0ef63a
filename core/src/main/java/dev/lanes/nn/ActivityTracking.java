package dev.lanes.nn;

/**
 * A layer that counts the units that never activated during training — "dead" ReLUs, which the CS231n
 * notes advise monitoring. Training forward passes mark each unit whose output was positive for some row;
 * the training loop resets the marks each epoch and reports {@code deadUnits() / units()} per layer.
 */
public interface ActivityTracking {

    /** Clears the marks; called at the start of each epoch. */
    void resetActivity();

    /** {@return the number of units (output columns) tracked} */
    int units();

    /** {@return the number of units whose output was never positive on any training row since the last reset} */
    int deadUnits();
}
