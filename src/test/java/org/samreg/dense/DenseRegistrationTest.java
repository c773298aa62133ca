package org.samreg.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samreg.demo.DemoPair;
import org.samreg.field.DisplacementField;
import org.samreg.field.MaskPair;
import org.samreg.image.Geometry;
import org.samreg.image.Interpolation;
import org.samreg.image.Mask;
import org.samreg.image.Prerequisites;
import org.samreg.image.Progress;
import org.samreg.image.Volume;

/** The dense stage on a real MR slice bent by a known smooth deformation (the demo pair), also across contrasts. */
class DenseRegistrationTest {
    private static DemoPair demo;

    @BeforeAll
    static void load() throws IOException {
        Prerequisites.require(Files.exists(DemoPair.TEMPLATES.resolve("ch2.nii.gz")),
                "Debian package mricron-data is not installed");
        demo = DemoPair.load();
    }

    @Test
    void recoversAKnownDeformationWithinAVoxel() {
        double before = meanErrorMm(DisplacementField.zero(demo.fixed().geometry()));
        DenseRegistration.Result r = register(demo.moving());
        double after = meanErrorMm(r.field());
        assertTrue(before > 3, "the demo's deformation is several mm: " + before);
        assertTrue(after < 1.0, "mean error inside the brain after the dense stage, mm (1 voxel = 1 mm): " + after);
        assertTrue(r.costAfter() < r.costBefore(), r.costBefore() + " -> " + r.costAfter());
        assertEquals(0, r.jacobian().foldedFraction(), 1e-3, "no folding");
    }

    @Test
    void recoversTheWholeBrainsDeformationAlongEveryAxis() throws IOException {
        // the 1 mm volume, registered on a grid box-averaged to at most 300,000 voxels (about 2.5 mm): measured 1.26
        DemoPair volume = DemoPair.loadVolume();
        double before = mean(volume.errorsInsideBrainMm(DisplacementField.zero(volume.fixed().geometry())));
        DenseRegistration.Result r = new DenseRegistration(DenseSettings.defaults()).refine(volume.fixed(),
                volume.moving(), DisplacementField.zero(volume.fixed().geometry()), List.of(), Progress.NONE);
        double after = mean(volume.errorsInsideBrainMm(r.field()));
        assertTrue(before > 5, "the deformation is several mm: " + before);
        assertTrue(after < 1.5, "mean error inside the brain, mm: " + after);
        assertTrue(r.jacobian().foldedFraction() < 1e-3, "folded " + r.jacobian().foldedFraction());
    }

    @Test
    void recoversItAcrossContrastsAgainstAnInvertedCopy() {
        float max = demo.moving().range()[1];
        float[] inverted = demo.moving().data().clone();
        for (int v = 0; v < inverted.length; v++) {
            inverted[v] = max - inverted[v];
        }
        double after = meanErrorMm(register(Volume.grey(demo.moving().geometry(), inverted)).field());
        assertTrue(after < 1.0, "an intensity-inverted moving image is registered as well (MIND-SSC), mm: " + after);
    }

    @Test
    void roiPairsMoveWhatTheImageTermCannotSee() {
        // a featureless image: the descriptors are the same everywhere, so only the ROI pair says where the disc went
        Geometry g = Geometry.axisAligned(96, 96, 1, 1, 1, 1);
        Volume flat = Volume.grey(g, new float[g.voxelCount()]);
        MaskPair disc = new MaskPair(disc(g, 40, 48, 10), disc(g, 46, 48, 10));
        DenseSettings settings = DenseSettings.defaults().withAffineIterations(0)
                .withRoiWeight(DenseSettings.ROI_WEIGHT);
        DisplacementField start = DisplacementField.zero(g);
        DisplacementField imageOnly = new DenseRegistration(settings)
                .refine(flat, flat, start, List.of(), Progress.NONE).field();
        DisplacementField guided = new DenseRegistration(settings)
                .refine(flat, flat, start, List.of(disc), Progress.NONE).field();
        double[] centre = g.toPatient(40, 48, 0);
        double[] withoutRoi = imageOnly.mapPoint(centre), withRoi = guided.mapPoint(centre);
        assertEquals(centre[0], withoutRoi[0], 0.1, "the image term alone leaves a featureless image in place");
        assertEquals(centre[0] + 6, withRoi[0], 1.5, "the ROI pair moves the disc centre 6 mm");
    }

    @Test
    void affineStageReachesAScalingBeyondTheLocalSearch() {
        // the anatomy of the moving image 1.5 times smaller, as between two patients (prostate-2d's is about 2 times)
        Volume fixed = demo.fixed();
        Geometry g = fixed.geometry();
        double scale = 1.5, ci = (g.nx - 1) / 2.0, cj = (g.ny - 1) / 2.0;
        float[] zoomedOut = new float[g.voxelCount()];
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                zoomedOut[g.index(i, j, 0)] = Interpolation.linear(fixed.data(), g.nx, g.ny, 1, ci + (i - ci) * scale,
                        cj + (j - cj) * scale, 0, 0f);
            }
        }
        Volume moving = Volume.grey(g, zoomedOut);
        DisplacementField start = DisplacementField.zero(g);
        DenseSettings settings = DenseSettings.defaults();
        double without = scalingErrorMm(new DenseRegistration(settings).refine(fixed, moving, start, List.of(),
                Progress.NONE).field(), fixed, scale);
        DenseRegistration.Result r = new DenseRegistration(settings.withAffineIterations(
                DenseSettings.AFFINE_ITERATIONS)).refine(fixed, moving, start, List.of(), Progress.NONE);
        double with = scalingErrorMm(r.field(), fixed, scale);
        assertTrue(with < 2, "mean error inside the head with the affine stage, mm: " + with);
        assertTrue(without > 2 * with, "without it the local search falls short: " + without + " mm against " + with);
        assertEquals(0, r.jacobian().foldedFraction(), 1e-3, "no folding");
    }

    /** Mean distance between the field's and the true scaling's moving points, over the fixed image's bright half. */
    private static double scalingErrorMm(DisplacementField field, Volume fixed, double scale) {
        Geometry g = fixed.geometry();
        double ci = (g.nx - 1) / 2.0, cj = (g.ny - 1) / 2.0, level = 0.5 * fixed.range()[1], sum = 0;
        int count = 0;
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                if (fixed.data()[g.index(i, j, 0)] < level) {
                    continue;
                }
                double[] mapped = field.mapPoint(g.toPatient(i, j, 0));
                double[] truth = g.toPatient(ci + (i - ci) / scale, cj + (j - cj) / scale, 0);
                sum += Math.hypot(mapped[0] - truth[0], mapped[1] - truth[1]);
                count++;
            }
        }
        return sum / count;
    }

    @Test
    void searchWindowKeepsToItsBudget() {
        int[] slice = {8, 8, 0}, acdc = {8, 8, 4}, cube = {8, 8, 8};
        DenseRegistration.withinSearchBudget(slice);
        DenseRegistration.withinSearchBudget(acdc);
        DenseRegistration.withinSearchBudget(cube);
        assertArrayEquals(new int[] {8, 8, 0}, slice, "a slice pair searches the full window");
        assertArrayEquals(new int[] {6, 6, 4}, acdc, "the widest axes are narrowed first");
        assertArrayEquals(new int[] {5, 5, 5}, cube);
    }

    private static DenseRegistration.Result register(Volume moving) {
        return new DenseRegistration(DenseSettings.defaults()).refine(demo.fixed(), moving,
                DisplacementField.zero(demo.fixed().geometry()), List.of(), Progress.NONE);
    }

    private static double meanErrorMm(DisplacementField estimate) {
        return mean(demo.errorsInsideBrainMm(estimate));
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static Mask disc(Geometry g, int ci, int cj, int radius) {
        boolean[] dense = new boolean[g.voxelCount()];
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                dense[g.index(i, j, 0)] = (i - ci) * (i - ci) + (j - cj) * (j - cj) <= radius * radius;
            }
        }
        return Mask.fromDense(g, dense);
    }
}
