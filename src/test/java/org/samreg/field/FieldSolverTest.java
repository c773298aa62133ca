package org.samreg.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.Progress;

class FieldSolverTest {
    private static final String CARDIAC_LV = "cardiac_2d/label1.png";
    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    @Test
    void recoversTranslationOfCardiacLabel() throws IOException {
        Geometry grid = Geometry.axisAligned(256, 216, 1, 1, 1, 1);
        double[] shift = {6, -4, 0};
        Case c = cardiacCase(grid, grid, 4, translation(shift, -1));
        List<String> stages = new ArrayList<>();
        FieldResult result = new FieldSolver().solve(grid, grid, c.pairs, InitialAlignment.HEADER,
                (stage, iteration, total) -> {
                    if (iteration == total) {
                        stages.add(stage);
                    }
                });
        assertTranslationRecovered(result, c, shift);
        assertEquals(List.of("initial transform", "deformation level 1/3", "deformation level 2/3",
                "deformation level 3/3"), stages);
    }

    @Test
    void twoPairsStartFromTheIdentityAndTheDenseFieldStillRecoversTheTranslation() throws IOException {
        Geometry grid = Geometry.axisAligned(256, 216, 1, 1, 1, 1);
        double[] shift = {5, 3, 0};
        Case c = cardiacCase(grid, grid, 2, translation(shift, -1)); // the whole label and its two halves
        assertEquals(2, c.pairs.size() - 1);
        List<MaskPair> twoPairs = c.pairs.subList(1, 3); // the two halves
        FieldResult result = new FieldSolver().solve(grid, grid, twoPairs);
        for (int r = 0; r < 3; r++) {
            assertEquals(0.0, result.initialMatrix()[r * 4 + 3], 1e-12, "no initial translation from two pairs");
        }
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("starts from the identity")), result.warnings()
                .toString());
        assertTranslationRecovered(result, c, shift);
    }

    @Test
    void recoversTranslationInMillimetresAcrossDifferentGrids() throws IOException {
        // anisotropic pixels, and a moving slice of another size and origin, 40 mm away along the normal
        Geometry fixed = new Geometry(256, 216, 1, new double[] {0.7, 1.3, 1}, new double[] {-50, 20, 0}, IDENTITY);
        Geometry moving = new Geometry(200, 200, 1, new double[] {0.7, 1.3, 1}, new double[] {-29, 72, 40}, IDENTITY);
        double[] shift = {6 * 0.7, -4 * 1.3, 40};
        Case c = cardiacCase(fixed, moving, 4, translation(shift, -1));
        FieldResult result = new FieldSolver().solve(fixed, moving, c.pairs);
        assertTranslationRecovered(result, c, shift);
        assertEquals(shift[0], result.initialMatrix()[3], 0.7, "initial x translation (mm)");
        assertEquals(shift[1], result.initialMatrix()[7], 1.3, "initial y translation (mm)");
        assertEquals(40, result.initialMatrix()[11], 1e-9, "the slice offset is a pure translation");
    }

    @ParameterizedTest
    @CsvSource({"cardiac_2d/label1.png, 256, 216", "prostate_2d/label1.png, 200, 200"})
    void recoversSmoothDeformationOfRealLabel(String label, int width, int height) throws IOException {
        Geometry grid = Geometry.axisAligned(width, height, 1, 1, 1, 1);
        // moving point q shows the fixed anatomy at q + v(q)
        UnaryOperator<double[]> movingToFixed = q -> new double[] {
            q[0] + 4.5 * Math.sin(2 * Math.PI * q[1] / 150), q[1] + 4.5 * Math.cos(2 * Math.PI * q[0] / 130), q[2]};
        Case c = labelCase(label, grid, grid, 8, movingToFixed);
        FieldResult result = new FieldSolver().solve(grid, grid, c.pairs);

        double[] error = FieldTestData.errorVoxels(result.field(), c.union, p -> invert(movingToFixed, p));
        System.out.printf(label + " smooth deformation: mean error %.2f px, max %.2f px, Dice %.3f -> %.3f, %.2f s%n",
                error[0], error[1], result.meanDiceBefore(), result.meanDiceAfter(), result.seconds());
        assertTrue(error[0] < 1, "mean displacement error inside the ROIs " + error[0] + " voxels");
        assertTrue(result.meanDiceAfter() > 0.9, "Dice after " + result.meanDiceAfter());
        assertTrue(result.meanDiceAfter() > result.meanDiceBefore());
        assertEquals(0f, maxAbsZ(result.field()), "2D field must stay in-plane");
    }

    @Test
    void leavesOutWrongMatches() throws IOException {
        Geometry grid = Geometry.axisAligned(256, 216, 1, 1, 1, 1);
        double[] shift = {6, -4, 0};
        Case c = cardiacCase(grid, grid, 6, translation(shift, -1));
        List<MaskPair> pairs = new ArrayList<>(c.pairs);
        // sector 1 of the fixed image matched to the opposite sector of the moving one
        pairs.add(new MaskPair(pairs.get(1).fixed(), pairs.get(4).moving()));
        FieldResult result = new FieldSolver().solve(grid, grid, pairs);
        assertEquals(c.pairs.size(), result.pairsUsed());
        assertFalse(result.warnings().isEmpty());
        assertTranslationRecovered(result, c, shift);
    }

    @Test
    void recoversTranslationBetweenRotatedGridsIn3D() {
        Geometry fixed = Geometry.axisAligned(64, 60, 24, 1, 1, 2);
        double[] shift = {5.2, -3.7, 4.4};
        double[][] ellipsoids = { // centre x, y, z, radii x, y, z (mm)
            {20, 18, 16, 8, 6, 7}, {42, 20, 22, 7, 9, 6}, {30, 40, 28, 10, 7, 8}, {18, 42, 34, 6, 6, 9},
            {46, 44, 14, 7, 8, 6}};
        ToIntFunction<double[]> fixedLabelAt = p -> {
            for (int e = 0; e < ellipsoids.length; e++) {
                double[] d = ellipsoids[e];
                if (sq((p[0] - d[0]) / d[3]) + sq((p[1] - d[1]) / d[4]) + sq((p[2] - d[2]) / d[5]) <= 1) {
                    return e + 1;
                }
            }
            return 0;
        };
        double a = Math.toRadians(25), b = Math.toRadians(10);
        double[] rotation = { // rotation about z (25 deg) then about x (10 deg), columns = voxel axes
            Math.cos(a), -Math.sin(a), 0,
            Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), -Math.sin(b),
            Math.sin(a) * Math.sin(b), Math.cos(a) * Math.sin(b), Math.cos(b)};
        int[] size = {72, 76, 44};
        double[] spacing = {1.2, 0.9, 1.5};
        double[] centre = {32 + shift[0], 30 + shift[1], 23 + shift[2]};
        double[] origin = new double[3];
        for (int r = 0; r < 3; r++) {
            origin[r] = centre[r];
            for (int c = 0; c < 3; c++) {
                origin[r] -= rotation[r * 3 + c] * spacing[c] * (size[c] - 1) / 2.0;
            }
        }
        Geometry moving = new Geometry(size[0], size[1], size[2], spacing, origin, rotation);
        int[] fixedLabels = FieldTestData.rasterise(fixed, fixedLabelAt);
        int[] movingLabels = FieldTestData.movingLabels(moving, fixedLabelAt, translation(shift, -1));
        List<MaskPair> pairs = FieldTestData.pairs(fixed, fixedLabels, moving, movingLabels, ellipsoids.length, false);

        FieldResult result = new FieldSolver().solve(fixed, moving, pairs);
        Mask all = FieldTestData.mask(fixed, fixedLabels, 0);
        double[] error = FieldTestData.errorVoxels(result.field(), all, translation(shift, 1));
        System.out.printf("3D translation: mean error %.2f, max %.2f voxels, Dice %.3f -> %.3f, %.2f s%n",
                error[0], error[1], result.meanDiceBefore(), result.meanDiceAfter(), result.seconds());
        assertTrue(error[1] < 1, "max error inside the ROIs " + error[1] + " voxels");
        assertTrue(result.meanDiceAfter() > 0.9, "Dice after " + result.meanDiceAfter());
    }

    @Test
    void solvesFiftyPairsOn256x216x10() {
        Geometry grid = Geometry.axisAligned(256, 216, 10, 1, 1, 2.5);
        ToIntFunction<double[]> blobs = p -> { // 10 x 5 lattice of ellipsoids, labels 1..50
            int col = (int) Math.round((p[0] - 16) / 25), row = (int) Math.round((p[1] - 24) / 42);
            if (col < 0 || col > 9 || row < 0 || row > 4) {
                return 0;
            }
            double dx = p[0] - (16 + 25 * col), dy = p[1] - (24 + 42 * row), dz = p[2] - 11.25;
            return sq(dx / 9) + sq(dy / 12) + sq(dz / 8) <= 1 ? 1 + col + 10 * row : 0;
        };
        UnaryOperator<double[]> movingToFixed = q -> new double[] {
            q[0] + 2 + 3 * Math.sin(2 * Math.PI * q[1] / 120), q[1] - 1 + 3 * Math.cos(2 * Math.PI * q[0] / 140),
            q[2] + Math.sin(2 * Math.PI * q[0] / 200)};
        int[] fixedLabels = FieldTestData.rasterise(grid, blobs);
        int[] movingLabels = FieldTestData.movingLabels(grid, blobs, movingToFixed);
        List<MaskPair> pairs = FieldTestData.pairs(grid, fixedLabels, grid, movingLabels, 50, false);

        FieldResult result = new FieldSolver().solve(grid, grid, pairs);
        double[] error = FieldTestData.errorVoxels(result.field(), FieldTestData.mask(grid, fixedLabels, 0),
                p -> invert(movingToFixed, p));
        System.out.printf("50 pairs on 256x216x10: %.2f s, mean error %.2f voxels, Dice %.3f -> %.3f%n",
                result.seconds(), error[0], result.meanDiceBefore(), result.meanDiceAfter());
        assertTrue(error[0] < 1, "mean error inside the ROIs " + error[0] + " voxels");
        assertTrue(result.meanDiceAfter() > 0.9, "Dice after " + result.meanDiceAfter());
    }

    @Test
    void noPairsGivesIdentityWithWarning() {
        Geometry grid = Geometry.axisAligned(20, 10, 1, 1, 1, 1);
        FieldResult result = new FieldSolver().solve(grid, grid, List.of());
        assertTrue(result.hadNoPairs());
        assertFalse(result.warnings().isEmpty());
        for (float u : result.field().vectors()) {
            assertEquals(0f, u);
        }
        assertEquals(1.0, result.initialMatrix()[0]);
        assertEquals(1.0, result.initialMatrix()[15]);
    }

    @Test
    void noPairsFromTheCentreAlignmentMapsTheFixedCentreOntoTheMovingCentre() {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        Geometry fixed = new Geometry(20, 10, 6, new double[] {0.8, 1.25, 3}, new double[] {-12.5, 40, 7},
                new double[] {c, -s, 0, s, c, 0, 0, 0, -1});
        Geometry moving = Geometry.axisAligned(30, 31, 9, 1, 1, 2);
        FieldResult result = new FieldSolver().solve(fixed, moving, List.of(), InitialAlignment.CENTRES,
                Progress.NONE);
        assertTrue(result.hadNoPairs());
        assertTrue(result.warnings().toString().contains("the centre alignment"), result.warnings().toString());
        double[] fixedCentre = fixed.toPatient(9.5, 4.5, 2.5), movingCentre = moving.toPatient(14.5, 15, 4);
        assertArrayEquals(movingCentre, result.field().mapPoint(fixedCentre), 1e-4);
        double[] corner = fixed.toPatient(19, 0, 5), mappedCorner = result.field().mapPoint(corner);
        for (int a = 0; a < 3; a++) {
            assertEquals(movingCentre[a] - fixedCentre[a], mappedCorner[a] - corner[a], 1e-4,
                    "one translation everywhere, axis " + a);
        }
    }

    @Test
    void twoPairsStartFromTheCentreAlignmentWhenAsked() throws IOException {
        Geometry fixed = Geometry.axisAligned(256, 216, 1, 1, 1, 1);
        Geometry moving = new Geometry(256, 216, 1, new double[] {1, 1, 1}, new double[] {30, -20, 0}, IDENTITY);
        Case c = cardiacCase(fixed, moving, 2, translation(new double[] {30, -20, 0}, -1));
        FieldResult result = new FieldSolver().solve(fixed, moving, c.pairs.subList(1, 3), InitialAlignment.CENTRES,
                Progress.NONE);
        assertArrayEquals(new double[] {30, -20, 0}, new double[] {result.initialMatrix()[3],
                result.initialMatrix()[7], result.initialMatrix()[11]}, 1e-9, "the centres' offset, not the identity");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("starts from the centre alignment")),
                result.warnings().toString());
    }

    @Test
    void emptyMaskIsRejected() {
        Geometry grid = Geometry.axisAligned(20, 10, 1, 1, 1, 1);
        Mask empty = new Mask(grid, new int[0]);
        Mask some = new Mask(grid, new int[] {3, 4, 5});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaskPair(empty, some));
        assertTrue(e.getMessage().contains("empty fixed mask"), e.getMessage());
    }

    @Test
    void pairOnAnotherGridIsRejected() {
        Geometry grid = Geometry.axisAligned(20, 10, 1, 1, 1, 1);
        Geometry other = Geometry.axisAligned(20, 10, 1, 2, 1, 1);
        MaskPair pair = new MaskPair(new Mask(other, new int[] {3}), new Mask(grid, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> new FieldSolver().solve(grid, grid, List.of(pair)));
    }

    private record Case(List<MaskPair> pairs, Mask union) {
    }

    private static Case cardiacCase(Geometry fixed, Geometry moving, int sectors, UnaryOperator<double[]> movingToFixed)
            throws IOException {
        return labelCase(CARDIAC_LV, fixed, moving, sectors, movingToFixed);
    }

    /** A shared label on {@code fixed}, split into sectors, and its image on {@code moving}. */
    private static Case labelCase(String label, Geometry fixed, Geometry moving, int sectors,
            UnaryOperator<double[]> movingToFixed) throws IOException {
        int[] roi = FieldTestData.sharedLabel(label, fixed.nx, fixed.ny);
        int[] fixedLabels = FieldTestData.sectors(roi, fixed.nx, sectors);
        int[] movingLabels = FieldTestData.movingLabels(moving, FieldTestData.lookup(fixedLabels, fixed), movingToFixed);
        List<MaskPair> pairs = FieldTestData.pairs(fixed, fixedLabels, moving, movingLabels, sectors, true);
        return new Case(pairs, pairs.get(0).fixed());
    }

    private static void assertTranslationRecovered(FieldResult result, Case c, double[] shift) {
        double[] error = FieldTestData.errorVoxels(result.field(), c.union, translation(shift, 1));
        System.out.printf("translation: mean error %.2f, max %.2f voxels, Dice %.3f -> %.3f, %.2f s%n",
                error[0], error[1], result.meanDiceBefore(), result.meanDiceAfter(), result.seconds());
        assertTrue(error[1] < 1, "max error inside the label " + error[1] + " voxels");
        assertTrue(result.meanDiceAfter() > 0.9, "Dice after " + result.meanDiceAfter());
    }

    private static UnaryOperator<double[]> translation(double[] shift, double sign) {
        return p -> new double[] {p[0] + sign * shift[0], p[1] + sign * shift[1], p[2] + sign * shift[2]};
    }

    /** The moving point q with movingToFixed(q) = p, by fixed-point iteration (the deformation is small and smooth). */
    private static double[] invert(UnaryOperator<double[]> movingToFixed, double[] p) {
        double[] q = p.clone();
        for (int it = 0; it < 50; it++) {
            double[] back = movingToFixed.apply(q);
            for (int a = 0; a < 3; a++) {
                q[a] += p[a] - back[a];
            }
        }
        return q;
    }

    private static float maxAbsZ(DisplacementField field) {
        float max = 0;
        for (int v = 2; v < field.vectors().length; v += 3) {
            max = Math.max(max, Math.abs(field.vectors()[v]));
        }
        return max;
    }

    private static double sq(double v) {
        return v * v;
    }
}
