package org.samreg.everything;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.samreg.sam.SliceImage;

class LocalContrastTest {
    @Test
    void boxMeanAveragesTheClippedNeighbourhood() {
        int w = 13, h = 9, r = 2;
        float[] a = new float[w * h];
        Random random = new Random(7);
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() * 255;
        }
        float[] mean = LocalContrast.boxMean(a, w, h, r);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                int n = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                        sum += a[yy * w + xx];
                        n++;
                    }
                }
                assertEquals(sum / n, mean[y * w + x], 1e-3, "at " + x + "," + y);
            }
        }
    }

    /** A faint dark vessel on a strong illumination gradient: the gradient goes, the vessel stands out. */
    @Test
    void illuminationGradientIsFlattenedAndAFaintVesselStandsOut() {
        int w = 100, h = 40;
        float[] grey = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                grey[y * w + x] = 60 + 1.5f * x - (x >= 49 && x <= 51 ? 10 : 0);
            }
        }
        SliceImage out = new LocalContrast(0.05).apply(new SliceImage(grey, 1, w, h));
        assertEquals(1, out.components());
        float background = out.pixels()[20 * w + 20], farBackground = out.pixels()[20 * w + 80];
        assertEquals(127.5, background, 1, "a linear gradient is its own local mean");
        assertEquals(127.5, farBackground, 1);
        float vessel = out.pixels()[20 * w + 50];
        assertTrue(background - vessel > 50, "a dip of 10 in 150 grey levels becomes " + (background - vessel));
    }

    @Test
    void rgbIsReadInItsGreenChannelAndTheDarkSurroundStaysBlack() {
        int w = 30, h = 20;
        float[] green = new float[w * h], rgb = new float[3 * w * h];
        Random random = new Random(3);
        for (int p = 0; p < w * h; p++) {
            green[p] = p % w < 5 ? 0 : 40 + random.nextFloat() * 100;
            rgb[3 * p] = 255 * random.nextFloat();
            rgb[3 * p + 1] = green[p];
        }
        LocalContrast contrast = new LocalContrast(0.1);
        float[] fromRgb = contrast.apply(new SliceImage(rgb, 3, w, h)).pixels();
        assertArrayEquals(contrast.apply(new SliceImage(green, 1, w, h)).pixels(), fromRgb);
        for (int y = 0; y < h; y++) {
            assertEquals(0, fromRgb[y * w + 2], "dark surround at row " + y);
        }
    }

    @Test
    void radiusOutsideTheImageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LocalContrast(0));
        assertThrows(IllegalArgumentException.class, () -> new LocalContrast(0.5));
    }
}
