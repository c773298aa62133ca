package org.samreg.image;

/**
 * Three components per voxel of a grid, interleaved (x, y, z triplets, x fastest, then y, then slice), in mm of
 * patient space (LPS): what a displacement field file holds, without the meaning the field package gives it.
 */
public record VectorImage(Geometry grid, float[] vectors) {
    public VectorImage {
        if (vectors.length != 3 * grid.voxelCount()) {
            throw new IllegalArgumentException("a vector image needs 3 values per voxel of " + grid);
        }
    }
}
