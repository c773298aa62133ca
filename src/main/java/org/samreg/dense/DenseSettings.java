package org.samreg.dense;

/**
 * Knobs of {@link DenseRegistration}.
 *
 * @param maxVoxels      the working grid: the fixed grid box-averaged by integer factors, coarsest along its finest
 *                       axes, until it has at most this many voxels
 * @param searchFraction half-width of the coarse search window, as a fraction of the fixed image's largest extent
 * @param maxHalfWidth   the search window's half-width cap, in coarse voxels per axis
 * @param lambda         weight of the diffusion energy (mean squared displacement gradient, mm per mm)
 * @param iterations     Adam steps of the fine stage
 * @param stepVoxels     Adam step size in working-grid voxels, decayed linearly to a tenth
 * @param roiWeight      weight of the ROI-pair channels against the image descriptors (0: image term alone)
 * @param anisotropy     slices further apart than this times the in-plane spacing are described in-plane only
 * @param affineIterations Adam steps of the affine stage before the convex search (0: none)
 */
public record DenseSettings(int maxVoxels, double searchFraction, int maxHalfWidth, double lambda, int iterations,
        double stepVoxels, double roiWeight, double anisotropy, int affineIterations) {

    public DenseSettings {
        if (maxVoxels < 64 || !(searchFraction >= 0) || maxHalfWidth < 0 || !(lambda >= 0) || iterations < 0
                || !(stepVoxels > 0) || !(roiWeight >= 0) || !(anisotropy >= 1) || affineIterations < 0) {
            throw new IllegalArgumentException("invalid dense settings: max voxels " + maxVoxels + ", search "
                    + searchFraction + ", max half-width " + maxHalfWidth + ", lambda " + lambda + ", iterations "
                    + iterations + ", step " + stepVoxels + ", ROI weight " + roiWeight + ", anisotropy " + anisotropy
                    + ", affine iterations " + affineIterations);
        }
    }

    /** Affine steps where an affine stage is asked for (see {@code SamRegistration#forInterSubject}). */
    public static final int AFFINE_ITERATIONS = 100;

    /** Without the affine stage: intra-subject pairs do not need it, and across modalities it can go astray. */
    public static DenseSettings defaults() {
        return new DenseSettings(160_000, 0.12, 8, 0.02, 80, 1.0, 0.1, 2.5, 0);
    }

    public DenseSettings withLambda(double v) {
        return new DenseSettings(maxVoxels, searchFraction, maxHalfWidth, v, iterations, stepVoxels, roiWeight,
                anisotropy, affineIterations);
    }

    public DenseSettings withRoiWeight(double v) {
        return new DenseSettings(maxVoxels, searchFraction, maxHalfWidth, lambda, iterations, stepVoxels, v,
                anisotropy, affineIterations);
    }

    public DenseSettings withAffineIterations(int v) {
        return new DenseSettings(maxVoxels, searchFraction, maxHalfWidth, lambda, iterations, stepVoxels, roiWeight,
                anisotropy, v);
    }

    public DenseSettings withIterations(int v) {
        return new DenseSettings(maxVoxels, searchFraction, maxHalfWidth, lambda, v, stepVoxels, roiWeight,
                anisotropy, affineIterations);
    }
}
