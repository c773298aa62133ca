package org.samreg.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.Volume;

class OverlapTest {
    private final Geometry g = Geometry.axisAligned(10, 10, 2, 0.5, 2.0, 3.0);

    @Test
    void diceCountsSharedVoxels() {
        Mask a = new Mask(g, new int[] {1, 2, 3, 4});
        Mask b = new Mask(g, new int[] {3, 4, 5, 6, 7, 8});
        assertEquals(2.0 * 2 / 10, Overlap.dice(a, b), 1e-12);
        assertEquals(1.0, Overlap.dice(a, a), 1e-12);
    }

    @Test
    void inPlaneDiceSeesSliceMasksAlongTheSliceAxis() {
        // one ROI on slice 0, its partner moved to slice 1, sharing 2 of its 4 pixels in the plane
        Mask a = new Mask(g, new int[] {g.index(1, 1, 0), g.index(2, 1, 0), g.index(1, 2, 0), g.index(2, 2, 0)});
        Mask b = new Mask(g, new int[] {g.index(2, 1, 1), g.index(3, 1, 1), g.index(2, 2, 1), g.index(3, 2, 1)});
        assertEquals(0, Overlap.dice(a, b), 1e-12);
        assertEquals(0.5, Overlap.inPlaneDice(a, b), 1e-12);
        // a pixel covered on both slices counts once
        Mask both = new Mask(g, new int[] {g.index(1, 1, 0), g.index(1, 1, 1)});
        assertEquals(2.0 * 1 / (4 + 1), Overlap.inPlaneDice(a, both), 1e-12);
        assertEquals(1, Overlap.inPlaneDice(new Mask(g, new int[0]), new Mask(g, new int[0])), 1e-12);
    }

    @Test
    void centroidDistanceUsesPhysicalSpacing() {
        Mask a = new Mask(g, new int[] {g.index(2, 2, 0)});
        Mask b = new Mask(g, new int[] {g.index(5, 6, 1)});
        // dx = 3 * 0.5, dy = 4 * 2, dz = 1 * 3
        assertEquals(Math.sqrt(1.5 * 1.5 + 8 * 8 + 9), Overlap.centroidDistanceMm(a, b), 1e-9);
        assertEquals(Double.NaN, Overlap.centroidDistanceMm(a, new Mask(g, new int[0])));
    }

    @Test
    void masksOnDifferentGridsAreRefused() {
        Mask a = new Mask(g, new int[] {1});
        Mask b = new Mask(Geometry.axisAligned(10, 10, 2, 1, 1, 1), new int[] {1});
        assertThrows(IllegalArgumentException.class, () -> Overlap.dice(a, b));
    }

    @Test
    void labelSetScoresEveryLabelValue() {
        float[] fixed = new float[200], warped = new float[200];
        fixed[0] = 1;
        fixed[1] = 1;
        fixed[50] = 3;
        warped[1] = 1;
        Map<String, double[]> s = LabelSet.fromValues(Volume.grey(g, fixed))
                .diceAndCentroidTre(LabelSet.fromValues(Volume.grey(g, warped)));
        assertEquals(2, s.size());
        assertEquals(2.0 / 3, s.get("1")[0], 1e-12);
        assertEquals(0.25, s.get("1")[1], 1e-12);
        assertEquals(0.0, s.get("3")[0], 1e-12);
    }
}
