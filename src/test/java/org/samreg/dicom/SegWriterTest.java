package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.samreg.image.Mask;
import org.samreg.image.Volume;

class SegWriterTest {
    @TempDir
    Path out;

    /** Bright voxels inside three boxes of slices: a few realistic, irregular regions. */
    static List<SegWriter.Segment> thresholdSegments(DicomSeries series) {
        Volume v = series.volume();
        Geometry g = v.geometry();
        float threshold = v.range()[1] * 0.3f;
        int[][] boxes = {{60, 140, 60, 140, 10, 14}, {100, 200, 80, 160, 16, 20}, {90, 170, 60, 200, 0, 35}};
        List<SegWriter.Segment> segments = new ArrayList<>();
        for (int b = 0; b < boxes.length; b++) {
            int[] box = boxes[b];
            List<Integer> voxels = new ArrayList<>();
            for (int k = box[4]; k < Math.min(box[5], g.nz); k++) {
                for (int j = box[2]; j < box[3]; j++) {
                    for (int i = box[0]; i < box[1]; i++) {
                        if (v.get(i, j, k, 0) > threshold) {
                            voxels.add(g.index(i, j, k));
                        }
                    }
                }
            }
            segments.add(new SegWriter.Segment(b + 1, new Mask(g, voxels.stream().mapToInt(x -> x).toArray()),
                    0.9 - 0.1 * b));
        }
        return segments;
    }

    static int expectedFrames(List<SegWriter.Segment> segments) {
        return segments.stream().mapToInt(s -> s.mask().slices().length).sum();
    }

    @Test
    void fixedAndMovingSegsValidateAndRoundTrip() throws Exception {
        for (Path folder : List.of(DicomTestSupport.hfs(), DicomTestSupport.hfp())) {
            DicomSeries series = DicomSeriesReader.read(folder);
            List<SegWriter.Segment> segments = thresholdSegments(series);
            Path seg = new SegWriter(new UidGenerator()).write(series, segments, out.resolve(folder.getFileName()));
            checkSeg(series, segments, seg);
        }
    }

    @Test
    void singleSliceSeriesValidates() throws Exception {
        Path slice;
        try (Stream<Path> s = Files.list(DicomTestSupport.hfs())) {
            slice = s.sorted().skip(17).findFirst().orElseThrow();
        }
        DicomSeries series = DicomSeriesReader.read(slice);
        assertEquals(1, series.volume().geometry().nz);
        List<SegWriter.Segment> segments = thresholdSegments(series).subList(2, 3);
        segments = List.of(new SegWriter.Segment(1, segments.get(0).mask(), 0.5));
        checkSeg(series, segments, new SegWriter(new UidGenerator()).write(series, segments, out));
    }

    static void checkSeg(DicomSeries series, List<SegWriter.Segment> segments, Path seg) throws Exception {
        System.out.println("dciodvfy warnings for SEG: " + DicomTestSupport.dciodvfyClean(seg));
        int frames = expectedFrames(segments);
        assertEquals(segments.size() + " " + frames + " " + series.frameOfReferenceUid(), DicomTestSupport.pydicom(seg,
                "print(len(ds.SegmentSequence), ds.NumberOfFrames, ds.FrameOfReferenceUID);"
                        + "assert ds.pixel_array.size == ds.NumberOfFrames * ds.Rows * ds.Columns"));
        // PixelMed's own SEG reader (used by its viewer) accepts it
        new SuperimposedDicomSegments(seg.toString());

        SegReader.Segmentation read = SegReader.read(seg, series.volume().geometry());
        assertEquals(frames, read.frameCount());
        assertEquals(series.seriesInstanceUid(), read.referencedSeriesInstanceUid());
        for (SegWriter.Segment s : segments) {
            SegReader.Segment r = read.segments().get(s.number());
            assertArrayEquals(s.mask().voxels(), r.mask().voxels(), "segment " + s.number());
            assertEquals("ROI pair " + s.number(), r.label());
            assertEquals(s.similarity(), r.similarity(), 1e-6);
            assertArrayEquals(SegmentColors.cieLab(s.number()), r.cieLab());
            assertTrue(r.mask().size() > 0);
        }
    }
}
