package org.samreg.dicom;

import static org.samreg.dicom.DicomAttributes.frameValue;
import static org.samreg.dicom.DicomAttributes.integer;
import static org.samreg.dicom.DicomAttributes.item;
import static org.samreg.dicom.DicomAttributes.items;
import static org.samreg.dicom.DicomAttributes.string;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;

/**
 * Reads a BINARY DICOM Segmentation into one {@link Mask} per segment on the grid of the series it segments.
 * Frames are placed by their Image Position (Patient), so any frame order and any subset of slices works.
 */
public final class SegReader {
    /** One segment; {@code similarity} is NaN unless the SEG was written by {@link SegWriter}. */
    public record Segment(int number, String label, String description, double similarity, int[] cieLab, Mask mask) {
    }

    /** The segments by segment number, with the SEG's references. */
    public record Segmentation(String referencedSeriesInstanceUid, String frameOfReferenceUid, int frameCount,
            Map<Integer, Segment> segments) {
    }

    private static final double POSITION_TOLERANCE_VOXELS = 0.01;

    private SegReader() {
    }

    /** Reads {@code segFile} onto {@code grid}, the geometry of the referenced series. */
    public static Segmentation read(Path segFile, Geometry grid) throws DicomInputException {
        AttributeList seg = DicomAttributes.readFile(segFile);
        if (!SOPClass.SegmentationStorage.equals(string(seg, "SOPClassUID"))) {
            throw new DicomInputException(segFile + ": not a DICOM Segmentation (SOP class "
                    + string(seg, "SOPClassUID") + ")");
        }
        if (!"BINARY".equals(string(seg, "SegmentationType")) || integer(seg, "BitsAllocated", 0) != 1) {
            throw new DicomInputException(segFile + ": only BINARY segmentations are supported, got "
                    + string(seg, "SegmentationType"));
        }
        if (integer(seg, "Columns", 0) != grid.nx || integer(seg, "Rows", 0) != grid.ny) {
            throw new DicomInputException(segFile + ": frames are " + integer(seg, "Columns", 0) + "x"
                    + integer(seg, "Rows", 0) + " but the referenced series is " + grid.nx + "x" + grid.ny);
        }
        int frameCount = integer(seg, "NumberOfFrames", 1);
        byte[] bits;
        try {
            Attribute pixelData = seg.get(TagFromName.PixelData);
            bits = pixelData == null ? new byte[0] : pixelData.getByteValues();
        } catch (DicomException e) {
            throw new DicomInputException(segFile + ": cannot decode Pixel Data", e);
        }
        int sliceSize = grid.sliceSize();
        if ((long) bits.length * 8 < (long) frameCount * sliceSize) {
            throw new DicomInputException(segFile + ": Pixel Data is truncated");
        }
        AttributeList shared = item(seg, "SharedFunctionalGroupsSequence");
        List<AttributeList> perFrame = items(seg, "PerFrameFunctionalGroupsSequence");
        checkOrientation(segFile, grid, frameValue(seg, shared, perFrame.isEmpty() ? null : perFrame.get(0),
                "PlaneOrientationSequence", "ImageOrientationPatient"));
        Map<Integer, List<Integer>> voxelsBySegment = new TreeMap<>();
        for (int n = 0; n < frameCount; n++) {
            AttributeList own = n < perFrame.size() ? perFrame.get(n) : null;
            double[] number = frameValue(seg, shared, own, "SegmentIdentificationSequence", "ReferencedSegmentNumber");
            double[] position = frameValue(seg, shared, own, "PlanePositionSequence", "ImagePositionPatient");
            if (number == null || position == null || position.length != 3) {
                throw new DicomInputException(segFile + " frame " + (n + 1)
                        + ": missing Referenced Segment Number or Image Position (Patient)");
            }
            int k = sliceOf(segFile, n, grid, position);
            List<Integer> voxels = voxelsBySegment.computeIfAbsent((int) number[0], x -> new ArrayList<>());
            long frameStart = (long) n * sliceSize;
            for (int p = 0; p < sliceSize; p++) {
                long bit = frameStart + p;
                if ((bits[(int) (bit >>> 3)] >> (bit & 7) & 1) != 0) {
                    voxels.add(k * sliceSize + p);
                }
            }
        }
        Map<Integer, Segment> segments = new TreeMap<>();
        for (AttributeList s : items(seg, "SegmentSequence")) {
            int number = integer(s, "SegmentNumber", 0);
            List<Integer> voxels = voxelsBySegment.getOrDefault(number, Collections.emptyList());
            Mask mask = new Mask(grid, voxels.stream().mapToInt(Integer::intValue).toArray());
            String description = string(s, "SegmentDescription");
            Attribute lab = s.get(DicomAttributes.tag("RecommendedDisplayCIELabValue"));
            segments.put(number, new Segment(number, string(s, "SegmentLabel"), description,
                    similarity(description), lab == null ? null : Attribute.getIntegerValues(lab), mask));
        }
        AttributeList referencedSeries = item(seg, "ReferencedSeriesSequence");
        return new Segmentation(referencedSeries == null ? "" : string(referencedSeries, "SeriesInstanceUID"),
                string(seg, "FrameOfReferenceUID"), frameCount, Collections.unmodifiableMap(segments));
    }

    private static void checkOrientation(Path segFile, Geometry grid, double[] orientation)
            throws DicomInputException {
        double[] d = grid.direction();
        double[] expected = {d[0], d[3], d[6], d[1], d[4], d[7]};
        for (int i = 0; i < 6; i++) {
            if (orientation == null || orientation.length != 6 || Math.abs(orientation[i] - expected[i]) > 1e-4) {
                throw new DicomInputException(segFile + ": frame orientation does not match the referenced series");
            }
        }
    }

    /** The referenced slice a frame lies on; it must sit exactly on the grid. */
    private static int sliceOf(Path segFile, int n, Geometry grid, double[] position) throws DicomInputException {
        double[] v = grid.toVoxel(position[0], position[1], position[2]);
        long k = Math.round(v[2]);
        if (Math.abs(v[0]) > POSITION_TOLERANCE_VOXELS || Math.abs(v[1]) > POSITION_TOLERANCE_VOXELS
                || Math.abs(v[2] - k) > POSITION_TOLERANCE_VOXELS || k < 0 || k >= grid.nz) {
            throw new DicomInputException(segFile + " frame " + (n + 1) + " at " + Arrays.toString(position)
                    + " is not on a slice of the referenced series");
        }
        return (int) k;
    }

    private static double similarity(String description) {
        int at = description.indexOf(SegWriter.SIMILARITY_KEY);
        if (at < 0) {
            return Double.NaN;
        }
        String rest = description.substring(at + SegWriter.SIMILARITY_KEY.length()).split("[\\s,;]")[0];
        try {
            return Double.parseDouble(rest);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
