package org.samreg.sam;

/**
 * SAM's image preprocessing (method step 1): the longest side is resized to the encoder input size with bilinear
 * interpolation (but a small image is enlarged no more than one of the paper's 200 px images would be), grey is
 * replicated to RGB, each channel is normalised with the model's mean and std, and the result is zero-padded right
 * and bottom to a square, channel-major (CHW).
 */
public final class SamPreprocessor {
    /**
     * Longest side of the smallest image resized exactly as SAM does; smaller images are enlarged by
     * {@code inputSize / MIN_FULL_SIZE} (5.12 for a 1024 px encoder) and padded. The SAMReg paper's images are
     * 200x200. A 64x64 prostate MR slice blown up 16 times to 1024 px is so blurred that the decoder returns the
     * whole image or unstable blobs for every prompt (0 ROIs per slice); enlarged 5.12 times and zero-padded like any
     * non-square image, the gland comes out with predicted IoU 0.90 and stability 0.85.
     */
    public static final int MIN_FULL_SIZE = 200;

    private SamPreprocessor() {
    }

    /** Factor from original pixel coordinates to encoder input coordinates. */
    public static double scale(int width, int height, int inputSize) {
        return inputSize / (double) Math.max(MIN_FULL_SIZE, Math.max(width, height));
    }

    /** Length of a side after resizing. */
    public static int resizedLength(int length, double scale) {
        return (int) Math.round(length * scale);
    }

    /** The encoder input tensor data, {@code 3 * inputSize * inputSize} floats. */
    public static float[] encoderInput(SliceImage image, int inputSize, float[] mean, float[] std) {
        int w = image.width(), h = image.height(), comps = image.components();
        double scale = scale(w, h, inputSize);
        int newW = resizedLength(w, scale), newH = resizedLength(h, scale);
        float[] pixels = image.pixels();
        int plane = inputSize * inputSize;
        float[] out = new float[3 * plane];
        // padding is zero after normalisation, as in SAM (it pads the normalised image)
        for (int y = 0; y < newH; y++) {
            // half-pixel centres: output pixel centre y+0.5 maps to input position (y+0.5)/scale
            double sy = clamp((y + 0.5) / scale - 0.5, h - 1);
            int y0 = (int) sy, y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < newW; x++) {
                double sx = clamp((x + 0.5) / scale - 0.5, w - 1);
                int x0 = (int) sx, x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    int ci = comps == 1 ? 0 : c;
                    double top = pixels[(y0 * w + x0) * comps + ci] * (1 - fx) + pixels[(y0 * w + x1) * comps + ci] * fx;
                    double bottom = pixels[(y1 * w + x0) * comps + ci] * (1 - fx) + pixels[(y1 * w + x1) * comps + ci] * fx;
                    double v = top * (1 - fy) + bottom * fy;
                    out[c * plane + y * inputSize + x] = (float) ((v - mean[c]) / std[c]);
                }
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.min(Math.max(v, 0), max);
    }
}
