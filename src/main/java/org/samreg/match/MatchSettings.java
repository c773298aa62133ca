package org.samreg.match;

/**
 * Matching knobs (method steps 4 and 5). Defaults are the paper's: greedy one-to-one, cosine threshold 0.8;
 * in 3D, fixed slices within 11 mm of the moving slice's corresponding position. The paper's range is 11 slices; a
 * range in slices means something else on every volume (on ACDC's 10 slices, 11 slices let every slice match every
 * other), so the range is a distance along the fixed slice normal.
 *
 * @param sliceRangeMm 3D: the largest distance, in mm along the fixed volume's slice axis, between a fixed ROI's
 *                     slice and the slice that corresponds to the moving ROI's
 */
public record MatchSettings(double threshold, boolean oneToMany, int maxPairs, double sliceRangeMm) {
    /** The default slice range in mm: ACDC's 10 mm slices and their neighbours. */
    public static final int DEFAULT_SLICE_RANGE_MM = 11;
    public static final MatchSettings DEFAULT = new MatchSettings(0.8, false, 0, DEFAULT_SLICE_RANGE_MM);
    /** The slice range that matches a moving ROI only to fixed ROIs on the corresponding slice. */
    public static final double SAME_SLICE = 0;

    public MatchSettings {
        if (threshold < -1 || threshold > 1) {
            throw new IllegalArgumentException("similarity threshold must be within [-1, 1], got " + threshold);
        }
        if (maxPairs < 0 || !(sliceRangeMm >= 0)) {
            throw new IllegalArgumentException("maxPairs and the slice range must not be negative");
        }
    }

    public MatchSettings withThreshold(double t) {
        return new MatchSettings(t, oneToMany, maxPairs, sliceRangeMm);
    }

    public MatchSettings withOneToMany(boolean b) {
        return new MatchSettings(threshold, b, maxPairs, sliceRangeMm);
    }

    public MatchSettings withMaxPairs(int n) {
        return new MatchSettings(threshold, oneToMany, n, sliceRangeMm);
    }

    public MatchSettings withSliceRangeMm(double ds) {
        return new MatchSettings(threshold, oneToMany, maxPairs, ds);
    }
}
