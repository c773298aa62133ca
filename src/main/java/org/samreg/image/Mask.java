package org.samreg.image;

import java.util.Arrays;

/** A binary region on a {@link Geometry}, kept sparse as the sorted indices of its voxels. */
public final class Mask {
    private final Geometry geometry;
    private final int[] voxels;

    public Mask(Geometry geometry, int[] voxels) {
        this.geometry = geometry;
        int[] sorted = voxels.clone();
        Arrays.sort(sorted);
        this.voxels = sorted;
    }

    public static Mask fromDense(Geometry geometry, boolean[] dense) {
        int n = 0;
        for (boolean b : dense) {
            if (b) {
                n++;
            }
        }
        int[] v = new int[n];
        int p = 0;
        for (int i = 0; i < dense.length; i++) {
            if (dense[i]) {
                v[p++] = i;
            }
        }
        return new Mask(geometry, v);
    }

    /** A 2D region of slice {@code k}, given by pixel indices within the slice, placed in the volume. */
    public static Mask ofSlice(Geometry geometry, int k, int[] slicePixels) {
        int[] v = new int[slicePixels.length];
        int offset = k * geometry.sliceSize();
        for (int i = 0; i < v.length; i++) {
            v[i] = offset + slicePixels[i];
        }
        return new Mask(geometry, v);
    }

    /** Union of masks on the same grid. */
    public static Mask union(Mask... masks) {
        Geometry g = masks[0].geometry;
        boolean[] dense = new boolean[g.voxelCount()];
        for (Mask m : masks) {
            for (int v : m.voxels) {
                dense[v] = true;
            }
        }
        return fromDense(g, dense);
    }

    public Geometry geometry() {
        return geometry;
    }

    /** Sorted voxel indices (not a copy). */
    public int[] voxels() {
        return voxels;
    }

    public int size() {
        return voxels.length;
    }

    public boolean isEmpty() {
        return voxels.length == 0;
    }

    /**
     * The voxel box of a non-empty mask, grown by {@code margin} voxels per axis and clipped to the grid:
     * {lowest, highest} voxel index per axis, both inclusive.
     */
    public int[][] bounds(int[] margin) {
        Geometry g = geometry;
        int[] size = {g.nx, g.ny, g.nz};
        int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] hi = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
        for (int v : voxels) {
            int[] ijk = {v % g.nx, (v / g.nx) % g.ny, v / g.sliceSize()};
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], ijk[a]);
                hi[a] = Math.max(hi[a], ijk[a]);
            }
        }
        for (int a = 0; a < 3; a++) {
            lo[a] = Math.max(0, lo[a] - margin[a]);
            hi[a] = Math.min(size[a] - 1, hi[a] + margin[a]);
        }
        return new int[][] {lo, hi};
    }

    public boolean contains(int voxel) {
        return Arrays.binarySearch(voxels, voxel) >= 0;
    }

    public boolean[] toDense() {
        boolean[] d = new boolean[geometry.voxelCount()];
        for (int v : voxels) {
            d[v] = true;
        }
        return d;
    }

    public float[] toFloat() {
        float[] d = new float[geometry.voxelCount()];
        for (int v : voxels) {
            d[v] = 1f;
        }
        return d;
    }

    /** Mean voxel coordinate (i, j, k); NaN for an empty mask. */
    public double[] centroidVoxel() {
        double si = 0, sj = 0, sk = 0;
        int nx = geometry.nx, nxy = geometry.sliceSize();
        for (int v : voxels) {
            si += v % nx;
            sj += (v % nxy) / nx;
            sk += v / nxy;
        }
        int n = voxels.length;
        return new double[] {si / n, sj / n, sk / n};
    }

    /** Centroid in patient coordinates (mm, LPS). */
    public double[] centroidPatient() {
        double[] c = centroidVoxel();
        return geometry.toPatient(c[0], c[1], c[2]);
    }

    /** This region on another grid of the same patient space, nearest-neighbour. */
    public Mask resampled(Geometry target) {
        if (target.sameGrid(geometry, 1e-6)) {
            return this;
        }
        float[] dense = toFloat();
        boolean[] out = new boolean[target.voxelCount()];
        int v = 0;
        for (int k = 0; k < target.nz; k++) {
            for (int j = 0; j < target.ny; j++) {
                for (int i = 0; i < target.nx; i++, v++) {
                    double[] p = target.toPatient(i, j, k);
                    double[] s = geometry.toVoxel(p[0], p[1], p[2]);
                    out[v] = Interpolation.nearest(dense, geometry.nx, geometry.ny, geometry.nz, s[0], s[1], s[2], 0) > 0;
                }
            }
        }
        return fromDense(target, out);
    }

    /** Size of the intersection of two ascending index arrays (voxel or pixel indices). */
    public static int sharedCount(int[] a, int[] b) {
        int i = 0, j = 0, n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                n++;
                i++;
                j++;
            }
        }
        return n;
    }

    /** Slices this mask touches, ascending. */
    public int[] slices() {
        int nxy = geometry.sliceSize();
        return Arrays.stream(voxels).map(v -> v / nxy).distinct().toArray();
    }
}
