package org.samreg.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;

class RoiMatcherTest {

    private static final double[][] SIMILARITY = {
        {0.90, 0.95, 0.10},
        {0.85, 0.70, 0.20},
        {0.30, 0.82, 0.81},
    };

    @Test
    void oneToOneTakesGlobalMaximaAndRemovesRowAndColumn() {
        List<RoiMatcher.Match> m = new RoiMatcher(MatchSettings.DEFAULT).oneToOne(SIMILARITY);
        // 0.95 (0,1) first; row 0 and column 1 go; then 0.85 (1,0); then 0.81 (2,2); 0.82 (2,1) is taken already
        assertEquals(3, m.size());
        assertEquals(new RoiMatcher.Match(0, List.of(1), 0.95), m.get(0));
        assertEquals(new RoiMatcher.Match(1, List.of(0), 0.85), m.get(1));
        assertEquals(new RoiMatcher.Match(2, List.of(2), 0.81), m.get(2));
    }

    @Test
    void thresholdDropsWeakMatchesEvenWhenTheirRowIsFree() {
        List<RoiMatcher.Match> m = new RoiMatcher(MatchSettings.DEFAULT.withThreshold(0.9)).oneToOne(SIMILARITY);
        assertEquals(List.of(new RoiMatcher.Match(0, List.of(1), 0.95)), m);
    }

    @Test
    void oneToManyGivesEachFixedRoiToItsMostSimilarMovingRoi() {
        List<RoiMatcher.Match> m = new RoiMatcher(MatchSettings.DEFAULT.withOneToMany(true)).oneToMany(SIMILARITY);
        // column 0 -> row 0 (0.90), column 1 -> row 0 (0.95), column 2 -> row 2 (0.81)
        assertEquals(2, m.size());
        assertEquals(new RoiMatcher.Match(0, List.of(0, 1), 0.95), m.get(0));
        assertEquals(new RoiMatcher.Match(2, List.of(2), 0.81), m.get(1));
    }

    @Test
    void sliceRangeForbidsDistantSlicesAndPairsAreNumberedBySimilarity() {
        Geometry g = Geometry.axisAligned(4, 4, 30, 1, 1, 1);
        float[] a = {1, 0, 0}, b = {0, 1, 0};
        List<Roi> moving = List.of(roi(g, 0, a), roi(g, 20, b));
        // the perfect match for the slice-0 ROI lies 20 slices (20 mm) away: out of range 11 mm
        List<Roi> fixed = List.of(roi(g, 20, a), roi(g, 1, new float[] {0.9f, 0.1f, 0}), roi(g, 19, b));
        List<RoiPair> pairs = new RoiMatcher(MatchSettings.DEFAULT).match(moving, fixed, 30, 30);
        assertEquals(2, pairs.size());
        assertEquals(1, pairs.get(0).number());
        assertEquals(1.0, pairs.get(0).similarity(), 1e-6);
        assertEquals(fixed.get(2).mask(), pairs.get(0).fixed());
        assertEquals(fixed.get(1).mask(), pairs.get(1).fixed());
        assertTrue(pairs.get(1).similarity() < 1.0);
        List<RoiPair> capped = new RoiMatcher(MatchSettings.DEFAULT.withMaxPairs(1)).match(moving, fixed, 30, 30);
        assertEquals(1, capped.size());
    }

    @Test
    void sliceRangeIsADistanceInMm() {
        // 10 mm slices, as ACDC's: the range of 11 mm reaches the neighbouring slices, not the whole volume
        Geometry g = Geometry.axisAligned(4, 4, 10, 1.4, 1.4, 10);
        float[] a = {1, 0, 0};
        List<Roi> moving = List.of(roi(g, 5, a));
        List<Roi> twoAway = List.of(roi(g, 7, a)), oneAway = List.of(roi(g, 6, a));
        assertEquals(0, new RoiMatcher(MatchSettings.DEFAULT).match(moving, twoAway, 10, 10).size(), "20 mm away");
        assertEquals(1, new RoiMatcher(MatchSettings.DEFAULT).match(moving, oneAway, 10, 10).size(), "10 mm away");
        assertEquals(1, new RoiMatcher(MatchSettings.DEFAULT.withSliceRangeMm(20)).match(moving, twoAway, 10, 10)
                .size(), "20 mm away, range 20 mm");
    }

    @Test
    void slicesMapProportionallyBetweenVolumesOfDifferentDepth() {
        assertEquals(0, RoiMatcher.correspondingSlice(0, 60, 41));
        assertEquals(40, RoiMatcher.correspondingSlice(59, 60, 41));
        assertEquals(20, RoiMatcher.correspondingSlice(30, 60, 41));
    }

    private static Roi roi(Geometry g, int slice, float[] proto) {
        return new Roi(slice, Mask.ofSlice(g, slice, new int[] {slice % 16}), proto);
    }
}
