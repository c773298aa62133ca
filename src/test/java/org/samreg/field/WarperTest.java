package org.samreg.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.Volume;

class WarperTest {
    private static final Geometry OBLIQUE = new Geometry(30, 28, 12, new double[] {0.8, 1.1, 2.0},
            new double[] {-12, -9, -11}, rotationZ(Math.toRadians(20)));

    @Test
    void identityFieldReproducesTheImage() {
        Random random = new Random(7);
        float[] rgb = new float[3 * OBLIQUE.voxelCount()];
        for (int v = 0; v < rgb.length; v++) {
            rgb[v] = random.nextFloat() * 100;
        }
        Volume image = new Volume(OBLIQUE, rgb, 3);
        DisplacementField identity = DisplacementField.zero(OBLIQUE);
        assertArrayEquals(rgb, Warper.warp(image, identity).data(), 1e-3f);
        assertArrayEquals(rgb, Warper.warpLabels(image, identity).data());
    }

    @Test
    void constantFieldShiftsImageInPatientSpaceAcrossDifferentGrids() {
        // trilinear sampling reproduces a function linear in patient coordinates exactly, on any grid
        double[][] planes = {{0.5, -1.0, 2.0, 3.0}, {-2.0, 0.25, 1.0, -1.0}, {1.0, 1.0, 1.0, 0.0}};
        float[] rgb = new float[3 * OBLIQUE.voxelCount()];
        for (int k = 0, v = 0; k < OBLIQUE.nz; k++) {
            for (int j = 0; j < OBLIQUE.ny; j++) {
                for (int i = 0; i < OBLIQUE.nx; i++, v++) {
                    double[] q = OBLIQUE.toPatient(i, j, k);
                    for (int c = 0; c < 3; c++) {
                        rgb[3 * v + c] = (float) linear(planes[c], q);
                    }
                }
            }
        }
        Geometry fixed = Geometry.axisAligned(16, 14, 8, 1, 1, 1.5);
        double[] shift = {-2.3, 4.1, 0.7};
        DisplacementField field = constant(fixed, shift);
        Volume warped = Warper.warp(new Volume(OBLIQUE, rgb, 3), field);

        int checked = 0;
        for (int k = 0, v = 0; k < fixed.nz; k++) {
            for (int j = 0; j < fixed.ny; j++) {
                for (int i = 0; i < fixed.nx; i++, v++) {
                    double[] q = fixed.toPatient(i, j, k);
                    q = new double[] {q[0] + shift[0], q[1] + shift[1], q[2] + shift[2]};
                    double[] m = OBLIQUE.toVoxel(q[0], q[1], q[2]);
                    if (!inside(m, OBLIQUE, 0.5)) {
                        assertEquals(0f, warped.data()[3 * v], "outside the moving image reads 0");
                    }
                    if (!inside(m, OBLIQUE, 0)) {
                        continue; // the half-voxel rim replicates the edge voxel
                    }
                    for (int c = 0; c < 3; c++) {
                        assertEquals(linear(planes[c], q), warped.data()[3 * v + c], 1e-3);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > fixed.voxelCount() / 4, "many fixed voxels fall inside the moving image: " + checked);
        assertArrayEquals(new double[] {3 - 2.3, 4 + 4.1, 5 + 0.7}, Warper.mapPoint(field, new double[] {3, 4, 5}),
                1e-5);
    }

    @Test
    void labelsAndMasksMoveByWholeVoxels() {
        Geometry grid = Geometry.axisAligned(12, 10, 6, 0.5, 2, 3);
        float[] labels = new float[grid.voxelCount()];
        boolean[] box = new boolean[grid.voxelCount()];
        for (int k = 1; k < 4; k++) {
            for (int j = 2; j < 6; j++) {
                for (int i = 3; i < 8; i++) {
                    labels[grid.index(i, j, k)] = 1 + i % 3; // labels 1..3 must never blend
                    box[grid.index(i, j, k)] = true;
                }
            }
        }
        // fixed voxel (i, j, k) looks at moving voxel (i + 2, j - 1, k + 1)
        DisplacementField field = constant(grid, new double[] {2 * 0.5, -1 * 2, 1 * 3});
        Volume warpedLabels = Warper.warpLabels(Volume.grey(grid, labels), field);
        Mask warpedMask = Warper.warpMask(Mask.fromDense(grid, box), field);
        for (int k = 0; k < grid.nz; k++) {
            for (int j = 0; j < grid.ny; j++) {
                for (int i = 0; i < grid.nx; i++) {
                    int i2 = i + 2, j2 = j - 1, k2 = k + 1;
                    boolean inGrid = i2 < grid.nx && j2 >= 0 && k2 < grid.nz;
                    float expected = inGrid ? labels[grid.index(i2, j2, k2)] : 0;
                    assertEquals(expected, warpedLabels.get(i, j, k, 0));
                    assertEquals(expected != 0, warpedMask.contains(grid.index(i, j, k)));
                }
            }
        }
    }

    private static DisplacementField constant(Geometry grid, double[] shift) {
        float[] vectors = new float[3 * grid.voxelCount()];
        for (int v = 0; v < vectors.length; v++) {
            vectors[v] = (float) shift[v % 3];
        }
        return new DisplacementField(grid, vectors);
    }

    private static boolean inside(double[] m, Geometry g, double rim) {
        return m[0] >= -rim && m[1] >= -rim && m[2] >= -rim
                && m[0] <= g.nx - 1 + rim && m[1] <= g.ny - 1 + rim && m[2] <= g.nz - 1 + rim;
    }

    private static double linear(double[] plane, double[] q) {
        return plane[0] * q[0] + plane[1] * q[1] + plane[2] * q[2] + plane[3];
    }

    private static double[] rotationZ(double a) {
        return new double[] {Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1};
    }
}
