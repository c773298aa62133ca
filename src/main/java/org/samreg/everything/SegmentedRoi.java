package org.samreg.everything;

/**
 * One region found by everything mode.
 *
 * @param pixels       pixel indices within the slice, x fastest, ascending
 * @param predictedIou the decoder's own quality estimate
 * @param stability    stability score (see {@link MaskPrediction#stabilityScore(float[], float, double)})
 * @param promptX      prompt point, original pixel coordinates
 */
public record SegmentedRoi(int[] pixels, float predictedIou, double stability, double promptX, double promptY) {
    public int area() {
        return pixels.length;
    }
}
