package org.samreg.everything;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samreg.sam.SliceImage;

class ForegroundTest {
    private static final int W = 60, H = 50;

    /** Dark surroundings, a bright ring of tissue (radius 10..20 around 30,25) and a dark hole inside it. */
    private static SliceImage ringWithDarkCentre() {
        float[] pixels = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double r = Math.hypot(x - 30, y - 25);
                pixels[y * W + x] = r >= 10 && r <= 20 ? 200f : 5f + (x * 7 + y * 3) % 4;
            }
        }
        return new SliceImage(pixels, 1, W, H);
    }

    @Test
    void darkSurroundingsAreBackgroundButADarkStructureEnclosedByTissueIsNot() {
        boolean[] fg = Foreground.of(ringWithDarkCentre(), 0.5);
        assertFalse(fg[2 * W + 2], "corner");
        assertFalse(fg[25 * W + 55], "dark surroundings right of the ring");
        assertTrue(fg[25 * W + 15], "the ring");
        assertTrue(fg[25 * W + 30], "the dark centre enclosed by the ring");
    }

    @Test
    void darkRegionOpenToTheBorderIsBackground() {
        SliceImage ring = ringWithDarkCentre();
        float[] pixels = ring.pixels().clone();
        for (int y = 23; y <= 27; y++) {
            for (int x = 30; x < W; x++) {
                pixels[y * W + x] = 5f; // a dark channel from the centre through the ring to the right border
            }
        }
        boolean[] fg = Foreground.of(new SliceImage(pixels, 1, W, H), 0.5);
        assertFalse(fg[25 * W + 30], "the centre is now connected to the outside");
        assertTrue(fg[10 * W + 30], "the ring above the channel");
    }
}
