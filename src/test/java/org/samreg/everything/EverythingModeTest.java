package org.samreg.everything;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.samreg.image.Downsampling;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.NiftiIO;
import org.samreg.image.RasterIO;
import org.samreg.image.SharedData;
import org.samreg.image.Volume;
import org.samreg.sam.IntensityWindow;
import org.samreg.sam.RealModelTest;
import org.samreg.sam.TestResources;

class EverythingModeTest extends RealModelTest {

    /** A 16x16 grid keeps this test near 10 s; {@code samreg speed} times a slice with any grid. */
    @Test
    void cardiacSliceYieldsSeveralFilteredNonOverlappingRois() throws IOException {
        Volume image = TestResources.cardiacImage();
        EverythingSettings settings = EverythingSettings.defaults().withPrompts(PromptPlacement.GRID);
        AtomicInteger lastDone = new AtomicInteger();
        SliceSegmentation result = new SliceSegmenter(model, settings)
                .segment(image, IntensityWindow.of(image), 0, (stage, done, total) -> lastDone.set(done));

        assertEquals(0, result.sliceIndex());
        assertNotNull(result.embedding());
        assertEquals(256, lastDone.get());
        assertEquals(256, result.stats().promptsTotal());
        assertTrue(result.stats().promptsDecoded() < 256, "skipping options save decoder calls");
        assertTrue(result.stats().encoderSeconds() > 0 && result.stats().decoderSeconds() > 0);

        List<SegmentedRoi> rois = result.rois();
        assertTrue(rois.size() >= 2, "ROIs: " + rois.size());
        double min = settings.minAreaFor(256, 216), max = settings.maxAreaFor(256, 216);
        for (SegmentedRoi roi : rois) {
            assertTrue(roi.area() >= min && roi.area() <= max, "area " + roi.area());
            assertTrue(roi.predictedIou() >= 0.9 && roi.stability() >= 0.9);
        }
        for (int i = 0; i < rois.size(); i++) {
            for (int j = i + 1; j < rois.size(); j++) {
                int smaller = Math.min(rois.get(i).area(), rois.get(j).area());
                int overlap = Mask.sharedCount(rois.get(i).pixels(), rois.get(j).pixels());
                assertTrue(overlap <= 0.8 * smaller, "ROIs " + i + " and " + j + " overlap " + overlap);
            }
        }
    }

    /**
     * The cardiac slice's left ventricle, as the calibrated settings segment it: region prompts find it as well as
     * the grid does while decoding at most half of its prompts (72 against 197 when this was written).
     */
    @Test
    void regionPromptsFindTheLeftVentricleWithFarFewerPrompts() throws IOException {
        Volume image = TestResources.cardiacImage();
        int[] ventricle = TestResources.cardiacLabel();
        EverythingSettings settings = EverythingSettings.defaults().calibratedFor(model.manifest());
        SliceSegmentation grid = new SliceSegmenter(model, settings.withPrompts(PromptPlacement.GRID))
                .segment(image, IntensityWindow.of(image), 0);
        SliceSegmentation regions = new SliceSegmenter(model, settings).segment(image, IntensityWindow.of(image), 0);

        double gridDice = bestDice(grid.rois(), ventricle), regionDice = bestDice(regions.rois(), ventricle);
        assertTrue(gridDice > 0.85, "the grid finds the ventricle: Dice " + gridDice);
        assertTrue(regionDice >= gridDice - 0.02, "regions " + regionDice + ", grid " + gridDice);
        assertTrue(2 * regions.stats().promptsDecoded() <= grid.stats().promptsDecoded(),
                "prompts decoded: regions " + regions.stats().promptsDecoded() + ", grid "
                        + grid.stats().promptsDecoded());
    }

    private static double bestDice(List<SegmentedRoi> rois, int[] label) {
        return rois.stream().mapToDouble(r -> TestResources.dice(r.pixels(), label)).max().orElse(0);
    }

    /** One bright disk on black: 4 of the 8x8 prompts hit it, the other 60 are background. */
    @Test
    void skippingOptionsAvoidBackgroundAndCoveredPrompts() {
        Volume disk = diskImage();
        EverythingSettings grid8 = EverythingSettings.defaults().withPrompts(PromptPlacement.GRID).withPointsPerSide(8);

        SliceSegmentation both = new SliceSegmenter(model, grid8).segment(disk, IntensityWindow.of(disk), 0);
        assertEquals(64, both.stats().promptsTotal());
        // prompts are decoded a few ahead: the first disk mask covers the prompts not yet submitted
        assertEquals(Math.min(4, model.promptsInFlight()), both.stats().promptsDecoded());
        assertEquals(1, both.rois().size());

        SliceSegmentation backgroundOnly = new SliceSegmenter(model, grid8.withSkips(true, false))
                .segment(disk, IntensityWindow.of(disk), 0);
        assertEquals(4, backgroundOnly.stats().promptsDecoded());
        assertEquals(1, backgroundOnly.rois().size(), "overlap filter merges the repeats");

        double[] c = TestResources.centroid(both.rois().get(0).pixels(), 200);
        assertTrue(Math.hypot(c[0] - 100, c[1] - 100) < 2);
    }

    /**
     * A transrectal ultrasound slice: everything mode as the paper runs it keeps ROIs in the black corners outside
     * the ultrasound fan; ignoring the background keeps none there.
     */
    @Test
    void roisOnTheBackgroundAreDroppedWhenBackgroundIsIgnored() throws IOException {
        Volume us = NiftiIO.read(SharedData.require("data/pairs/prostate-mr-us/fixed_images/case000015.nii.gz"));
        IntensityWindow window = IntensityWindow.of(us);
        int slice = 16;
        EverythingSettings settings = EverythingSettings.defaults().calibratedFor(model.manifest());
        boolean[] foreground = Foreground.of(window.slice(us, slice), settings.backgroundLevel());

        List<SegmentedRoi> paper = new SliceSegmenter(model, settings.withSkips(false, false))
                .segment(us, window, slice).rois();
        assertTrue(paper.stream().anyMatch(r -> backgroundShare(r, foreground) > 0.5),
                "the paper's everything mode finds a corner outside the fan");
        List<SegmentedRoi> anatomy = new SliceSegmenter(model, settings).segment(us, window, slice).rois();
        for (SegmentedRoi r : anatomy) {
            assertTrue(backgroundShare(r, foreground) <= 0.5, "ROI of " + r.area() + " pixels on background");
        }
    }

    /**
     * A fundus photograph: windowed as it is, the model keeps no ROI inside the fundus; after local contrast it
     * finds regions bounded by vessels there.
     */
    @Test
    void localContrastLetsTheModelSegmentInsideAFundusPhotograph() throws IOException {
        Volume photo = RasterIO.read(SharedData.require("data/pairs/retina/A01_1.jpg"));
        Volume v = Downsampling.inPlane(photo, Downsampling.factorFor(photo.geometry(), 1024));
        IntensityWindow window = IntensityWindow.of(v);
        EverythingSettings settings = EverythingSettings.defaults().calibratedFor(model.manifest());
        boolean[] fundus = Foreground.of(window.slice(v, 0), settings.backgroundLevel());

        List<SegmentedRoi> plain = new SliceSegmenter(model, settings).segment(v, window, 0).rois();
        assertEquals(0, plain.stream().filter(r -> backgroundShare(r, fundus) < 0.5).count());
        List<SegmentedRoi> contrasted = new SliceSegmenter(model, settings,
                new LocalContrast(LocalContrast.DEFAULT_RADIUS)).segment(v, window, 0).rois();
        assertTrue(contrasted.stream().anyMatch(r -> backgroundShare(r, fundus) == 0),
                "ROIs with local contrast: " + contrasted.size());
    }

    private static double backgroundShare(SegmentedRoi roi, boolean[] foreground) {
        return Arrays.stream(roi.pixels()).filter(p -> !foreground[p]).count() / (double) roi.area();
    }

    private static Volume diskImage() {
        float[] grey = new float[200 * 200];
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 200; x++) {
                grey[y * 200 + x] = Math.hypot(x - 100, y - 100) <= 30 ? 200f : 0f;
            }
        }
        return Volume.grey(Geometry.axisAligned(200, 200, 1, 1, 1, 1), grey);
    }
}
