package org.samreg.everything;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.samreg.sam.MaskPrediction;

class MaskFiltersTest {
    private static final EverythingSettings DEFAULTS = EverythingSettings.defaults();

    @Test
    void stabilityScoreIsAreaRatioOfOffsetThresholds() {
        // 10 logits well inside, 5 in (0, 1], 5 in (-1, 0], rest far outside
        float[] logits = new float[100];
        Arrays.fill(logits, -10f);
        Arrays.fill(logits, 0, 10, 5f);
        Arrays.fill(logits, 10, 15, 0.5f);
        Arrays.fill(logits, 15, 20, -0.5f);
        assertEquals(10.0 / 20.0, MaskPrediction.stabilityScore(logits, 0f, 1.0), 1e-12);
        assertEquals(15, MaskPrediction.area(logits, 0f));
        assertEquals(0.0, MaskPrediction.stabilityScore(new float[] {-5f, -5f}, 0f, 1.0));
    }

    @Test
    void areaBoundsScaleWithImageArea() {
        assertEquals(200, DEFAULTS.minAreaFor(200, 200), 1e-9);
        assertEquals(7000, DEFAULTS.maxAreaFor(200, 200), 1e-9);
        assertEquals(200 * 256 * 216 / 40000.0, DEFAULTS.minAreaFor(256, 216), 1e-9);
        assertEquals(7000 * 4.0, DEFAULTS.maxAreaFor(400, 400), 1e-9);
    }

    @Test
    void overlapFilterDropsTheSmallerMask() {
        SegmentedRoi large = roi(0, 1000, 0.92f);
        SegmentedRoi nested = roi(100, 400, 0.99f); // all of it inside the large one, better IoU
        SegmentedRoi separate = roi(2000, 2500, 0.95f);
        SegmentedRoi slightOverlap = roi(2400, 3500, 0.91f); // 100 of 500 of the smaller: kept
        List<SegmentedRoi> kept = MaskFilters.removeOverlaps(List.of(large, nested, separate, slightOverlap), 0.8);
        assertEquals(List.of(separate, large, slightOverlap), kept);
    }

    @Test
    void overlapFilterKeepsTheFirstOfEqualSizes() {
        SegmentedRoi a = roi(0, 500, 0.95f);
        SegmentedRoi b = roi(50, 550, 0.97f); // overlap 450 of 500 > 0.8
        assertEquals(List.of(b), MaskFilters.removeOverlaps(List.of(a, b), 0.8));
    }

    @Test
    void samsDeduplicationKeepsNestedMasksAndDropsTheLowerScoringOfTwinMasks() {
        SegmentedRoi large = roi(0, 1000, 0.92f);
        SegmentedRoi nested = roi(100, 400, 0.99f); // all of it inside the large one: 300 of a union of 1000
        SegmentedRoi twin = roi(20, 1000, 0.90f); // 980 of a union of 1000: the large one again, scoring lower
        SegmentedRoi separate = roi(2000, 2500, 0.95f);
        List<SegmentedRoi> kept = MaskFilters.removeDuplicates(List.of(large, nested, twin, separate), 0.8);
        assertEquals(List.of(nested, separate, large), kept);
    }

    @Test
    void qualityFiltersOnConstructedLogits() {
        int w = 200, h = 200;
        float[] square = new float[w * h];
        Arrays.fill(square, -20f);
        for (int y = 50; y < 80; y++) {
            for (int x = 50; x < 80; x++) {
                square[y * w + x] = 20f; // 900 px, sharp edge: stability 1
            }
        }
        assertTrue(MaskFilters.passesQuality(new MaskPrediction(square, w, h, 0.95f), 0f, DEFAULTS));
        assertFalse(MaskFilters.passesQuality(new MaskPrediction(square, w, h, 0.85f), 0f, DEFAULTS), "low IoU");

        float[] blurred = square.clone();
        for (int y = 40; y < 90; y++) {
            for (int x = 40; x < 90; x++) {
                if (blurred[y * w + x] < 0) {
                    blurred[y * w + x] = 0.5f; // wide ring just above threshold: unstable
                }
            }
        }
        assertTrue(MaskPrediction.stabilityScore(blurred, 0f, 1.0) < 0.9);
        assertFalse(MaskFilters.passesQuality(new MaskPrediction(blurred, w, h, 0.95f), 0f, DEFAULTS), "unstable");

        float[] tiny = new float[w * h];
        Arrays.fill(tiny, -20f);
        Arrays.fill(tiny, 0, 150, 20f);
        assertFalse(MaskFilters.passesQuality(new MaskPrediction(tiny, w, h, 0.95f), 0f, DEFAULTS), "too small");
        float[] huge = new float[w * h];
        Arrays.fill(huge, 0, 8000, 20f);
        Arrays.fill(huge, 8000, w * h, -20f);
        assertFalse(MaskFilters.passesQuality(new MaskPrediction(huge, w, h, 0.95f), 0f, DEFAULTS), "too large");
    }

    private static SegmentedRoi roi(int from, int to, float iou) {
        return new SegmentedRoi(IntStream.range(from, to).toArray(), iou, 1.0, 0, 0);
    }
}
