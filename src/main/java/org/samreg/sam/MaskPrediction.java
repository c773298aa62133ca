package org.samreg.sam;

/** One decoder answer: mask logits at the original image size (x fastest) and the predicted IoU. */
public record MaskPrediction(float[] logits, int width, int height, float predictedIou) {

    /** Pixel indices (x fastest, ascending) whose logit exceeds {@code threshold}. */
    public int[] pixels(float threshold) {
        int n = MaskFilters.area(logits, threshold);
        int[] out = new int[n];
        int p = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > threshold) {
                out[p++] = i;
            }
        }
        return out;
    }

    public double stabilityScore(float maskThreshold, double offset) {
        return MaskFilters.stabilityScore(logits, maskThreshold, offset);
    }
}
