package org.samreg.sam;

/** One decoder answer: mask logits at the original image size (x fastest) and the predicted IoU. */
public record MaskPrediction(float[] logits, int width, int height, float predictedIou) {

    /** Pixel indices (x fastest, ascending) whose logit exceeds {@code threshold}. */
    public int[] pixels(float threshold) {
        int n = area(logits, threshold);
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
        return stabilityScore(logits, maskThreshold, offset);
    }

    /** Number of logits above {@code threshold}. */
    public static int area(float[] logits, float threshold) {
        int n = 0;
        for (float v : logits) {
            if (v > threshold) {
                n++;
            }
        }
        return n;
    }

    /**
     * SAM's stability score: IoU between the mask thresholded at {@code threshold + offset} and at
     * {@code threshold - offset}, i.e. area(logits > t + offset) / area(logits > t - offset) since the first is
     * contained in the second. An empty mask scores 0.
     */
    public static double stabilityScore(float[] logits, float threshold, double offset) {
        int inner = 0, outer = 0;
        for (float v : logits) {
            if (v > threshold + offset) {
                inner++;
            }
            if (v > threshold - offset) {
                outer++;
            }
        }
        return outer == 0 ? 0 : inner / (double) outer;
    }
}
