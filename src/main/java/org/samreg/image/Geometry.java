package org.samreg.image;

import java.util.Arrays;

/**
 * Voxel grid placed in patient space. Patient coordinates are DICOM's LPS, in millimetres, so that the
 * engine's results map straight onto DICOM objects; NIfTI (RAS) is converted at the file boundary.
 * A voxel index (i, j, k) maps to {@code origin + i*sx*col0 + j*sy*col1 + k*sz*col2}, where col0..2 are
 * the unit axis directions held column-wise in {@code direction}.
 */
public final class Geometry {
    public final int nx, ny, nz;
    private final double[] spacing;
    private final double[] origin;
    /** Row-major 3x3; column c is the patient-space unit direction of voxel axis c. */
    private final double[] direction;
    /** voxel -> patient as a row-major 3x4 matrix, and its inverse. */
    private final double[] toPatient = new double[12];
    private final double[] toVoxel = new double[12];

    public Geometry(int nx, int ny, int nz, double[] spacing, double[] origin, double[] direction) {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new IllegalArgumentException("empty image grid " + nx + "x" + ny + "x" + nz);
        }
        for (double s : spacing) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("voxel spacing must be positive, got " + Arrays.toString(spacing));
            }
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.spacing = spacing.clone();
        this.origin = origin.clone();
        this.direction = direction.clone();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                toPatient[r * 4 + c] = direction[r * 3 + c] * spacing[c];
            }
            toPatient[r * 4 + 3] = origin[r];
        }
        invertAffine(toPatient, toVoxel);
    }

    /** A 2D image (or a 3D volume) with axis-aligned identity orientation. */
    public static Geometry axisAligned(int nx, int ny, int nz, double sx, double sy, double sz) {
        return new Geometry(nx, ny, nz, new double[] {sx, sy, sz}, new double[3],
                new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    /** Builds a geometry from a voxel -> patient (LPS) 3x4 or 4x4 row-major affine. */
    public static Geometry fromAffine(int nx, int ny, int nz, double[] affine) {
        double[] spacing = new double[3];
        double[] dir = new double[9];
        for (int c = 0; c < 3; c++) {
            double norm = Math.sqrt(sq(affine[c]) + sq(affine[4 + c]) + sq(affine[8 + c]));
            if (norm == 0) {
                throw new IllegalArgumentException("affine has a zero column " + c + ": " + Arrays.toString(affine));
            }
            spacing[c] = norm;
            for (int r = 0; r < 3; r++) {
                dir[r * 3 + c] = affine[r * 4 + c] / norm;
            }
        }
        return new Geometry(nx, ny, nz, spacing, new double[] {affine[3], affine[7], affine[11]}, dir);
    }

    public int voxelCount() {
        return nx * ny * nz;
    }

    public int sliceSize() {
        return nx * ny;
    }

    public boolean is2D() {
        return nz == 1;
    }

    public int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    public double[] spacing() {
        return spacing.clone();
    }

    public double spacing(int axis) {
        return spacing[axis];
    }

    public double[] origin() {
        return origin.clone();
    }

    public double[] direction() {
        return direction.clone();
    }

    /** voxel -> patient as a row-major 3x4 matrix. */
    public double[] voxelToPatient() {
        return toPatient.clone();
    }

    /** patient -> voxel as a row-major 3x4 matrix. */
    public double[] patientToVoxel() {
        return toVoxel.clone();
    }

    /** Patient position (mm, LPS) of a continuous voxel coordinate. */
    public double[] toPatient(double i, double j, double k) {
        return apply(toPatient, i, j, k);
    }

    /** Continuous voxel coordinate of a patient position (mm, LPS). */
    public double[] toVoxel(double x, double y, double z) {
        return apply(toVoxel, x, y, z);
    }

    /** Same grid size, spacing, origin and orientation, within a tolerance in mm. */
    public boolean sameGrid(Geometry o, double tolMm) {
        if (nx != o.nx || ny != o.ny || nz != o.nz) {
            return false;
        }
        for (int n = 0; n < 12; n++) {
            if (Math.abs(toPatient[n] - o.toPatient[n]) > tolMm) {
                return false;
            }
        }
        return true;
    }

    public Geometry withSize(int nx, int ny, int nz, double[] spacing) {
        return new Geometry(nx, ny, nz, spacing, origin, direction);
    }

    @Override
    public String toString() {
        return nx + "x" + ny + "x" + nz + " spacing " + Arrays.toString(spacing) + " origin " + Arrays.toString(origin)
                + " direction " + Arrays.toString(direction);
    }

    public static double[] apply(double[] m, double x, double y, double z) {
        return new double[] {
            m[0] * x + m[1] * y + m[2] * z + m[3],
            m[4] * x + m[5] * y + m[6] * z + m[7],
            m[8] * x + m[9] * y + m[10] * z + m[11]
        };
    }

    /** Inverts a row-major 3x4 affine (last row 0 0 0 1 implied). */
    public static void invertAffine(double[] m, double[] out) {
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("singular affine " + Arrays.toString(m));
        }
        double[] r = {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
        };
        for (int row = 0; row < 3; row++) {
            out[row * 4] = r[row * 3];
            out[row * 4 + 1] = r[row * 3 + 1];
            out[row * 4 + 2] = r[row * 3 + 2];
            out[row * 4 + 3] = -(r[row * 3] * m[3] + r[row * 3 + 1] * m[7] + r[row * 3 + 2] * m[11]);
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
