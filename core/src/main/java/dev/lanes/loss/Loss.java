package dev.lanes.loss;

/**
 * A loss on a network's output: {@code output: (batch, width)} row-major against {@link Targets}. Every loss
 * is the <b>mean over the batch rows</b> of a per-row loss, so the gradient it writes is already divided by
 * the batch size. Implementations check the targets ({@link Targets#check}) and keep any scratch they need,
 * sized on first use for the largest batch seen, so calls after warm-up allocate nothing.
 */
public interface Loss {

    /** The kind of targets this loss takes. */
    Targets.Kind targetKind();

    /**
     * Returns the mean loss and writes {@code grad = ∂(mean loss)/∂output}: (batch, width). grad must not
     * overlap output.
     */
    float forwardBackward(float[] grad, float[] output, Targets targets, int batch, int width);

    /** Returns the mean loss only (evaluation). */
    float forward(float[] output, Targets targets, int batch, int width);
}
