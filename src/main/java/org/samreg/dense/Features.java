package org.samreg.dense;

import java.util.stream.IntStream;

/**
 * A multi-channel image on an nx*ny*nz voxel grid, one array per channel, x fastest. Sampling outside the grid
 * clamps to the edge, so that a displaced edge voxel reads its neighbour rather than zero.
 */
final class Features {
    final int nx, ny, nz;
    final float[][] channels;

    Features(int nx, int ny, int nz, float[][] channels) {
        for (float[] c : channels) {
            if (c.length != nx * ny * nz) {
                throw new IllegalArgumentException("channel of " + c.length + " values on a " + nx + "x" + ny + "x" + nz
                        + " grid");
            }
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.channels = channels;
    }

    int voxels() {
        return nx * ny * nz;
    }

    int count() {
        return channels.length;
    }

    /** These channels followed by {@code more}'s, on the same grid. */
    Features with(Features more, float weight) {
        float[][] all = new float[channels.length + more.channels.length][];
        System.arraycopy(channels, 0, all, 0, channels.length);
        for (int c = 0; c < more.channels.length; c++) {
            float[] w = more.channels[c].clone();
            for (int v = 0; v < w.length; v++) {
                w[v] *= weight;
            }
            all[channels.length + c] = w;
        }
        return new Features(nx, ny, nz, all);
    }

    /** Box averages over blocks of f[0] x f[1] x f[2] voxels (a last partial block averages what it has). */
    Features pooled(int[] f) {
        int mx = (nx + f[0] - 1) / f[0], my = (ny + f[1] - 1) / f[1], mz = (nz + f[2] - 1) / f[2];
        float[][] out = new float[channels.length][mx * my * mz];
        IntStream.range(0, channels.length).parallel().forEach(c -> {
            float[] src = channels[c], dst = out[c];
            int[] count = new int[dst.length];
            for (int k = 0; k < nz; k++) {
                for (int j = 0; j < ny; j++) {
                    for (int i = 0; i < nx; i++) {
                        int d = i / f[0] + mx * (j / f[1] + my * (k / f[2]));
                        dst[d] += src[i + nx * (j + ny * k)];
                        count[d]++;
                    }
                }
            }
            for (int d = 0; d < dst.length; d++) {
                dst[d] /= count[d];
            }
        });
        return new Features(mx, my, mz, out);
    }

    /**
     * Trilinear sample of every channel at a continuous voxel position, clamped to the grid, into {@code out};
     * when {@code gradient} is given, also the sample's partial derivatives (x, y, z per channel).
     */
    void sample(double x, double y, double z, float[] out, float[] gradient) {
        x = clamp(x, nx - 1);
        y = clamp(y, ny - 1);
        z = clamp(z, nz - 1);
        int x0 = Math.min((int) x, Math.max(nx - 2, 0)), y0 = Math.min((int) y, Math.max(ny - 2, 0));
        int z0 = Math.min((int) z, Math.max(nz - 2, 0));
        int dx = nx > 1 ? 1 : 0, dy = ny > 1 ? nx : 0, dz = nz > 1 ? nx * ny : 0;
        float fx = (float) (x - x0), fy = (float) (y - y0), fz = (float) (z - z0);
        int base = x0 + nx * (y0 + ny * z0);
        for (int c = 0; c < channels.length; c++) {
            float[] a = channels[c];
            float c000 = a[base], c100 = a[base + dx], c010 = a[base + dy], c110 = a[base + dx + dy];
            float c001 = a[base + dz], c101 = a[base + dx + dz], c011 = a[base + dy + dz];
            float c111 = a[base + dx + dy + dz];
            float c00 = c000 + (c100 - c000) * fx, c10 = c010 + (c110 - c010) * fx;
            float c01 = c001 + (c101 - c001) * fx, c11 = c011 + (c111 - c011) * fx;
            float c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
            out[c] = c0 + (c1 - c0) * fz;
            if (gradient != null) {
                float gx0 = (c100 - c000) + ((c110 - c010) - (c100 - c000)) * fy;
                float gx1 = (c101 - c001) + ((c111 - c011) - (c101 - c001)) * fy;
                gradient[3 * c] = dx == 0 ? 0 : gx0 + (gx1 - gx0) * fz;
                gradient[3 * c + 1] = dy == 0 ? 0 : (c10 - c00) + ((c11 - c01) - (c10 - c00)) * fz;
                gradient[3 * c + 2] = dz == 0 ? 0 : c1 - c0;
            }
        }
    }

    /** A coordinate clamped to 0..max. */
    static double clamp(double v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }

    /**
     * Mean over each voxel's 3x3x3 neighbourhood (3x3 when {@code inPlane}, fewer along an axis of one voxel),
     * edges replicated.
     */
    static float[] boxMean(float[] a, int nx, int ny, int nz, boolean inPlane) {
        return boxMeans(a, 1, nx, ny, nz, inPlane);
    }

    /**
     * {@link #boxMean} applied {@code passes} times, through two buffers: the optimisers smooth every field and
     * gradient this way at each step, and a fresh array per axis and pass kept the garbage collector busy.
     */
    static float[] boxMeans(float[] a, int passes, int nx, int ny, int nz, boolean inPlane) {
        int[][] axes = inPlane ? new int[][] {{1, nx}, {nx, ny}} : new int[][] {{1, nx}, {nx, ny}, {nx * ny, nz}};
        float[][] buffers = {new float[a.length], new float[a.length]};
        float[] source = a;
        int next = 0;
        for (int pass = 0; pass < passes; pass++) {
            for (int[] axis : axes) {
                if (axis[1] > 1) {
                    along(source, buffers[next], axis[0], axis[1]);
                    source = buffers[next];
                    next = 1 - next;
                }
            }
        }
        return source == a ? a.clone() : source;
    }

    /** The 3-tap mean along the axis of {@code stride} (voxels per step) and {@code size} (over 1), into out. */
    private static void along(float[] a, float[] out, int stride, int size) {
        if (stride == 1) {
            for (int line = 0; line < a.length; line += size) {
                int last = line + size - 1;
                out[line] = (a[line] + a[line] + a[line + 1]) / 3f;
                for (int v = line + 1; v < last; v++) {
                    out[v] = (a[v - 1] + a[v] + a[v + 1]) / 3f;
                }
                out[last] = (a[last - 1] + a[last] + a[last]) / 3f;
            }
            return;
        }
        for (int block = 0; block < a.length; block += stride * size) {
            for (int pos = 0; pos < size; pos++) {
                int row = block + pos * stride;
                int before = pos == 0 ? row : row - stride, after = pos == size - 1 ? row : row + stride;
                for (int i = 0; i < stride; i++) {
                    out[row + i] = (a[before + i] + a[row + i] + a[after + i]) / 3f;
                }
            }
        }
    }
}
