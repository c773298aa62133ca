package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;

/** Reference SEGs written by other tools (dcmqi/dcmtk) must read onto the CT series they segment. */
class SegReaderReferenceTest {
    private static Geometry ctGrid() throws DicomInputException {
        DicomSeries ct = DicomSeriesReader.read(DicomTestSupport.shared("data/dicom/seg-reference/ct-3slice"));
        Geometry g = ct.volume().geometry();
        assertEquals(512, g.nx);
        assertEquals(3, g.nz);
        assertEquals(1.0, g.spacing(2), 1e-6);
        return g;
    }

    /** Voxel count per segment number, as pydicom sees the frames. */
    private static Map<Integer, Integer> pydicomCounts(Path seg) throws Exception {
        String out = DicomTestSupport.pydicom(seg, """
                import collections
                counts = collections.Counter()
                px = ds.pixel_array.reshape(ds.NumberOfFrames, ds.Rows, ds.Columns)
                for f, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
                    counts[int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)] += int(px[f].sum())
                print(' '.join(f'{k}:{v}' for k, v in sorted(counts.items())))
                """);
        Map<Integer, Integer> counts = new TreeMap<>();
        for (String kv : out.split(" ")) {
            counts.put(Integer.parseInt(kv.split(":")[0]), Integer.parseInt(kv.split(":")[1]));
        }
        return counts;
    }

    private static void check(String name, int segments, int frames) throws Exception {
        Path file = DicomTestSupport.shared("data/dicom/seg-reference/" + name);
        SegReader.Segmentation seg = SegReader.read(file, ctGrid());
        assertEquals(segments, seg.segments().size());
        assertEquals(frames, seg.frameCount());
        assertEquals("1.2.392.200103.20080913.113635.1.2009.6.22.21.43.10.23430.1", seg.referencedSeriesInstanceUid());
        Map<Integer, Integer> counts = new TreeMap<>();
        seg.segments().forEach((k, s) -> counts.put(k, s.mask().size()));
        assertEquals(pydicomCounts(file), counts);
    }

    @Test
    void liver() throws Exception {
        check("liver.dcm", 1, 3);
    }

    @Test
    void partialOverlaps() throws Exception {
        check("partial_overlaps.dcm", 5, 7);
    }
}
