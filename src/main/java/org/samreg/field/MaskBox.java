package org.samreg.field;

import org.samreg.image.Geometry;
import org.samreg.image.Mask;

/**
 * A mask rasterised as floats into its bounding box (plus margin) of a grid, optionally Gaussian-blurred, so that
 * each ROI pair costs work proportional to its size and not to the image size. Outside the box it reads as 0.
 */
final class MaskBox {
    final int x0, y0, z0, nx, ny, nz;
    final float[] values;

    private MaskBox(int[] lo, int[] hi) {
        x0 = lo[0];
        y0 = lo[1];
        z0 = lo[2];
        nx = hi[0] - lo[0] + 1;
        ny = hi[1] - lo[1] + 1;
        nz = hi[2] - lo[2] + 1;
        values = new float[nx * ny * nz];
    }

    /** The mask's bounding box grown by {@code margin} voxels per axis and clipped to the grid, filled with the mask. */
    static MaskBox of(Mask mask, int[] margin) {
        Geometry g = mask.geometry();
        int[][] bounds = mask.bounds(margin);
        MaskBox box = new MaskBox(bounds[0], bounds[1]);
        for (int v : mask.voxels()) {
            box.values[box.index(v % g.nx - box.x0, (v / g.nx) % g.ny - box.y0, v / g.sliceSize() - box.z0)] = 1f;
        }
        return box;
    }

    int size() {
        return values.length;
    }

    int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    /** Separable Gaussian blur, sigma per axis in voxels; axes with sigma below 0.1 voxel are left alone. */
    MaskBox blur(double[] sigma) {
        int[] n = {nx, ny, nz};
        int[] stride = {1, nx, nx * ny};
        for (int a = 0; a < 3; a++) {
            if (sigma[a] < 0.1 || n[a] < 2) {
                continue;
            }
            double[] kernel = gaussian(sigma[a]);
            int radius = kernel.length / 2;
            float[] line = new float[n[a]];
            for (int start = 0; start < values.length; start++) {
                if ((start / stride[a]) % n[a] != 0) {
                    continue; // visit each line along axis a once, from its first voxel
                }
                for (int t = 0; t < n[a]; t++) {
                    line[t] = values[start + t * stride[a]];
                }
                for (int t = 0; t < n[a]; t++) {
                    double s = 0;
                    for (int o = -radius; o <= radius; o++) {
                        int u = t + o;
                        if (u >= 0 && u < n[a]) {
                            s += kernel[o + radius] * line[u];
                        }
                    }
                    values[start + t * stride[a]] = (float) s;
                }
            }
        }
        return this;
    }

    /**
     * Trilinear value at a continuous grid voxel coordinate (zero outside the box); writes d value / d coordinate
     * into {@code gradient}.
     */
    double sample(double x, double y, double z, double[] gradient) {
        double lx = x - x0, ly = y - y0, lz = z - z0;
        int i = (int) Math.floor(lx), j = (int) Math.floor(ly), k = (int) Math.floor(lz);
        gradient[0] = gradient[1] = gradient[2] = 0;
        if (i < -1 || j < -1 || k < -1 || i >= nx || j >= ny || k >= nz) {
            return 0;
        }
        double fx = lx - i, fy = ly - j, fz = lz - k;
        double c000 = at(i, j, k), c100 = at(i + 1, j, k), c010 = at(i, j + 1, k), c110 = at(i + 1, j + 1, k);
        double c001 = at(i, j, k + 1), c101 = at(i + 1, j, k + 1), c011 = at(i, j + 1, k + 1);
        double c111 = at(i + 1, j + 1, k + 1);
        double c00 = c000 + (c100 - c000) * fx, c10 = c010 + (c110 - c010) * fx;
        double c01 = c001 + (c101 - c001) * fx, c11 = c011 + (c111 - c011) * fx;
        double c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
        double dx0 = (c100 - c000) + (c110 - c010 - c100 + c000) * fy;
        double dx1 = (c101 - c001) + (c111 - c011 - c101 + c001) * fy;
        gradient[0] = dx0 + (dx1 - dx0) * fz;
        gradient[1] = (c10 - c00) + (c11 - c01 - c10 + c00) * fz;
        gradient[2] = c1 - c0;
        return c0 + (c1 - c0) * fz;
    }

    private double at(int i, int j, int k) {
        if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) {
            return 0;
        }
        return values[i + nx * (j + ny * k)];
    }

    private static double[] gaussian(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int o = -radius; o <= radius; o++) {
            k[o + radius] = Math.exp(-0.5 * o * o / (sigma * sigma));
            sum += k[o + radius];
        }
        for (int o = 0; o < k.length; o++) {
            k[o] /= sum;
        }
        return k;
    }
}
