package org.samreg.sam;

/**
 * The number format of the model's weight matrices as the engine runs them. {@link #INT8} (see
 * {@link org.samreg.onnx.WeightQuantization}) takes about a sixth off the encoder's time and a tenth off a prompt's
 * on this project's 2-core machine, with the embeddings at cosine 0.99995 to the float ones; ONNX Runtime runs its
 * 8-bit products on the CPU only, so on CUDA the weights stay float.
 */
public enum Weights {
    FLOAT, INT8;

    /** INT8 on the CPU, FLOAT on CUDA. */
    public static Weights defaultFor(boolean useCuda) {
        return useCuda ? FLOAT : INT8;
    }
}
