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
        float[] grey = new float[200 * 100];
        Arrays.fill(grey, 128f);
        float[] input = SamPreprocessor.encoderInput(new SliceImage(grey, 1, 200, 100), S, MEAN, STD);
        assertEquals(3 * S * S, input.length);
        assertEquals(512, SamPreprocessor.resizedLength(100, SamPreprocessor.scale(200, 100, S)));
        for (int c = 0; c < 3; c++) {
            float normalised = (128f - MEAN[c]) / STD[c];
            assertEquals(normalised, input[c * S * S + 511 * S + 1023], 1e-5, "last resized row, channel " + c);
            assertEquals(0f, input[c * S * S + 512 * S], "first padding row, channel " + c);
        }
    }

    @Test
    void brightPixelLandsInTheRightPlaceAndChannel() {
        // 4x2 RGB image, one red pixel at x=3, y=0: it must fill the top-right 256x256 block of the red plane only
        float[] rgb = new float[4 * 2 * 3];
        rgb[3 * 3] = 255f;
        float[] input = SamPreprocessor.encoderInput(new SliceImage(rgb, 3, 4, 2), S, MEAN, STD);
        assertEquals((255f - MEAN[0]) / STD[0], input[100 * S + 900], 1e-5);
        assertEquals((0f - MEAN[0]) / STD[0], input[100 * S + 100], 1e-5, "not mirrored");
        assertEquals((0f - MEAN[0]) / STD[0], input[400 * S + 900], 1e-5, "not transposed");
        assertEquals((0f - MEAN[1]) / STD[1], input[S * S + 100 * S + 900], 1e-5, "green plane untouched");
        assertEquals(0f, input[600 * S + 900], "padding below the 512 resized rows");
    }

    @Test
    void bilinearInterpolationBetweenPixelCentres() {
        // 2x1 grey ramp 0 -> 100, scale 512: output x = 511.5 - 0.5 lies halfway between the two pixel centres
        float[] input = SamPreprocessor.encoderInput(new SliceImage(new float[] {0f, 100f}, 1, 2, 1), S, MEAN, STD);
        float atLeftCentre = input[255] * STD[0] + MEAN[0];
        float halfway = (input[511] + input[512]) / 2 * STD[0] + MEAN[0];
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
        ImageEmbedding tall = new ImageEmbedding(new float[256 * 64 * 64], shape, S, 37, 100);
        assertEquals(24, tall.validWidth()); // round(37 * 10.24) = 379 px -> 23.7 cells
        assertEquals(64, tall.validHeight());
    }
}
