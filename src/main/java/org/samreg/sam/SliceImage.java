package org.samreg.sam;

/**
 * One 2D image ready for SAM: values in the 8-bit range 0..255, grey (1 component) or RGB (3 interleaved),
 * x fastest.
 */
public record SliceImage(float[] pixels, int components, int width, int height) {
    public SliceImage {
        if (components != 1 && components != 3) {
            throw new IllegalArgumentException("grey (1) or RGB (3) components expected, got " + components);
        }
        if (pixels.length != width * height * components) {
            throw new IllegalArgumentException("pixel data length " + pixels.length + " does not match " + width + "x"
                    + height + "x" + components);
        }
    }

    /** Intensity of pixel {@code p}: the grey value, or the mean of R, G, B. */
    public float intensity(int p) {
        if (components == 1) {
            return pixels[p];
        }
        return (pixels[3 * p] + pixels[3 * p + 1] + pixels[3 * p + 2]) / 3f;
    }
}
