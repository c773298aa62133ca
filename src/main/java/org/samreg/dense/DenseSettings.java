package org.samreg.dense;

/**
 * Knobs of {@link DenseRegistration}.
 *
 * @param maxVoxels      the optimisation's grid: the fixed grid box-averaged by integer factors, coarsest along its
 *                       finest axes, until it has at most this many voxels
 * @param searchVoxels   the same for the grid of the coarse search and the affine stage (searched on a grid twice as
 *                       coarse again), which is sized for their reach, not for detail
 * @param searchFraction half-width of the coarse search window, as a fraction of the fixed image's largest extent
 * @param maxHalfWidth   the search window's half-width cap, in coarse voxels per axis
 * @param lambda         weight of the diffusion energy (mean squared displacement gradient, mm per mm)
 * @param iterations     Adam steps of the fine stage
 * @param stepVoxels     Adam step size in working-grid voxels, decayed linearly to a tenth
 * @param roiWeight      weight of the ROI-pair channels against the image descriptors (0: image term alone)
 * @param anisotropy     slices further apart than this times the in-plane spacing are described in-plane only
 * @param affineIterations Adam steps of the affine stage before the convex search (0: none)
 */
public record DenseSettings(int maxVoxels, int searchVoxels, double searchFraction, int maxHalfWidth, double lambda,
        int iterations, double stepVoxels, double roiWeight, double anisotropy, int affineIterations) {

    public DenseSettings {
        if (maxVoxels < 64 || searchVoxels < 64 || !(searchFraction >= 0) || maxHalfWidth < 0 || !(lambda >= 0)
                || iterations < 0 || !(stepVoxels > 0) || !(roiWeight >= 0) || !(anisotropy >= 1)
                || affineIterations < 0) {
            throw new IllegalArgumentException("invalid dense settings: max voxels " + maxVoxels + ", search voxels "
                    + searchVoxels + ", search " + searchFraction + ", max half-width " + maxHalfWidth + ", lambda "
                    + lambda + ", iterations " + iterations + ", step " + stepVoxels + ", ROI weight " + roiWeight
                    + ", anisotropy " + anisotropy + ", affine iterations " + affineIterations);
        }
    }

    /**
     * The diffusion weight for two modalities (see {@code SamRegistration#forTwoModalities}): ultrasound speckle
     * gives the descriptor term local minima a weak regulariser follows. Over the 25 prostate MR to ultrasound pairs
     * (image term alone, mean Dice of all labels / landmark TRE): 0.02 0.284 / 2.70 mm, 0.1 0.290 / 2.67, 0.3
     * 0.302 / 2.64, 0.6 0.298 / 2.66, 1 0.299 / 2.66; the centre start 0.293 / 2.79.
     */
    public static final double TWO_MODALITIES_LAMBDA = 0.3;

    /**
     * The ROI pairs' weight where a caller asks for them ({@code --roi-weight}): in a featureless region a matched
     * structure pulls its partner, where the image term is flat.
     */
    public static final double ROI_WEIGHT = 0.1;

    /** Affine steps where an affine stage is asked for (see {@code SamRegistration#forInterSubject}). */
    public static final int AFFINE_ITERATIONS = 100;

    /**
     * Without the affine stage: intra-subject pairs do not need it, and across modalities it can go astray. The
     * optimisation's grid holds up to 300,000 voxels, the search's 160,000 (acdc, image term alone, Dice / mean TRE:
     * both 160,000 0.839 / 2.46 mm in 12.7 s; the search's grid optimised on too, 300,000, 0.862 / 1.56 in 17.0 s but
     * the retina's landmark error 14.6 px instead of 10.9, its window reaching less far; as set, 0.859 / 1.67 in 17.4
     * s and the retina 8.8 px; 600,000, acdc at full resolution, 0.845 / 2.87 in 30.8 s).
     *
     * <p>No ROI term ({@link #ROI_WEIGHT} where asked for): on 2026-12-04, the hybrid with the ROI pairs at 0.1
     * against without them, one run each: acdc 0.854 / 1.65 mm against 0.863 / 1.44 mm, prostate-2d 0.637 against
     * 0.649, cardiac-2d 0.955 against 0.955, the retina 8.84 px against 8.58, 3 MR to ultrasound cases 0.283 / 2.95
     * mm either way; and with the pairs, any small change of the ROI masks (int8 weights in the encoder or in the
     * decoder alone) moved acdc to 0.833-0.835, without them not by a digit.
     */
    public static DenseSettings defaults() {
        return new DenseSettings(300_000, 160_000, 0.12, 8, 0.02, 80, 1.0, 0, 2.5, 0);
    }

    public DenseSettings withLambda(double v) {
        return new DenseSettings(maxVoxels, searchVoxels, searchFraction, maxHalfWidth, v, iterations, stepVoxels,
                roiWeight, anisotropy, affineIterations);
    }

    public DenseSettings withRoiWeight(double v) {
        return new DenseSettings(maxVoxels, searchVoxels, searchFraction, maxHalfWidth, lambda, iterations, stepVoxels,
                v, anisotropy, affineIterations);
    }

    public DenseSettings withAffineIterations(int v) {
        return new DenseSettings(maxVoxels, searchVoxels, searchFraction, maxHalfWidth, lambda, iterations, stepVoxels,
                roiWeight, anisotropy, v);
    }

    public DenseSettings withIterations(int v) {
        return new DenseSettings(maxVoxels, searchVoxels, searchFraction, maxHalfWidth, lambda, v, stepVoxels,
                roiWeight, anisotropy, affineIterations);
    }
}
