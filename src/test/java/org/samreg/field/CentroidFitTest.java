package org.samreg.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;

/** The centroid consensus's affine branch: enough agreeing, well spread structures give the affine they agree on. */
class CentroidFitTest {
    private static final Geometry GRID = Geometry.axisAligned(120, 120, 1, 1, 1, 1);
    /** Fixed patient -> moving patient: scaled 1.06 and 0.95, sheared 0.04, shifted (3, -2) mm, about (60, 60). */
    private static final double[][] TRUTH = {{1.06, 0.04, 3}, {0.0, 0.95, -2}};

    @Test
    void eightSpreadPairsGiveTheirAffineAndAWrongPairIsLeftOut() {
        List<MaskPair> pairs = ring(8);
        pairs.add(pair(60, 60, 25)); // matched to a structure 25 mm away from where the affine puts it
        CentroidFit fit = CentroidFit.fit(GRID, pairs, 3.0, identity());
        assertTrue(fit.affine, "8 agreeing structures spread in both directions: an affine, not a translation");
        for (int p = 0; p < 8; p++) {
            assertTrue(fit.inlier[p], "pair " + p + " agrees");
        }
        assertFalse(fit.inlier[8], "the wrong pair is an outlier");
        double[] m = fit.matrix;
        assertEquals(TRUTH[0][0], m[0], 0.02);
        assertEquals(TRUTH[0][1], m[1], 0.02);
        assertEquals(TRUTH[1][0], m[4], 0.02);
        assertEquals(TRUTH[1][1], m[5], 0.02);
        double[] centre = mapped(60, 60);
        assertEquals(centre[0], m[0] * 60 + m[1] * 60 + m[3], 0.5, "the grid centre lands where the affine puts it");
        assertEquals(centre[1], m[4] * 60 + m[5] * 60 + m[7], 0.5);
    }

    @Test
    void fewerThanSixStructuresFallBackToATranslation() {
        List<MaskPair> pairs = ring(4);
        CentroidFit fit = CentroidFit.fit(GRID, pairs, 3.0, identity());
        assertFalse(fit.affine, "4 structures in 2D are too few for an affine (6 needed)");
        assertEquals(1, fit.matrix[0], 1e-9, "a translation keeps the linear part");
        assertEquals(3, fit.matrix[3], 1.0, "the mean shift in x");
    }

    /** {@code count} correctly matched pairs spread evenly on a circle of 35 mm around the grid centre. */
    private static List<MaskPair> ring(int count) {
        List<MaskPair> pairs = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            double angle = 2 * Math.PI * p / count;
            pairs.add(pair(60 + 35 * Math.cos(angle), 60 + 35 * Math.sin(angle), 0));
        }
        return pairs;
    }

    /** A disc at fixed (x, y) and its partner where TRUTH maps it, shifted {@code wrongMm} further in x. */
    private static MaskPair pair(double x, double y, double wrongMm) {
        double[] m = mapped(x, y);
        return new MaskPair(disc(Math.round(x), Math.round(y)), disc(Math.round(m[0] + wrongMm), Math.round(m[1])));
    }

    private static double[] mapped(double x, double y) {
        double dx = x - 60, dy = y - 60;
        return new double[] {60 + TRUTH[0][0] * dx + TRUTH[0][1] * dy + TRUTH[0][2],
            60 + TRUTH[1][0] * dx + TRUTH[1][1] * dy + TRUTH[1][2]};
    }

    private static Mask disc(long ci, long cj) {
        boolean[] dense = new boolean[GRID.voxelCount()];
        for (int j = 0; j < GRID.ny; j++) {
            for (int i = 0; i < GRID.nx; i++) {
                dense[GRID.index(i, j, 0)] = (i - ci) * (i - ci) + (j - cj) * (j - cj) <= 16;
            }
        }
        return Mask.fromDense(GRID, dense);
    }

    private static double[] identity() {
        return new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    }
}
