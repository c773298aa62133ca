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
        // 4x2 RGB image, one red pixel at x=3, y=0: enlarged 4 times (the limit), it must fill the 4x4 block at
        // x 12..15, y 0..3 of the red plane only, and everything right of x 16 and below y 8 is padding
        float[] rgb = new float[4 * 2 * 3];
        rgb[3 * 3] = 255f;
        float[] input = SamPreprocessor.encoderInput(new SliceImage(rgb, 3, 4, 2), S, MEAN, STD);
        assertEquals((255f - MEAN[0]) / STD[0], input[S + 15], 1e-5);
        assertEquals((0f - MEAN[0]) / STD[0], input[S + 2], 1e-5, "not mirrored");
        assertEquals((0f - MEAN[0]) / STD[0], input[6 * S + 15], 1e-5, "not transposed");
        assertEquals((0f - MEAN[1]) / STD[1], input[S * S + S + 15], 1e-5, "green plane untouched");
        assertEquals(0f, input[S + 20], "padding right of the 16 resized columns");
        assertEquals(0f, input[600 * S + 900], "padding below the 8 resized rows");
    }

    @Test
    void bilinearInterpolationBetweenPixelCentres() {
        // 2x1 grey ramp 0 -> 100, scale 4: the pixel centres map to x 1.5 and 5.5, halfway is the edge of x 3 and 4
        float[] input = SamPreprocessor.encoderInput(new SliceImage(new float[] {0f, 100f}, 1, 2, 1), S, MEAN, STD);
        float atLeftCentre = input[1] * STD[0] + MEAN[0];
        float halfway = (input[3] + input[4]) / 2 * STD[0] + MEAN[0];
        assertEquals(0f, atLeftCentre, 0.2f);
        assertEquals(50f, halfway, 0.2f);
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
        assertEquals(SamPreprocessor.MAX_UPSCALE, tiny.scale(), 1e-12, "a 44x59 ultrasound slice is not blown up 17x");
        assertEquals(11, tiny.validWidth()); // 176 px -> 11 cells
        assertEquals(15, tiny.validHeight()); // 236 px -> 14.75 cells
    }
}
