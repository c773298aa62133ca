package org.samreg.field;

import org.samreg.image.Geometry;
import org.samreg.image.Interpolation;
import org.samreg.image.Mask;
import org.samreg.image.Volume;

/** Resamples moving-image data onto the fixed grid through a {@link DisplacementField}; outside reads as 0. */
public final class Warper {
    private Warper() {
    }

    /** A moving image on the fixed grid, trilinear, every component. */
    public static Volume warp(Volume moving, DisplacementField field) {
        return resample(moving, field, field.grid(), false);
    }

    /**
     * A moving image on {@code target}, a grid in the fixed image's space that may differ from the field's own
     * (e.g. the full-resolution fixed image when the field was fitted on a shrunk copy).
     */
    public static Volume warp(Volume moving, DisplacementField field, Geometry target) {
        return resample(moving, field, target, false);
    }

    /** An integer label image on the fixed grid, nearest neighbour so that labels are never blended. */
    public static Volume warpLabels(Volume moving, DisplacementField field) {
        return resample(moving, field, field.grid(), true);
    }

    /** An integer label image on {@code target} (see {@link #warp(Volume, DisplacementField, Geometry)}). */
    public static Volume warpLabels(Volume moving, DisplacementField field, Geometry target) {
        return resample(moving, field, target, true);
    }

    /** A moving mask on the fixed grid: linear sampling of the mask, kept where it is at least 0.5. */
    public static Mask warpMask(Mask moving, DisplacementField field) {
        Volume warped = warp(Volume.grey(moving.geometry(), moving.toFloat()), field);
        boolean[] dense = new boolean[warped.data().length];
        for (int v = 0; v < dense.length; v++) {
            dense[v] = warped.data()[v] >= 0.5f;
        }
        return Mask.fromDense(field.grid(), dense);
    }

    /** Moving-image patient position (mm, LPS) of a fixed-image patient position, e.g. for landmarks. */
    public static double[] mapPoint(DisplacementField field, double[] fixedPatient) {
        return field.mapPoint(fixedPatient);
    }

    private static Volume resample(Volume moving, DisplacementField field, Geometry fixed, boolean nearest) {
        Geometry source = moving.geometry();
        boolean onFieldGrid = fixed.sameGrid(field.grid(), 1e-6);
        int components = moving.components();
        float[][] channels = new float[components][source.voxelCount()];
        for (int v = 0; v < source.voxelCount(); v++) {
            for (int c = 0; c < components; c++) {
                channels[c][v] = moving.data()[v * components + c];
            }
        }
        float[] out = new float[fixed.voxelCount() * components];
        int v = 0;
        for (int k = 0; k < fixed.nz; k++) {
            for (int j = 0; j < fixed.ny; j++) {
                for (int i = 0; i < fixed.nx; i++, v++) {
                    double[] p = onFieldGrid ? field.mapVoxel(i, j, k) : field.mapPoint(fixed.toPatient(i, j, k));
                    double[] m = source.toVoxel(p[0], p[1], p[2]);
                    for (int c = 0; c < components; c++) {
                        out[v * components + c] = nearest
                                ? Interpolation.nearest(channels[c], source.nx, source.ny, source.nz, m[0], m[1], m[2], 0f)
                                : Interpolation.linear(channels[c], source.nx, source.ny, source.nz, m[0], m[1], m[2], 0f);
                    }
                }
            }
        }
        return new Volume(fixed, out, components);
    }
}
