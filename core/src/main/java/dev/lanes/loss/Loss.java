package dev.lanes.loss;

/**
 * A loss on a network's output: {@code output: (batch, width)} row-major against {@link Targets}. Every loss
 * is the <b>mean over the batch rows</b> of a per-row loss, so the gradient it writes is already divided by
 * the batch size. Implementations check the targets ({@link Targets#check}) and keep any scratch they need,
 * sized on first use for the largest batch seen, so calls after warm-up allocate nothing.
 */
public interface Loss {

    /** {@return the kind of targets this loss takes} */
    Targets.Kind targetKind();

    /**
     * Returns the mean loss and writes {@code grad = ∂(mean loss)/∂output}: (batch, width). grad must not
     * overlap output.
     *
     * @param grad    receives the gradient: (batch, width); overwritten
     * @param output  the network's output: (batch, width), e.g. logits
     * @param targets what the rows should produce, at least {@code batch} of them
     * @param batch   the number of rows, ≥ 1 (a mean over no rows is undefined)
     * @param width   the output width, ≥ 1
     * @return the mean loss over the batch rows
     */
    float forwardBackward(float[] grad, float[] output, Targets targets, int batch, int width);

    /**
     * Returns the mean loss only (evaluation).
     *
     * @param output  the network's output: (batch, width)
     * @param targets what the rows should produce, at least {@code batch} of them
     * @param batch   the number of rows, ≥ 1 (a mean over no rows is undefined)
     * @param width   the output width, ≥ 1
     * @return the mean loss over the batch rows
     */
    float forward(float[] output, Targets targets, int batch, int width);
}
