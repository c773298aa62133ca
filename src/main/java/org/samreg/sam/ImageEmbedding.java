package org.samreg.sam;

/**
 * The SAM encoder's features of one image, with the geometry needed to relate them to its pixels. The image was
 * scaled by {@link #scale()} into the top-left {@code resizedWidth x resizedHeight} part of the square encoder
 * input; the features covering that part are the top-left {@link #validWidth()} x {@link #validHeight()} cells.
 */
public final class ImageEmbedding {
    private final float[] features;
    private final int channels;
    private final int gridHeight;
    private final int gridWidth;
    private final int inputSize;
    private final int imageWidth;
    private final int imageHeight;
    private final double scale;
    private final int validWidth;
    private final int validHeight;

    public ImageEmbedding(float[] features, int[] shape, int inputSize, int imageWidth, int imageHeight) {
        if (features.length != shape[0] * shape[1] * shape[2]) {
            throw new IllegalArgumentException("feature length " + features.length + " does not match shape "
                    + shape[0] + "x" + shape[1] + "x" + shape[2]);
        }
        this.features = features;
        this.channels = shape[0];
        this.gridHeight = shape[1];
        this.gridWidth = shape[2];
        this.inputSize = inputSize;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.scale = SamPreprocessor.scale(imageWidth, imageHeight, inputSize);
        this.validWidth = validCells(SamPreprocessor.resizedLength(imageWidth, scale), inputSize, gridWidth);
        this.validHeight = validCells(SamPreprocessor.resizedLength(imageHeight, scale), inputSize, gridHeight);
    }

    /** Cells (of {@code inputSize / cells} input pixels each, 16 for SAM) needed to cover {@code length} pixels. */
    private static int validCells(int length, int inputSize, int cells) {
        return (int) Math.ceil(length * (double) cells / inputSize);
    }

    /** Raw features, channel-major: {@code features[c * gridHeight * gridWidth + y * gridWidth + x]} (not a copy). */
    public float[] features() {
        return features;
    }

    public int channels() {
        return channels;
    }

    public int gridHeight() {
        return gridHeight;
    }

    public int gridWidth() {
        return gridWidth;
    }

    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }

    /** Original pixel coordinate times scale = encoder input coordinate. */
    /** Side of the square encoder input the image was resized and padded to. */
    public int inputSize() {
        return inputSize;
    }

    public double scale() {
        return scale;
    }

    /** Feature columns that cover image content (the rest covers padding). */
    public int validWidth() {
        return validWidth;
    }

    /** Feature rows that cover image content (the rest covers padding). */
    public int validHeight() {
        return validHeight;
    }
}
