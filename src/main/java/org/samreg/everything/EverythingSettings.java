package org.samreg.everything;

import org.samreg.sam.ModelManifest;
import org.samreg.sam.SamPreprocessor;

/**
 * Thresholds of everything mode; {@link #paper()} are the SAMReg paper's values, {@link #defaults()} the product's.
 *
 * @param pointsPerSide          prompts on a regular n x n grid, centres at (i + 0.5) / n of width and height
 * @param minPromptSpacing       fewer prompts per side on small images, so that prompts are at least this many pixels
 *                               apart: on a 64x64 slice a 32x32 grid would prompt every other pixel, and SAM returns
 *                               the same masks for neighbouring prompts. The default, 6, keeps the paper's 32 per
 *                               side on its 200 px images and is about the paper grid's 32 px spacing on the encoder
 *                               input for smaller images, which are enlarged 5.12 times (see
 *                               {@link SamPreprocessor#MIN_FULL_SIZE})
 * @param predIouThresh          keep masks whose predicted IoU is at least this
 * @param stabilityThresh        keep masks whose stability score is at least this
 * @param stabilityOffset        logit offset of the stability score
 * @param minArea                minimum mask area in pixels of a {@value #REFERENCE_SIDE}^2 reference image
 * @param maxArea                maximum mask area in pixels of the reference image
 * @param overlapThresh          of two masks intersecting in more than this fraction of the smaller, drop the smaller
 * @param ignoreBackground       ignore the background, the dark surroundings connected to the slice border (see
 *                               {@link Foreground}): no prompt there, and no ROI with more than half of its pixels
 *                               there. Saves decoder calls on the (often large) dark surroundings of medical images,
 *                               and keeps ROIs to anatomy: a dark corner outside an ultrasound fan or an MR field of
 *                               view resembles any other, so matching it aligns the images' frames, not the patient
 *                               (on prostate MR to ultrasound every pair the default model found was such a corner).
 *                               The cost is that dark structures open to the outside (an airway, the rectum cut by
 *                               the slice edge) get no prompt of their own and are only found if a neighbouring
 *                               prompt's mask covers them.
 * @param backgroundLevel        background threshold as a fraction of the slice's Otsu threshold
 * @param skipCoveredPrompts     skip prompts lying in a mask already accepted by the quality filters. Most such
 *                               prompts return the same region again, which the overlap filter drops; the cost is
 *                               that nested structures (a small region inside a larger accepted one) are missed
 *                               when all their prompts fall inside the larger mask, and results depend on the order
 *                               prompts are visited.
 * @param prompts                where the prompts go: the paper's grid or one per image region
 * @param keepNested             keep the structures that lie inside larger ones (a ventricle inside the heart): a
 *                               region prompt inside an accepted mask is still decoded unless that mask is at most
 *                               {@link EverythingMode#SAME_REGION_AREA} times the region's area (then it is the same
 *                               structure again), and two masks are duplicates when they share more than
 *                               {@code overlapThresh} of their union, as SAM's generator judges them, the one with
 *                               the lower predicted IoU times stability dropped. Without it the paper's rules apply:
 *                               of two masks sharing more than {@code overlapThresh} of the smaller, the smaller is
 *                               dropped, and every prompt inside an accepted mask is skipped; both delete whatever is
 *                               nested in a larger ROI
 */
public record EverythingSettings(int pointsPerSide, int minPromptSpacing, double predIouThresh, double stabilityThresh,
        double stabilityOffset, int minArea, int maxArea, double overlapThresh, boolean ignoreBackground,
        double backgroundLevel, boolean skipCoveredPrompts, PromptPlacement prompts, boolean keepNested) {

    /** The paper's image side, to which ROI areas are scaled (the side SAM's preprocessing enlarges no further). */
    public static final int REFERENCE_SIDE = SamPreprocessor.MIN_FULL_SIZE;

    /** The SAMReg paper's values (its 32x32 prompt grid). */
    public static EverythingSettings paper() {
        return new EverythingSettings(32, 6, 0.90, 0.90, 1.0, 200, 7000, 0.8, true, 0.5, true, PromptPlacement.GRID,
                false);
    }

    /**
     * The paper's thresholds with region prompts (see {@link PromptPlacement#REGIONS}) and 16 per side for the grids.
     * The 16x16 grid against the paper's 32x32 on acdc: a third of the prompts decoded (47 s of decoding instead of
     * 157 s for the pair), 43/42 ROIs of 49/48 and the same Dice (0.824 against 0.821, hybrid); cardiac-2d unchanged
     * (0.958 against 0.959). Region prompts then their 8x8 grid against the 16x16 grid, acdc: 22 s of decoding
     * instead of 40 s, Dice 0.854 against 0.858; cardiac-2d 0.955 against 0.958. The regions' grid is now 4x4 (see
     * {@link PromptPlacement#REGIONS}).
     */
    public static EverythingSettings defaults() {
        return paper().withPointsPerSide(16).withPrompts(PromptPlacement.REGIONS);
    }

    /** These settings with {@code manifest}'s calibrated thresholds, where it gives any. */
    public EverythingSettings calibratedFor(ModelManifest manifest) {
        ModelManifest.Calibrated c = manifest.calibration();
        return overridden(null, c.predIouThresh(), c.stabilityThresh(), c.minArea(), c.maxArea(), null);
    }

    public EverythingSettings withPrompts(PromptPlacement placement) {
        return new EverythingSettings(pointsPerSide, minPromptSpacing, predIouThresh, stabilityThresh, stabilityOffset,
                minArea, maxArea, overlapThresh, ignoreBackground, backgroundLevel, skipCoveredPrompts, placement,
                keepNested);
    }

    public EverythingSettings withNested(boolean keep) {
        return new EverythingSettings(pointsPerSide, minPromptSpacing, predIouThresh, stabilityThresh, stabilityOffset,
                minArea, maxArea, overlapThresh, ignoreBackground, backgroundLevel, skipCoveredPrompts, prompts, keep);
    }

    public EverythingSettings withPointsPerSide(int n) {
        return overridden(n, null, null, null, null, null);
    }

    /** These settings with every non-null argument in place of its field (a user's options, a model's calibration). */
    public EverythingSettings overridden(Integer pointsPerSide, Double predIouThresh, Double stabilityThresh,
            Integer minArea, Integer maxArea, Double overlapThresh) {
        return new EverythingSettings(or(pointsPerSide, this.pointsPerSide), minPromptSpacing,
                or(predIouThresh, this.predIouThresh), or(stabilityThresh, this.stabilityThresh), stabilityOffset,
                or(minArea, this.minArea), or(maxArea, this.maxArea), or(overlapThresh, this.overlapThresh),
                ignoreBackground, backgroundLevel, skipCoveredPrompts, prompts, keepNested);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** The paper's everything mode with these thresholds: every prompt of the grid decoded, background ROIs kept. */
    public EverythingSettings everyGridPrompt() {
        return withSkips(false, false).withPrompts(PromptPlacement.GRID);
    }

    public EverythingSettings withSkips(boolean ignoreBackground, boolean skipCovered) {
        return new EverythingSettings(pointsPerSide, minPromptSpacing, predIouThresh, stabilityThresh, stabilityOffset,
                minArea, maxArea, overlapThresh, ignoreBackground, backgroundLevel, skipCovered, prompts, keepNested);
    }

    /** Prompts per side for a {@code width x height} image. */
    public int pointsPerSideFor(int width, int height) {
        return Math.max(1, Math.min(pointsPerSide, Math.max(width, height) / minPromptSpacing));
    }

    /** Minimum area for a {@code width x height} image: {@link #minArea} scaled by the ratio of image areas. */
    public double minAreaFor(int width, int height) {
        return minArea * areaRatio(width, height);
    }

    /** Maximum area for a {@code width x height} image: {@link #maxArea} scaled by the ratio of image areas. */
    public double maxAreaFor(int width, int height) {
        return maxArea * areaRatio(width, height);
    }

    private static double areaRatio(int width, int height) {
        return (double) width * height / (REFERENCE_SIDE * REFERENCE_SIDE);
    }
}
