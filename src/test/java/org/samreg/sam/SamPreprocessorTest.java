package org.samreg.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamPreprocessorTest {
    private static final float[] MEAN = {123.675f, 116.28f, 103.53f};
    private static final float[] STD = {58.395f, 57.12f, 57.375f};
    private static final int S = 1024;

    @Test
    void longestSideIsResizedAndTheRestZeroPadded() {
        float[] grey = new float[400 * 200];
        Arrays.fill(grey, 128f);
        float[] input = SamPreprocessor.encoderInput(new SliceImage(grey, 1, 400, 200), S, MEAN, STD);
        assertEquals(3 * S * S, input.length);
        assertEquals(512, SamPreprocessor.resizedLength(200, SamPreprocessor.scale(400, 200, S)));
        for (int c = 0; c < 3; c++) {
            float normalised = (128f - MEAN[c]) / STD[c];
            assertEquals(normalised, input[c * S * S + 511 * S + 1023], 1e-5, "last resized row, channel " + c);
            assertEquals(0f, input[c * S * S + 512 * S], "first padding row, channel " + c);
        }
    }

    @Test
    void brightPixelLandsInTheRightPlaceAndChannel() {
        // 4x2 RGB image, one red pixel at x=3, y=0: enlarged 5.12 times (as a 200 px image would be), it must fill
        // about the block x 15..20, y 0..5 of the red plane only, and everything right of x 21 and below y 10 is
        // padding
        float[] rgb = new float[4 * 2 * 3];
        rgb[3 * 3] = 255f;
        float[] input = SamPreprocessor.encoderInput(new SliceImage(rgb, 3, 4, 2), S, MEAN, STD);
        assertEquals((255f - MEAN[0]) / STD[0], input[S + 18], 1e-5);
        assertEquals((0f - MEAN[0]) / STD[0], input[S + 2], 1e-5, "not mirrored");
        assertEquals((0f - MEAN[0]) / STD[0], input[8 * S + 18], 1e-5, "not transposed");
        assertEquals((0f - MEAN[1]) / STD[1], input[S * S + S + 18], 1e-5, "green plane untouched");
        assertEquals(0f, input[S + 21], "padding right of the 20 resized columns");
        assertEquals(0f, input[600 * S + 900], "padding below the 10 resized rows");
    }

    @Test
    void bilinearInterpolationBetweenPixelCentres() {
        // 2x200 grey ramp 0 -> 100 along x, scale 5.12: output pixel x samples input x (x + 0.5) / 5.12 - 0.5
        float[] ramp = new float[2 * 200];
        for (int y = 0; y < 200; y++) {
            ramp[2 * y + 1] = 100f;
        }
        float[] input = SamPreprocessor.encoderInput(new SliceImage(ramp, 1, 2, 200), S, MEAN, STD);
        float atLeftCentre = input[2] * STD[0] + MEAN[0];
        float atX4 = input[4] * STD[0] + MEAN[0], atX5 = input[5] * STD[0] + MEAN[0];
        assertEquals(0f, atLeftCentre, 0.2f);
        assertEquals(100 * (4.5 / 5.12 - 0.5), atX4, 0.2f);
        assertEquals(100 * (5.5 / 5.12 - 0.5), atX5, 0.2f);
    }

    @Test
    void validFeatureRegionCoversTheResizedImage() {
        int[] shape = {256, 64, 64};
        ImageEmbedding cardiac = new ImageEmbedding(new float[256 * 64 * 64], shape, S, 256, 216);
        assertEquals(4.0, cardiac.scale(), 1e-12);
        assertEquals(64, cardiac.validWidth());
        assertEquals(54, cardiac.validHeight());
        ImageEmbedding tall = new ImageEmbedding(new float[256 * 64 * 64], shape, S, 148, 400);
        assertEquals(24, tall.validWidth()); // round(148 * 2.56) = 379 px -> 23.7 cells
        assertEquals(64, tall.validHeight());
        ImageEmbedding tiny = new ImageEmbedding(new float[256 * 64 * 64], shape, S, 44, 59);
        assertEquals(5.12, tiny.scale(), 1e-12, "a 44x59 ultrasound slice is not blown up 17x");
        assertEquals(15, tiny.validWidth()); // 225 px -> 14.1 cells
        assertEquals(19, tiny.validHeight()); // 302 px -> 18.9 cells
    }
}
