package dev.lanes.train;

/**
 * Training produced a NaN or infinite loss — usually a learning rate too high or unscaled inputs. Thrown
 * before the optimizer applies that step, so the parameters are those of the last finite step.
 */
public final class NonFiniteLossException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** See {@link #epoch()}. */
    private final int epoch;
    /** See {@link #step()}. */
    private final int step;
    /** See {@link #loss()}. */
    private final float loss;

    /**
     * An exception whose message names the step and suggests the usual fixes.
     *
     * @param epoch the epoch, from 0
     * @param step  the step within the epoch, from 0
     * @param loss  the loss: NaN or ±∞
     */
    public NonFiniteLossException(int epoch, int step, float loss) {
        super("loss is " + loss + " at epoch " + epoch + ", step " + step + " (both counted from 0); try a lower"
                + " learning rate or standardised inputs, or continueOnNonFinite(true) to skip such steps");
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
    }

    /** {@return the epoch, from 0} */
    public int epoch() {
        return epoch;
    }

    /** {@return the step within the epoch, from 0} */
    public int step() {
        return step;
    }

    /** {@return the loss: NaN or ±∞} */
    public float loss() {
        return loss;
    }
}
