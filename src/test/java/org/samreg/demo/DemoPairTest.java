package org.samreg.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.image.Geometry;
import org.samreg.image.ImageFormatException;
import org.samreg.image.Interpolation;
import org.samreg.image.Prerequisites;
import org.samreg.image.Volume;

class DemoPairTest {
    private static DemoPair demo;

    @BeforeAll
    static void load() throws IOException {
        Prerequisites.require(Files.exists(DemoPair.TEMPLATES.resolve("ch2.nii.gz")),
                "Debian package mricron-data is not installed");
        demo = DemoPair.load();
    }

    @Test
    void fixedSliceKeepsTheTemplateGeometry() {
        Geometry g = demo.fixed().geometry();
        assertEquals(181, g.nx);
        assertEquals(217, g.ny);
        assertTrue(g.is2D());
        assertArrayEquals(new double[] {1, 1, 1}, g.spacing(), 1e-6);
        // ch2's sform is RAS-aligned, so in LPS the first two axes point the other way
        assertArrayEquals(new double[] {-1, 0, 0, 0, -1, 0, 0, 0, 1}, g.direction(), 1e-6);
        assertEquals(DemoPair.SLICE_Z_MM, g.origin()[2], 0.5);
        assertTrue(g.sameGrid(demo.moving().geometry(), 1e-9));
        assertTrue(g.sameGrid(demo.truth().grid(), 1e-9));
    }

    @Test
    void labelsAreNonEmptyWithManyRegions() {
        for (Volume labels : new Volume[] {demo.fixedLabels(), demo.movingLabels()}) {
            long regions = distinctNonZero(labels.data());
            assertTrue(regions >= 20, "AAL regions in the slice: " + regions);
        }
    }

    private static long distinctNonZero(float[] values) {
        return Arrays.stream(toDouble(values)).filter(v -> v != 0).distinct().count();
    }

    private static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    @Test
    void movingSampledThroughTheTruthReproducesTheFixedImage() {
        assertTruthReproducesTheFixedImage(demo);
    }

    @Test
    void theVolumeIsTheWholeBrainAtOneMillimetreDeformedAlongEveryAxis() throws IOException {
        DemoPair volume = DemoPair.loadVolume();
        Geometry g = volume.fixed().geometry();
        for (int n : new int[] {g.nx, g.ny, g.nz}) {
            assertTrue(n >= 140 && n <= 200, "the brain's box, voxels per axis: " + g);
        }
        assertArrayEquals(new double[] {1, 1, 1}, g.spacing(), 1e-6);
        assertTrue(distinctNonZero(volume.fixedLabels().data()) >= 100, "AAL regions in the volume");
        double through = 0;
        for (int i = 0; i < g.nx; i += 4) {
            through = Math.max(through, Math.abs(volume.truth().displacementAtVoxel(i, g.ny / 2, g.nz / 2)[2]));
        }
        assertTrue(through > 4, "through-plane displacement up to " + through + " mm");
        assertTruthReproducesTheFixedImage(volume);
    }

    /** Inside the brain, the moving image sampled through the known field correlates with the fixed image. */
    private static void assertTruthReproducesTheFixedImage(DemoPair pair) {
        Volume fixed = pair.fixed(), moving = pair.moving();
        Geometry g = fixed.geometry();
        double[] a = new double[g.voxelCount()], b = new double[g.voxelCount()];
        int n = 0;
        double maxDisplacement = 0;
        for (int k = 0; k < g.nz; k++) {
            for (int j = 0; j < g.ny; j++) {
                for (int i = 0; i < g.nx; i++) {
                    int v = g.index(i, j, k);
                    double[] u = pair.truth().displacementAtVoxel(i, j, k);
                    maxDisplacement = Math.max(maxDisplacement, Math.hypot(u[0], u[1]));
                    if (pair.fixedLabels().data()[v] == 0) {
                        continue; // inside the brain only
                    }
                    double[] p = g.toPatient(i, j, k);
                    double[] q = g.toVoxel(p[0] + u[0], p[1] + u[1], p[2] + u[2]);
                    a[n] = fixed.data()[v];
                    b[n++] = Interpolation.linear(moving.data(), g.nx, g.ny, g.nz, q[0], q[1], q[2], 0);
                }
            }
        }
        assertTrue(n > 5000, "brain voxels: " + n);
        assertTrue(maxDisplacement > 4 && maxDisplacement < 7.5, "max in-plane displacement " + maxDisplacement);
        double warpedCorrelation = correlation(a, b, n);
        assertTrue(warpedCorrelation > 0.99, "correlation through the truth field: " + warpedCorrelation);

        float[] labels = pair.fixedLabels().data();
        for (int v = 0, m = 0; v < labels.length; v++) { // without the field the images must differ clearly
            if (labels[v] != 0) {
                b[m++] = moving.data()[v];
            }
        }
        double identityCorrelation = correlation(a, b, n);
        assertTrue(identityCorrelation < 0.95, "correlation without the field: " + identityCorrelation);
    }

    private static double correlation(double[] a, double[] b, int n) {
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void missingTemplatesNameTheFileAndThePackage(@TempDir Path empty) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> DemoPair.load(empty));
        assertTrue(e.getMessage().contains("ch2.nii.gz") && e.getMessage().contains("mricron-data"), e.getMessage());
    }
}
