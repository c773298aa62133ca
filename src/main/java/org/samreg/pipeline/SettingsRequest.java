package org.samreg.pipeline;

import org.samreg.dense.DenseSettings;
import org.samreg.everything.EverythingSettings;
import org.samreg.everything.PromptPlacement;
import org.samreg.field.FieldSettings;
import org.samreg.match.MatchSettings;
import org.samreg.sam.ModelManifest;

/**
 * The settings a caller asks for, as the command line, the benchmark, the OSGi service and the PACS jobs take them;
 * {@link #resolve} is the one place they become {@link RegistrationSettings}. A null asks for the model manifest's
 * calibrated value where it has one, else the paper's (or the stage's default).
 *
 * @param prompts       where everything mode prompts (null: the product's region prompts)
 * @param allPrompts    the paper's everything mode: every prompt of the grid, also on background and inside ROIs
 *                      already found, and background ROIs kept
 * @param maxSegmentedSlices 3D: segment at most this many slices of a volume, 0 for every slice
 * @param localContrast 0, or the local contrast radius (a fraction of the longest side)
 * @param threads       the engine's worker threads, 0 for one per core
 * @param keepNested    keep ROIs nested in larger ones ({@link EverythingSettings#keepNested}); null: the method's
 *                      default, which also decides the 3D slice range when none is given ({@link #resolve})
 */
public record SettingsRequest(Integer pointsPerSide, PromptPlacement prompts, Double predIou, Double stability,
                              Integer minArea, Integer maxArea, Double overlap, boolean allPrompts, Double similarity,
                              boolean oneToMany, Integer maxPairs, Double sliceRangeMm, Double lambda,
                              Integer iterations, Method method, Double denseLambda, Double roiWeight,
                              Integer denseIterations, Integer affineIterations, Integer maxSegmentedSlices,
                              double localContrast, int threads, Boolean keepNested) {

    /** Nothing asked for: every setting resolved to its calibrated or default value, the hybrid method. */
    public static SettingsRequest defaults() {
        return new SettingsRequest(null, null, null, null, null, null, null, false, null, false, null, null, null, null,
                Method.HYBRID, null, null, null, null, null, 0, 0, null);
    }

    /**
     * The settings, against {@code manifest}'s calibration (null: the paper's values only). The ROI method alone
     * keeps nested ROIs and matches within a slice by default: on acdc its Dice is 0.693 so (0.599 with the
     * hybrid's everything mode and 11 mm, 0.612 with nested ROIs and 11 mm), on the MR->US cases 0.269 against
     * 0.252, on prostate-2d 0.520 against 0.498, on cardiac-2d 0.939 against 0.945. The hybrid keeps the paper's
     * rules: nested ROIs lowered its acdc Dice from 0.854 to 0.840 (more pairs, more codes).
     */
    public RegistrationSettings resolve(ModelManifest manifest) {
        EverythingSettings paper = EverythingSettings.defaults();
        EverythingSettings e = manifest == null ? paper : paper.calibratedFor(manifest);
        if (allPrompts && prompts == PromptPlacement.REGIONS) {
            throw new IllegalArgumentException("every prompt (the paper's everything mode) is a grid's; it cannot go "
                    + "with region prompts");
        }
        boolean roiMethod = method == Method.ROI;
        EverythingSettings everything = e.overridden(pointsPerSide, predIou, stability, minArea, maxArea, overlap)
                .withNested(keepNested != null ? keepNested : roiMethod);
        if (allPrompts) {
            everything = everything.everyGridPrompt();
        } else if (prompts != null) {
            everything = everything.withPrompts(prompts);
        }
        MatchSettings d = MatchSettings.DEFAULT;
        MatchSettings match = new MatchSettings(similarity != null ? similarity : d.threshold(), oneToMany,
                maxPairs != null ? maxPairs : d.maxPairs(),
                sliceRangeMm != null ? sliceRangeMm : roiMethod ? MatchSettings.SAME_SLICE : d.sliceRangeMm());
        FieldSettings field = FieldSettings.defaults();
        if (lambda != null) {
            field = field.withLambda(lambda);
        }
        if (iterations != null) {
            field = field.withIterations(iterations, field.pyramidLevels());
        }
        DenseSettings dense = DenseSettings.defaults();
        if (denseLambda != null) {
            dense = dense.withLambda(denseLambda);
        }
        if (roiWeight != null) {
            dense = dense.withRoiWeight(roiWeight);
        }
        if (affineIterations != null) {
            dense = dense.withAffineIterations(affineIterations);
        }
        if (denseIterations != null) {
            dense = dense.withIterations(denseIterations);
        }
        RegistrationSettings d0 = RegistrationSettings.defaults();
        return new RegistrationSettings(everything, match, field, d0.maxInPlaneSize(),
                maxSegmentedSlices != null ? maxSegmentedSlices : d0.maxSegmentedSlices(), localContrast, method, dense,
                threads);
    }
}
