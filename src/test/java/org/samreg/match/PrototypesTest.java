package org.samreg.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrototypesTest {

    /** 2 channels on a 4x4 feature grid of which 2x2 cells cover an 8x8 image (the rest is padding). */
    private static FeatureGrid grid() {
        float[] f = new float[2 * 16];
        for (int cell = 0; cell < 16; cell++) {
            f[cell] = cell;            // channel 0: the cell index
            f[16 + cell] = 100;        // channel 1: constant
        }
        return new FeatureGrid(f, 2, 4, 4, 2, 2, 8, 8);
    }

    @Test
    void prototypeAveragesFeatureCellsWeightedByMaskPixels() {
        // 3 pixels in the top-left cell (0), 1 pixel in the top-right valid cell (1): mean of channel 0 = 0.25
        int[] pixels = {0, 1, 8, 7};
        assertArrayEquals(new float[] {0.25f, 100f}, Prototypes.of(grid(), pixels), 1e-6f);
    }

    @Test
    void bottomRightPixelMapsToLastValidCellNotPadding() {
        // pixel (7,7) lies in valid cell (1,1) = index 5 of the 4-wide grid, never in the padding
        assertArrayEquals(new float[] {5f, 100f}, Prototypes.of(grid(), new int[] {63}), 1e-6f);
    }

    @Test
    void cosineOfParallelAndOrthogonalVectors() {
        assertEquals(1.0, Prototypes.cosine(new float[] {1, 2}, new float[] {2, 4}), 1e-9);
        assertEquals(0.0, Prototypes.cosine(new float[] {1, 0}, new float[] {0, 3}), 1e-9);
        assertEquals(0.0, Prototypes.cosine(new float[] {0, 0}, new float[] {0, 3}), 1e-9);
    }
}
