package org.samreg.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;

class StructuresTest {
    private static final Geometry GRID = Geometry.axisAligned(40, 40, 12, 1, 1, 1);
    private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    @Test
    void slicesOfOneStructureCountOnce() {
        List<MaskPair> pairs = new ArrayList<>();
        for (int k = 2; k <= 7; k++) {
            pairs.add(pair(12, 12, k, 0)); // A: one structure through six slices
        }
        pairs.add(pair(30, 30, 2, 0)); // B: elsewhere in-plane
        pairs.add(pair(30, 30, 3, 0));
        pairs.add(pair(12, 12, 11, 0)); // C: above A, but four slices away from its last slice
        pairs.add(pair(20, 12, 4, 0)); // D: beside A on slice 4, overlapping its neighbouring slices by a few pixels
        int[] structure = Structures.of(pairs);
        boolean[] all = new boolean[pairs.size()];
        Arrays.fill(all, true);
        assertEquals(4, Structures.count(structure, all));
        boolean[] onlyA = new boolean[pairs.size()];
        IntStream.range(0, 6).forEach(p -> onlyA[p] = true);
        assertEquals(1, Structures.count(structure, onlyA));
    }

    /**
     * One structure matched wrongly on five slices against two single structures matched rightly: the five slices
     * no longer outvote the two, and two structures are too few to move the start.
     */
    @Test
    void aWrongStructureOnManySlicesDoesNotSetTheInitialTransform() {
        List<MaskPair> pairs = new ArrayList<>();
        for (int k = 3; k <= 7; k++) {
            pairs.add(pair(12, 12, k, 8)); // wrong: its moving ROI is 8 mm off
        }
        pairs.add(pair(30, 30, 5, 0));
        pairs.add(pair(30, 12, 9, 0));
        CentroidFit fit = CentroidFit.fit(GRID, pairs, 3, IDENTITY);
        assertEquals(2, fit.agreeing);
        assertArrayEquals(new boolean[] {false, false, false, false, false, true, true}, fit.inlier);
        assertArrayEquals(IDENTITY, fit.matrix, 1e-12);
    }

    /** A disc of radius 5 px centred at (x, y) on slice k, and its copy shifted by {@code shift} mm in x. */
    private static MaskPair pair(int x, int y, int k, int shift) {
        return new MaskPair(disc(x, y, k), disc(x + shift, y, k));
    }

    private static Mask disc(int cx, int cy, int k) {
        int[] pixels = IntStream.range(0, GRID.sliceSize())
                .filter(p -> Math.hypot(p % GRID.nx - cx, p / GRID.nx - cy) <= 5).toArray();
        return Mask.ofSlice(GRID, k, pixels);
    }
}
