package org.samreg.field;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;

class FieldJacobianTest {
    private static final Geometry GRID = new Geometry(12, 10, 6, new double[] {0.5, 0.5, 2}, new double[] {3, -4, 7},
            new double[] {0, 1, 0, -1, 0, 0, 0, 0, 1});

    @Test
    void zeroFieldHasUnitDeterminant() {
        FieldJacobian j = FieldJacobian.of(DisplacementField.zero(GRID));
        assertEquals(1, j.minimum(), 1e-9);
        assertEquals(0, j.foldedFraction());
    }

    @Test
    void linearFieldsGiveTheirDeterminantInPatientSpace() {
        // u(p) = (A - I) p for A = diag(1.5, 0.8, 1.25): det 1.5 whatever the grid's orientation and spacing
        assertEquals(1.5, FieldJacobian.of(linear(new double[] {1.5, 0.8, 1.25})).minimum(), 1e-4);
        // a mirror: every voxel folds
        FieldJacobian mirrored = FieldJacobian.of(linear(new double[] {-1, 1, 1}));
        assertEquals(-1, mirrored.minimum(), 1e-4);
        assertEquals(1, mirrored.foldedFraction(), 1e-12);
    }

    private static DisplacementField linear(double[] scale) {
        float[] u = new float[3 * GRID.voxelCount()];
        for (int k = 0; k < GRID.nz; k++) {
            for (int j = 0; j < GRID.ny; j++) {
                for (int i = 0; i < GRID.nx; i++) {
                    double[] p = GRID.toPatient(i, j, k);
                    for (int c = 0; c < 3; c++) {
                        u[3 * GRID.index(i, j, k) + c] = (float) ((scale[c] - 1) * p[c]);
                    }
                }
            }
        }
        return new DisplacementField(GRID, u);
    }
}
