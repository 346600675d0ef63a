package dev.lanes.train;

/**
 * Training produced a NaN or infinite loss — usually a learning rate too high or unscaled inputs. Thrown
 * before the optimizer applies that step, so the parameters are those of the last finite step.
 */
public final class NonFiniteLossException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final float loss;

    public NonFiniteLossException(int epoch, int step, float loss) {
        super("loss is " + loss + " at epoch " + epoch + ", step " + step + " (both counted from 0); try a lower"
                + " learning rate or standardised inputs, or continueOnNonFinite(true) to skip such steps");
        this.epoch = epoch;
        this.step = step;
        this.loss = loss;
    }

    /** Epoch, from 0. */
    public int epoch() {
        return epoch;
    }

    /** Step within the epoch, from 0. */
    public int step() {
        return step;
    }

    public float loss() {
        return loss;
    }
}
