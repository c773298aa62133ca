package org.samreg.field;

/**
 * Folding of a displacement field: the determinant of the Jacobian of the map p -> p + u(p), by central
 * differences (one-sided at the edges). A determinant at or below zero means the map folds there: neighbouring
 * fixed points land in the moving image in the wrong order. Along an axis of one voxel the map is the identity.
 *
 * @param minimum        smallest determinant
 * @param foldedFraction fraction of voxels with a determinant at or below zero
 */
public record FieldJacobian(double minimum, double foldedFraction) {

    public static FieldJacobian of(DisplacementField field) {
        var g = field.grid();
        float[] u = field.vectors();
        int[] size = {g.nx, g.ny, g.nz};
        double[] d = g.direction();
        double min = Double.POSITIVE_INFINITY;
        long folded = 0;
        double[] m = new double[9];
        for (int k = 0; k < g.nz; k++) {
            for (int j = 0; j < g.ny; j++) {
                for (int i = 0; i < g.nx; i++) {
                    int[] at = {i, j, k};
                    for (int a = 0; a < 3; a++) {
                        int lo = Math.max(at[a] - 1, 0), hi = Math.min(at[a] + 1, size[a] - 1);
                        for (int c = 0; c < 3; c++) {
                            double derivative = 0;
                            if (hi > lo) {
                                int[] p = at.clone(), q = at.clone();
                                p[a] = lo;
                                q[a] = hi;
                                derivative = (u[3 * g.index(q[0], q[1], q[2]) + c] - u[3 * g.index(p[0], p[1], p[2]) + c])
                                        / ((hi - lo) * g.spacing(a));
                            }
                            m[c * 3 + a] = d[c * 3 + a] + derivative; // column a: direction of axis a + du/ds_a
                        }
                    }
                    double det = determinant(m) * determinant(d);
                    min = Math.min(min, det);
                    if (det <= 0) {
                        folded++;
                    }
                }
            }
        }
        return new FieldJacobian(min, (double) folded / g.voxelCount());
    }

    private static double determinant(double[] m) {
        return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);
    }
}
