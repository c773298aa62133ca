package org.samreg.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MindTest {
    @Test
    void descriptorIgnoresContrastAndBrightness() {
        int nx = 20, ny = 18, nz = 6;
        float[] image = new float[nx * ny * nz], other = new float[image.length];
        Random random = new Random(7);
        for (int v = 0; v < image.length; v++) {
            image[v] = random.nextFloat() * 100;
            other[v] = 250 - 2.5f * image[v]; // inverted, rescaled, shifted
        }
        for (boolean planar : new boolean[] {false, true}) {
            Features a = Mind.of(image, nx, ny, nz, planar), b = Mind.of(other, nx, ny, nz, planar);
            assertEquals(planar ? 6 : 12, a.count());
            for (int c = 0; c < a.count(); c++) {
                for (int v = 0; v < image.length; v++) {
                    assertEquals(a.channels[c][v], b.channels[c][v], 1e-4);
                    assertTrue(a.channels[c][v] > 0 && a.channels[c][v] <= 1);
                }
            }
        }
    }

    @Test
    void descriptorSeesAnEdgeDirection() {
        int n = 16;
        float[] vertical = new float[n * n], horizontal = new float[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                vertical[i + n * j] = i < n / 2 ? 0 : 1;
                horizontal[i + n * j] = j < n / 2 ? 0 : 1;
            }
        }
        Features v = Mind.of(vertical, n, n, 1, true), h = Mind.of(horizontal, n, n, 1, true);
        int atEdge = n / 2 + n * (n / 2);
        // channel 4 compares the +x and -x neighbours: different across a vertical edge, alike along a horizontal one
        assertTrue(v.channels[4][atEdge] < h.channels[4][atEdge], v.channels[4][atEdge] + " vs " + h.channels[4][atEdge]);
    }
}
