package org.samreg.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.samreg.demo.DemoPair;
import org.samreg.dense.DenseSettings;
import org.samreg.everything.EverythingSettings;
import org.samreg.everything.PromptPlacement;
import org.samreg.field.FieldSettings;
import org.samreg.field.InitialAlignment;
import org.samreg.image.Downsampling;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.Prerequisites;
import org.samreg.image.Progress;
import org.samreg.image.Volume;
import org.samreg.match.MatchSettings;
import org.samreg.match.RoiPair;
import org.samreg.sam.ModelManifest;
import org.samreg.sam.SamModel;

/** Which slices of a volume everything mode segments, for a given most slices to segment. */
class SegmentedSlicesTest {
    private static RegistrationSettings atMost(int slices) {
        return new RegistrationSettings(EverythingSettings.defaults(), MatchSettings.DEFAULT, FieldSettings.defaults(),
                1024, slices, 0, Method.HYBRID, DenseSettings.defaults(), 0);
    }

    @Test
    void zeroSegmentsEverySlice() {
        assertArrayEquals(IntStream.range(0, 40).toArray(), atMost(0).segmentedSlices(40));
    }

    @Test
    void volumesWithFewerSlicesAreSegmentedWhole() {
        assertArrayEquals(IntStream.range(0, 10).toArray(), atMost(16).segmentedSlices(10), "acdc: 10 slices");
        assertArrayEquals(IntStream.range(0, 16).toArray(), atMost(16).segmentedSlices(16));
        assertArrayEquals(new int[] {0}, atMost(16).segmentedSlices(1), "a 2D image");
    }

    @Test
    void largerVolumesAreSegmentedEveryNthWithTheEndsSharedEvenly() {
        // the 35-slice decubitus series: every 3rd, 12 slices, the one left over after the last
        assertArrayEquals(new int[] {0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33}, atMost(16).segmentedSlices(35));
        // 17 slices: every 2nd, 9 slices
        assertArrayEquals(new int[] {0, 2, 4, 6, 8, 10, 12, 14, 16}, atMost(16).segmentedSlices(17));
        // 154 slices (the 1 mm brain): every 10th, 16 slices, 3 over: 1 before the first, 2 after the last
        int[] brain = atMost(16).segmentedSlices(154);
        assertArrayEquals(IntStream.iterate(1, k -> k < 154, k -> k + 10).toArray(), brain);
    }

    /** A real registration with the model segments only the chosen slices: every ROI pair lies on them. */
    @Test
    void theRegistrationFindsItsRoisOnTheChosenSlicesOnly() throws IOException {
        Prerequisites.require(Files.exists(DemoPair.TEMPLATES.resolve("ch2.nii.gz")), "mricron-data not installed");
        ModelManifest manifest = ModelManifest.loadDefault();
        Prerequisites.require(manifest.filesPresent(), "SAM model files absent");
        DemoPair demo = DemoPair.load();
        // box-averaged by 2 in-plane and an 8x8 prompt grid, to keep the test short (region prompts find too few
        // ROIs on so small a slice for this test's three pairs)
        Volume fixed = Downsampling.inPlane(stacked(demo.fixed(), 5), 2);
        Volume moving = Downsampling.inPlane(stacked(demo.moving(), 5), 2);
        RegistrationSettings d = SettingsRequest.defaults().resolve(manifest);
        RegistrationSettings every2nd = new RegistrationSettings(
                d.everything().withPrompts(PromptPlacement.GRID).withPointsPerSide(8), d.match(),
                d.field(), d.maxInPlaneSize(), 3, 0, Method.ROI, d.dense(), 0);
        assertArrayEquals(new int[] {0, 2, 4}, every2nd.segmentedSlices(5));
        try (SamModel model = new SamModel(manifest, false)) {
            RegistrationResult r = new SamRegistration(model, every2nd).register(fixed, moving,
                    InitialAlignment.HEADER, Progress.NONE);
            assertTrue(r.pairs().size() >= 3, "pairs: " + r.pairs().size());
            Set<Integer> slices = new TreeSet<>();
            for (RoiPair p : r.pairs()) {
                for (Mask m : List.of(p.fixed(), p.moving())) {
                    for (int v : m.voxels()) {
                        slices.add(v / m.geometry().sliceSize());
                    }
                }
            }
            assertTrue(Set.of(0, 2, 4).containsAll(slices), "slices holding ROIs: " + slices);
            assertTrue(slices.size() > 1, "ROIs on more than one slice: " + slices);
        }
    }

    /** {@code count} copies of a 2D image, 2 mm apart. */
    private static Volume stacked(Volume slice, int count) {
        Geometry g = slice.geometry();
        double[] spacing = g.spacing();
        spacing[2] = 2;
        Geometry volume = new Geometry(g.nx, g.ny, count, spacing, g.origin(), g.direction());
        float[] data = new float[volume.voxelCount()];
        for (int k = 0; k < count; k++) {
            System.arraycopy(slice.data(), 0, data, k * g.sliceSize(), g.sliceSize());
        }
        return Volume.grey(volume, data);
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> atMost(-1));
    }
}
