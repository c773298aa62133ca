package org.samreg.field;

/**
 * Knobs of {@link FieldSolver}. Distances in voxels refer to the fixed grid.
 *
 * @param lambda              weight of the smoothness term: mean over all control nodes of the squared gradient of
 *                            the residual field (voxels per voxel)
 * @param iterationsPerLevel  gradient steps on each pyramid level
 * @param pyramidLevels       coarse-to-fine levels; each coarser level doubles control spacing and mask blur
 * @param controlSpacing      control-point spacing of the residual field on the finest level, in voxels
 * @param stepSize            Adam step size in voxels, decayed linearly to a tenth over each level
 * @param diceWeight          weight of (1 - soft Dice) per pair
 * @param mseWeight           weight of the mask mean squared error per pair
 * @param maskSigma           Gaussian blur of both masks on the finest level, in fixed voxels (0 = none)
 * @param marginVoxels        margin around each fixed ROI's bounding box where the loss is evaluated
 * @param affineInit          fit the initial transform from the ROI centroids; otherwise start from identity
 * @param outlierFactor       centroid pairs whose fit residual exceeds this times the median are dropped
 */
public record FieldSettings(double lambda, int iterationsPerLevel, int pyramidLevels, int controlSpacing,
        double stepSize, double diceWeight, double mseWeight, double maskSigma, int marginVoxels,
        boolean affineInit, double outlierFactor) {

    public FieldSettings {
        if (lambda < 0 || iterationsPerLevel < 0 || pyramidLevels < 1 || controlSpacing < 1 || !(stepSize > 0)
                || diceWeight < 0 || mseWeight < 0 || maskSigma < 0 || marginVoxels < 0 || !(outlierFactor > 1)) {
            // fields are not assigned yet inside a compact constructor, so name the parameters
            throw new IllegalArgumentException("invalid field settings: lambda " + lambda + ", iterations "
                    + iterationsPerLevel + ", levels " + pyramidLevels + ", control spacing " + controlSpacing
                    + ", step " + stepSize + ", Dice weight " + diceWeight + ", MSE weight " + mseWeight + ", sigma "
                    + maskSigma + ", margin " + marginVoxels + ", outlier factor " + outlierFactor);
        }
    }

    public static FieldSettings defaults() {
        return new FieldSettings(1.0, 80, 3, 4, 0.5, 1.0, 1.0, 1.0, 8, true, 3.0);
    }

    public FieldSettings withLambda(double v) {
        return new FieldSettings(v, iterationsPerLevel, pyramidLevels, controlSpacing, stepSize, diceWeight,
                mseWeight, maskSigma, marginVoxels, affineInit, outlierFactor);
    }

    public FieldSettings withIterations(int perLevel, int levels) {
        return new FieldSettings(lambda, perLevel, levels, controlSpacing, stepSize, diceWeight, mseWeight,
                maskSigma, marginVoxels, affineInit, outlierFactor);
    }

    public FieldSettings withAffineInit(boolean v) {
        return new FieldSettings(lambda, iterationsPerLevel, pyramidLevels, controlSpacing, stepSize, diceWeight,
                mseWeight, maskSigma, marginVoxels, v, outlierFactor);
    }
}
