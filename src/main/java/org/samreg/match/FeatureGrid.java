package org.samreg.match;

/**
 * Encoder features of one image: {@code channels x height x width}, channel-major, of which the top-left
 * {@code validWidth x validHeight} cells cover the image (the rest is the encoder's zero padding).
 */
public record FeatureGrid(float[] features, int channels, int height, int width, int validWidth, int validHeight,
                          int imageWidth, int imageHeight) {

    public FeatureGrid {
        if (features.length != channels * height * width) {
            throw new IllegalArgumentException("feature array length " + features.length + " is not "
                    + channels + "x" + height + "x" + width);
        }
        if (validWidth < 1 || validWidth > width || validHeight < 1 || validHeight > height) {
            throw new IllegalArgumentException("valid feature region " + validWidth + "x" + validHeight
                    + " outside " + width + "x" + height);
        }
    }

    /** Feature cell column covering image column x (the mask is resized onto the valid region). */
    int cellX(int x) {
        return Math.min(validWidth - 1, (int) ((x + 0.5) * validWidth / imageWidth));
    }

    int cellY(int y) {
        return Math.min(validHeight - 1, (int) ((y + 0.5) * validHeight / imageHeight));
    }
}
