package org.samreg.field;

import org.samreg.image.Geometry;

/**
 * Dense displacement on the fixed image grid, in millimetres of patient space (LPS): the fixed voxel at patient
 * position p corresponds to the moving-image point p + u(p). This is the direction of DICOM Deformable Spatial
 * Registration. Vectors are stored as interleaved x, y, z triplets, x fastest, then y, then slice (DICOM's
 * Vector Grid Data order).
 */
public final class DisplacementField {
    private final Geometry grid;
    private final float[] vectors;

    public DisplacementField(Geometry grid, float[] vectors) {
        if (vectors.length != 3 * grid.voxelCount()) {
            throw new IllegalArgumentException("displacement field needs 3 values per voxel of " + grid);
        }
        this.grid = grid;
        this.vectors = vectors;
    }

    public static DisplacementField zero(Geometry grid) {
        return new DisplacementField(grid, new float[3 * grid.voxelCount()]);
    }

    public Geometry grid() {
        return grid;
    }

    /** Interleaved x, y, z displacement in mm (not a copy). */
    public float[] vectors() {
        return vectors;
    }

    /** Patient position in the moving image that fixed voxel (i, j, k) maps to. */
    public double[] mapVoxel(int i, int j, int k) {
        double[] p = grid.toPatient(i, j, k);
        int v = 3 * grid.index(i, j, k);
        p[0] += vectors[v];
        p[1] += vectors[v + 1];
        p[2] += vectors[v + 2];
        return p;
    }

    /** Displacement (mm) at a continuous fixed-grid voxel coordinate, trilinearly interpolated and edge-clamped. */
    public double[] displacementAtVoxel(double x, double y, double z) {
        int nx = grid.nx, ny = grid.ny, nz = grid.nz;
        x = clamp(x, nx - 1);
        y = clamp(y, ny - 1);
        z = clamp(z, nz - 1);
        int x0 = (int) x, y0 = (int) y, z0 = (int) z;
        int x1 = Math.min(x0 + 1, nx - 1), y1 = Math.min(y0 + 1, ny - 1), z1 = Math.min(z0 + 1, nz - 1);
        double fx = x - x0, fy = y - y0, fz = z - z0;
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            double c00 = lerp(at(x0, y0, z0, c), at(x1, y0, z0, c), fx);
            double c10 = lerp(at(x0, y1, z0, c), at(x1, y1, z0, c), fx);
            double c01 = lerp(at(x0, y0, z1, c), at(x1, y0, z1, c), fx);
            double c11 = lerp(at(x0, y1, z1, c), at(x1, y1, z1, c), fx);
            out[c] = lerp(lerp(c00, c10, fy), lerp(c01, c11, fy), fz);
        }
        return out;
    }

    /** Moving-image patient position for a fixed-image patient position. */
    public double[] mapPoint(double[] fixedPatient) {
        double[] v = grid.toVoxel(fixedPatient[0], fixedPatient[1], fixedPatient[2]);
        double[] u = displacementAtVoxel(v[0], v[1], v[2]);
        return new double[] {fixedPatient[0] + u[0], fixedPatient[1] + u[1], fixedPatient[2] + u[2]};
    }

    private float at(int i, int j, int k, int c) {
        return vectors[3 * grid.index(i, j, k) + c];
    }

    private static double clamp(double v, int max) {
        return Math.min(Math.max(v, 0), max);
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }
}
