package org.samreg.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FeaturesTest {
    @Test
    void repeatedBoxMeansAreTheNeighbourhoodMeanWithEdgesReplicated() {
        Random random = new Random(7);
        for (int[] size : new int[][] {{5, 4, 3}, {2, 6, 1}, {1, 1, 4}, {7, 1, 2}}) {
            int nx = size[0], ny = size[1], nz = size[2];
            float[] a = new float[nx * ny * nz];
            for (int v = 0; v < a.length; v++) {
                a[v] = random.nextFloat();
            }
            float[] copy = a.clone();
            for (boolean inPlane : new boolean[] {false, true}) {
                float[] expected = a;
                for (int pass = 0; pass < 3; pass++) {
                    expected = neighbourhoodMean(expected, nx, ny, nz, inPlane);
                }
                assertArrayEquals(expected, Features.boxMeans(a, 3, nx, ny, nz, inPlane), 1e-6f,
                        nx + "x" + ny + "x" + nz + (inPlane ? " in plane" : ""));
                assertArrayEquals(neighbourhoodMean(a, nx, ny, nz, inPlane), Features.boxMean(a, nx, ny, nz, inPlane),
                        1e-6f);
            }
            assertArrayEquals(copy, a, 0f, "the input is left as it was");
        }
    }

    /** The mean of the 3x3x3 (3x3) neighbourhood, an index outside the grid replaced by the nearest inside it. */
    private static float[] neighbourhoodMean(float[] a, int nx, int ny, int nz, boolean inPlane) {
        float[] out = new float[a.length];
        int reachX = nx > 1 ? 1 : 0, reachY = ny > 1 ? 1 : 0, reachZ = nz > 1 && !inPlane ? 1 : 0;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double sum = 0;
                    int n = 0;
                    for (int dz = -reachZ; dz <= reachZ; dz++) {
                        for (int dy = -reachY; dy <= reachY; dy++) {
                            for (int dx = -reachX; dx <= reachX; dx++) {
                                int x = inside(i + dx, nx), y = inside(j + dy, ny), z = inside(k + dz, nz);
                                sum += a[x + nx * (y + ny * z)];
                                n++;
                            }
                        }
                    }
                    out[i + nx * (j + ny * k)] = (float) (sum / n);
                }
            }
        }
        return out;
    }

    private static int inside(int index, int size) {
        return Math.max(0, Math.min(size - 1, index));
    }
}
