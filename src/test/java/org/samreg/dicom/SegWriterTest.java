package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.display.SuperimposedDicomSegments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.image.Geometry;
import org.samreg.image.LabelColours;
import org.samreg.image.Mask;
import org.samreg.image.Volume;

class SegWriterTest {
    /** Pair numbers as the matching may leave them (a pair dropped in between): not the segment numbers. */
    private static final int[] PAIR_NUMBERS = {2, 5, 7};

    @TempDir
    Path out;

    /** Bright voxels inside three boxes of slices: a few realistic, irregular regions. */
    static List<Mask> thresholdMasks(DicomSeries series) {
        Volume v = series.volume();
        Geometry g = v.geometry();
        float threshold = v.range()[1] * 0.3f;
        int[][] boxes = {{60, 140, 60, 140, 10, 14}, {100, 200, 80, 160, 16, 20}, {90, 170, 60, 200, 0, 35}};
        List<Mask> masks = new ArrayList<>();
        for (int[] box : boxes) {
            List<Integer> voxels = new ArrayList<>();
            for (int k = Math.min(box[4], g.nz - 1); k < Math.min(box[5], g.nz); k++) {
                for (int j = box[2]; j < box[3]; j++) {
                    for (int i = box[0]; i < box[1]; i++) {
                        if (v.get(i, j, k, 0) > threshold) {
                            voxels.add(g.index(i, j, k));
                        }
                    }
                }
            }
            masks.add(new Mask(g, voxels.stream().mapToInt(x -> x).toArray()));
        }
        return masks;
    }

    static List<SegWriter.PairedSegment> thresholdPairs(DicomSeries fixed, DicomSeries moving) {
        List<Mask> f = thresholdMasks(fixed), m = thresholdMasks(moving);
        List<SegWriter.PairedSegment> pairs = new ArrayList<>();
        for (int n = 0; n < f.size(); n++) {
            pairs.add(new SegWriter.PairedSegment(PAIR_NUMBERS[n], f.get(n), m.get(n), 0.9 - 0.1 * n));
        }
        return pairs;
    }

    @Test
    void fixedAndMovingSegsValidateRoundTripAndSayWhichSideTheyAre() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        List<SegWriter.PairedSegment> pairs = thresholdPairs(fixed, moving);
        SegWriter.Written written = new SegWriter(new UidGenerator()).write(fixed, moving, pairs, out);
        checkSeg(fixed, pairs, true, written.fixedSeg());
        checkSeg(moving, pairs, false, written.movingSeg());
        String script = "print(ds.SeriesNumber, ds.ContentLabel, '|', ds.SeriesDescription, '|', ds.ContentDescription)";
        assertEquals("9001 SAMREG_FIXED | SAMReg ROI pairs, fixed side | SAMReg ROI pairs on the fixed series 3,"
                + " matched to series 2", DicomTestSupport.pydicom(written.fixedSeg(), script));
        assertEquals("9004 SAMREG_MOVING | SAMReg ROI pairs, moving side | SAMReg ROI pairs on the moving series 2,"
                + " matched to series 3", DicomTestSupport.pydicom(written.movingSeg(), script));
    }

    @Test
    void singleSliceSeriesValidates() throws Exception {
        Path slice;
        try (Stream<Path> s = Files.list(DicomTestSupport.hfs())) {
            slice = s.sorted().skip(17).findFirst().orElseThrow();
        }
        DicomSeries series = DicomSeriesReader.read(slice);
        assertEquals(1, series.volume().geometry().nz);
        Mask mask = thresholdMasks(series).get(2);
        List<SegWriter.PairedSegment> pairs = List.of(new SegWriter.PairedSegment(1, mask, mask, 0.5));
        SegWriter.Written written = new SegWriter(new UidGenerator()).write(series, series, pairs, out);
        checkSeg(series, pairs, true, written.fixedSeg());
        checkSeg(series, pairs, false, written.movingSeg());
    }

    @Test
    void aPairEmptyOnOneSideIsRefusedAndNothingIsWritten() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        List<SegWriter.PairedSegment> pairs = new ArrayList<>(thresholdPairs(fixed, moving));
        pairs.set(1, new SegWriter.PairedSegment(5, pairs.get(1).fixed(),
                new Mask(moving.volume().geometry(), new int[0]), 0.7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SegWriter(new UidGenerator()).write(fixed, moving, pairs, out));
        assertEquals("the moving mask of pair 5 is empty", e.getMessage());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.toList());
        }
    }

    /**
     * Segments 1..N, each labelled and coloured after its pair, frames where the masks are, numbered from the
     * bottom of the stack up (see {@link SegWriter}: OHIF drops segments otherwise).
     */
    static void checkSeg(DicomSeries series, List<SegWriter.PairedSegment> pairs, boolean fixedSide, Path seg)
            throws Exception {
        Path source = DicomTestSupport.firstFile(series.seriesNumber().equals("3") ? DicomTestSupport.hfs()
                : DicomTestSupport.hfp());
        assertEquals(List.of(), DicomTestSupport.ownWarnings(seg, source), "dciodvfy warnings for " + seg);
        List<Mask> masks = pairs.stream().map(p -> fixedSide ? p.fixed() : p.moving()).toList();
        int frames = masks.stream().mapToInt(m -> m.slices().length).sum();
        assertEquals(pairs.size() + " " + frames + " " + series.frameOfReferenceUid(), DicomTestSupport.pydicom(seg,
                "print(len(ds.SegmentSequence), ds.NumberOfFrames, ds.FrameOfReferenceUID);"
                        + "assert ds.pixel_array.size == ds.NumberOfFrames * ds.Rows * ds.Columns"));
        // PixelMed's own SEG reader (used by its viewer) accepts it
        new SuperimposedDicomSegments(seg.toString());

        SegReader.Segmentation read = SegReader.read(seg, series.volume().geometry());
        assertEquals(frames, read.frameCount());
        assertEquals(series.seriesInstanceUid(), read.referencedSeriesInstanceUid());
        assertEquals(pairs.size(), read.segments().size());
        int previousLowest = Integer.MAX_VALUE;
        for (int number = 1; number <= pairs.size(); number++) {
            SegReader.Segment r = read.segments().get(number);
            int n = pairIndex(pairs, r.label());
            SegWriter.PairedSegment p = pairs.get(n);
            assertArrayEquals(masks.get(n).voxels(), r.mask().voxels(), "segment " + number);
            assertEquals(p.similarity(), r.similarity(), 1e-6);
            int[] srgb = srgbOf(r.cieLab());
            int[] expected = LabelColours.rgb(p.pairNumber());
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], srgb[c], 1.0, "colour of pair " + p.pairNumber() + " channel " + c);
            }
            int lowest = p.fixed().slices()[0];
            assertTrue(lowest <= previousLowest, "segment " + number + " starts above its predecessor");
            previousLowest = lowest;
        }
    }

    /** The index of the pair a segment label names. */
    static int pairIndex(List<SegWriter.PairedSegment> pairs, String label) {
        for (int n = 0; n < pairs.size(); n++) {
            if (label.equals("ROI pair " + pairs.get(n).pairNumber())) {
                return n;
            }
        }
        throw new AssertionError("no pair labelled '" + label + "'");
    }

    /** DICOM scaled CIELab (D65) back to sRGB, the inverse of what a viewer does to show a segment. */
    static int[] srgbOf(int[] scaledLab) {
        double l = scaledLab[0] * 100.0 / 65535, a = scaledLab[1] * 255.0 / 65535 - 128,
                b = scaledLab[2] * 255.0 / 65535 - 128;
        double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
        double x = 0.95047 * labInverse(fx), y = labInverse(fy), z = 1.08883 * labInverse(fz);
        double[] linear = {3.2404542 * x - 1.5371385 * y - 0.4985314 * z, -0.9692660 * x + 1.8760108 * y
                + 0.0415560 * z, 0.0556434 * x - 0.2040259 * y + 1.0572252 * z};
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            double v = linear[c] <= 0.0031308 ? 12.92 * linear[c] : 1.055 * Math.pow(linear[c], 1 / 2.4) - 0.055;
            rgb[c] = (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
        }
        return rgb;
    }

    private static double labInverse(double f) {
        return f > 6.0 / 29 ? f * f * f : 3 * (6.0 / 29) * (6.0 / 29) * (f - 4.0 / 29);
    }
}
