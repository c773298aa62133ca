package org.samreg.image;

/** Sampling of voxel arrays at continuous voxel coordinates. Outside the grid counts as {@code outside}. */
public final class Interpolation {
    private Interpolation() {
    }

    /** Trilinear sample of a single-component array on a nx*ny*nz grid. */
    public static float linear(float[] a, int nx, int ny, int nz, double x, double y, double z, float outside) {
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > nx - 0.5 || y > ny - 0.5 || z > nz - 0.5) {
            return outside;
        }
        // clamp so that the half-voxel border replicates the edge voxel
        x = Math.min(Math.max(x, 0), nx - 1);
        y = Math.min(Math.max(y, 0), ny - 1);
        z = Math.min(Math.max(z, 0), nz - 1);
        int x0 = Math.min((int) x, nx - 1), y0 = Math.min((int) y, ny - 1), z0 = Math.min((int) z, nz - 1);
        int x1 = Math.min(x0 + 1, nx - 1), y1 = Math.min(y0 + 1, ny - 1), z1 = Math.min(z0 + 1, nz - 1);
        double fx = x - x0, fy = y - y0, fz = z - z0;
        int sxy = nx * ny;
        double c00 = a[x0 + nx * y0 + sxy * z0] * (1 - fx) + a[x1 + nx * y0 + sxy * z0] * fx;
        double c10 = a[x0 + nx * y1 + sxy * z0] * (1 - fx) + a[x1 + nx * y1 + sxy * z0] * fx;
        double c01 = a[x0 + nx * y0 + sxy * z1] * (1 - fx) + a[x1 + nx * y0 + sxy * z1] * fx;
        double c11 = a[x0 + nx * y1 + sxy * z1] * (1 - fx) + a[x1 + nx * y1 + sxy * z1] * fx;
        double c0 = c00 * (1 - fy) + c10 * fy;
        double c1 = c01 * (1 - fy) + c11 * fy;
        return (float) (c0 * (1 - fz) + c1 * fz);
    }

    /** Nearest-neighbour sample (for label images). */
    public static float nearest(float[] a, int nx, int ny, int nz, double x, double y, double z, float outside) {
        long i = Math.round(x), j = Math.round(y), k = Math.round(z);
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
            return outside;
        }
        return a[(int) (i + nx * (j + (long) ny * k))];
    }
}
