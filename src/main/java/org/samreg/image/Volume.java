package org.samreg.image;

/**
 * An image on a {@link Geometry}: one float per voxel and component (1 = grey, 3 = RGB), components
 * interleaved, x fastest, then y, then slice. 2D images are volumes with one slice.
 */
public final class Volume {
    private final Geometry geometry;
    private final float[] data;
    private final int components;

    public Volume(Geometry geometry, float[] data, int components) {
        if (components != 1 && components != 3) {
            throw new IllegalArgumentException("only grey (1) or RGB (3) components are supported, got " + components);
        }
        if (data.length != geometry.voxelCount() * components) {
            throw new IllegalArgumentException("voxel data length " + data.length + " does not match grid "
                    + geometry.nx + "x" + geometry.ny + "x" + geometry.nz + "x" + components);
        }
        this.geometry = geometry;
        this.data = data;
        this.components = components;
    }

    public static Volume grey(Geometry geometry, float[] data) {
        return new Volume(geometry, data, 1);
    }

    public Geometry geometry() {
        return geometry;
    }

    public int components() {
        return components;
    }

    /** The backing array (not a copy). */
    public float[] data() {
        return data;
    }

    public float get(int i, int j, int k, int c) {
        return data[geometry.index(i, j, k) * components + c];
    }

    /** Intensity: the value for grey images, the mean of R, G, B for colour ones. */
    public float intensity(int voxel) {
        if (components == 1) {
            return data[voxel];
        }
        return (data[3 * voxel] + data[3 * voxel + 1] + data[3 * voxel + 2]) / 3f;
    }

    public Volume greyscale() {
        if (components == 1) {
            return this;
        }
        float[] g = new float[geometry.voxelCount()];
        for (int v = 0; v < g.length; v++) {
            g[v] = intensity(v);
        }
        return grey(geometry, g);
    }

    /** One slice's values (all components interleaved), x fastest. */
    public float[] slice(int k) {
        int n = geometry.sliceSize() * components;
        float[] out = new float[n];
        System.arraycopy(data, k * n, out, 0, n);
        return out;
    }

    /** Minimum and maximum over all voxels and components. */
    public float[] range() {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        return new float[] {min, max};
    }
}
