package org.samreg.match;

/**
 * Matching knobs (method steps 4 and 5). Defaults are the paper's: greedy one-to-one, cosine threshold 0.8,
 * 3D search over fixed slices s-11..s+11 around the moving slice's corresponding position.
 */
public record MatchSettings(double threshold, boolean oneToMany, int maxPairs, int sliceRange) {
    public static final MatchSettings DEFAULT = new MatchSettings(0.8, false, 0, 11);

    public MatchSettings {
        if (threshold < -1 || threshold > 1) {
            throw new IllegalArgumentException("similarity threshold must be within [-1, 1], got " + threshold);
        }
        if (maxPairs < 0 || sliceRange < 0) {
            throw new IllegalArgumentException("maxPairs and sliceRange must not be negative");
        }
    }

    public MatchSettings withThreshold(double t) {
        return new MatchSettings(t, oneToMany, maxPairs, sliceRange);
    }

    public MatchSettings withOneToMany(boolean b) {
        return new MatchSettings(threshold, b, maxPairs, sliceRange);
    }

    public MatchSettings withMaxPairs(int n) {
        return new MatchSettings(threshold, oneToMany, n, sliceRange);
    }

    public MatchSettings withSliceRange(int ds) {
        return new MatchSettings(threshold, oneToMany, maxPairs, ds);
    }
}
