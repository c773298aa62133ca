package org.samreg.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MaskTest {
    @Test
    void boundsAreTheVoxelBoxGrownByTheMarginAndClippedToTheGrid() {
        Geometry g = Geometry.axisAligned(10, 8, 4, 1, 1, 2);
        Mask m = new Mask(g, new int[] {g.index(2, 5, 1), g.index(6, 3, 1), g.index(4, 4, 3)});
        int[][] tight = m.bounds(new int[] {0, 0, 0});
        assertArrayEquals(new int[] {2, 3, 1}, tight[0]);
        assertArrayEquals(new int[] {6, 5, 3}, tight[1]);
        int[][] grown = m.bounds(new int[] {3, 1, 2});
        assertArrayEquals(new int[] {0, 2, 0}, grown[0], "clipped at the grid's start");
        assertArrayEquals(new int[] {9, 6, 3}, grown[1], "clipped at the grid's end");
    }
}
