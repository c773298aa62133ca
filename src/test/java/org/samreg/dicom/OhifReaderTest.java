package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.image.ExternalTools;
import org.samreg.image.Mask;
import org.samreg.image.Prerequisites;

/**
 * Our SEG pair as OHIF reads it: {@code src/test/node/read-seg.mjs} runs the SEG adapter of OHIF's viewer
 * (@cornerstonejs/adapters with dcmjs, the versions OHIF 3.13 uses, installed by setup) against the source series
 * and reports, per segment, its label and how many pixels it placed on each source image; they must be ours.
 */
class OhifReaderTest {
    private static final Path HARNESS = Path.of("src/test/node/read-seg.mjs");

    @TempDir
    Path out;

    @Test
    void ohifPlacesEverySegmentOfBothSegsWhereWeWroteIt() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        check(fixed, moving, SegWriterTest.thresholdPairs(fixed, moving));
    }

    /**
     * ROIs as SAM gives them, nested (an organ and a structure inside it), on many slices: the case in which OHIF's
     * reader silently dropped most segments of our decubitus SEGs (6 of 43) before segments were numbered from the
     * bottom of the stack up.
     */
    @Test
    void nestedRoisOnManySlicesAllArrive() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        List<SegWriter.PairedSegment> pairs = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            int slice = 6 + 2 * n;
            pairs.add(new SegWriter.PairedSegment(2 * n + 1, disk(fixed, slice, 45), disk(moving, slice, 45), 0.9));
            pairs.add(new SegWriter.PairedSegment(2 * n + 2, disk(fixed, slice, 15), disk(moving, slice + 1, 15),
                    0.9));
        }
        check(fixed, moving, pairs);
    }

    private static Mask disk(DicomSeries series, int slice, int radius) {
        org.samreg.image.Geometry g = series.volume().geometry();
        List<Integer> voxels = new ArrayList<>();
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                if ((i - 128) * (i - 128) + (j - 120) * (j - 120) <= radius * radius) {
                    voxels.add(g.index(i, j, slice));
                }
            }
        }
        return new Mask(g, voxels.stream().mapToInt(Integer::intValue).toArray());
    }

    private void check(DicomSeries fixed, DicomSeries moving, List<SegWriter.PairedSegment> pairs)
            throws Exception {
        SegWriter.Written written = new SegWriter(new UidGenerator()).write(fixed, moving, pairs, out);
        checkSide(written.fixedSeg(), DicomTestSupport.hfs(), fixed,
                pairs.stream().map(SegWriter.PairedSegment::fixed).toList(), pairs);
        checkSide(written.movingSeg(), DicomTestSupport.hfp(), moving,
                pairs.stream().map(SegWriter.PairedSegment::moving).toList(), pairs);
    }

    private static void checkSide(Path seg, Path seriesFolder, DicomSeries series, List<Mask> masks,
            List<SegWriter.PairedSegment> pairs) throws Exception {
        JsonObject read = ohif(seg, seriesFolder);
        assertEquals("[]", read.get("warnings").toString(), "the adapter's warnings");
        assertEquals(pairs.size(), read.get("segmentCount").getAsInt());
        JsonObject segments = read.getAsJsonObject("segments");
        for (String number : segments.keySet()) {
            JsonObject s = segments.getAsJsonObject(number);
            int n = SegWriterTest.pairIndex(pairs, s.get("label").getAsString());
            Map<String, Integer> placed = new TreeMap<>();
            s.getAsJsonObject("pixelsPerSourceInstance").entrySet()
                    .forEach(e -> placed.put(e.getKey(), e.getValue().getAsInt()));
            assertEquals(pixelsPerInstance(series, masks.get(n)), placed, "segment " + number + " of " + seg);
        }
    }

    private static Map<String, Integer> pixelsPerInstance(DicomSeries series, Mask mask) {
        Map<String, Integer> counts = new TreeMap<>();
        int sliceSize = mask.geometry().sliceSize();
        for (int v : mask.voxels()) {
            counts.merge(series.slices().get(v / sliceSize).sopInstanceUid(), 1, Integer::sum);
        }
        return counts;
    }

    /** The harness's JSON line (the libraries log to stderr, which comes along). */
    private static JsonObject ohif(Path seg, Path seriesFolder) throws Exception {
        Prerequisites.require(ExternalTools.onPath("node"), "node (Debian's nodejs) not installed");
        Prerequisites.require(Files.isDirectory(Path.of("src/test/node/node_modules/@cornerstonejs/adapters")),
                "OHIF's SEG reader not installed (src/scripts/setup.sh installs it)");
        ExternalTools.Result r = ExternalTools.run(List.of("node", HARNESS.toString(), seg.toString(),
                seriesFolder.toString()));
        List<String> json = new ArrayList<>(r.output().lines().filter(l -> l.startsWith("{\"segments\"")).toList());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(1, json.size(), r.output());
        return JsonParser.parseString(json.get(0)).getAsJsonObject();
    }
}
