package org.samreg.dicom;

import static org.samreg.dicom.DicomAttributes.code;
import static org.samreg.dicom.DicomAttributes.put;
import static org.samreg.dicom.DicomAttributes.putDecimals;
import static org.samreg.dicom.DicomAttributes.putInts;
import static org.samreg.dicom.DicomAttributes.sequence;
import static org.samreg.dicom.DicomAttributes.tag;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;

/**
 * Writes the matched ROI pairs as two BINARY DICOM Segmentations, one on each series' grid: one frame per
 * (segment, slice) with content, ordered by segment then slice. Both SEGs have segments 1..N, segment k being the
 * same pair on both sides, labelled {@code ROI pair <p>} after its number p in the matching (the number and colour
 * of the overview picture), its matching similarity in Segment Description as {@code similarity=<value>}. Series
 * number, description and content label say which side a SEG is.
 * <p>
 * Segments are numbered from the last slice of the stack down (by their lowest slice along the slice normal,
 * highest first; the fixed side decides, the moving side breaks ties): OHIF's SEG reader (Cornerstone3D's
 * adapter, cornerstone3D issue 2846) silently drops a segment that overlaps others when an earlier-numbered
 * segment reaches further down the stack than it does. The numbering costs nothing and keeps every segment in it.
 */
public final class SegWriter {
    /** A matched ROI pair: its number in the matching, its mask on each series' grid (not empty), similarity. */
    public record PairedSegment(int pairNumber, Mask fixed, Mask moving, double similarity) {
    }

    /** The two SEGs written. */
    public record Written(Path fixedSeg, Path movingSeg) {
    }

    /** Which series a SEG belongs to. */
    private enum Side {
        FIXED(DicomAttributes.FIXED_SEG_SERIES, "fixed"), MOVING(DicomAttributes.MOVING_SEG_SERIES, "moving");

        final int seriesNumber;
        final String name;

        Side(int seriesNumber, String name) {
            this.seriesNumber = seriesNumber;
            this.name = name;
        }
    }

    /** A segment of one side: its number in the SEG and the pair it shows. */
    private record Segment(int number, int pairNumber, Mask mask, double similarity) {
    }

    static final String SIMILARITY_KEY = "similarity=";
    private final UidGenerator uids;

    public SegWriter(UidGenerator uids) {
        this.uids = uids;
    }

    /** Writes both SEGs into {@code folder}; nothing is written if this fails. */
    public Written write(DicomSeries fixed, DicomSeries moving, List<PairedSegment> pairs, Path folder)
            throws IOException {
        List<PairedSegment> ordered = checked(fixed, moving, pairs);
        List<Segment> fixedSegments = new ArrayList<>(), movingSegments = new ArrayList<>();
        for (int n = 0; n < ordered.size(); n++) {
            PairedSegment p = ordered.get(n);
            fixedSegments.add(new Segment(n + 1, p.pairNumber(), p.fixed(), p.similarity()));
            movingSegments.add(new Segment(n + 1, p.pairNumber(), p.moving(), p.similarity()));
        }
        Path fixedSeg = write(fixed, moving, Side.FIXED, fixedSegments, folder);
        try {
            return new Written(fixedSeg, write(moving, fixed, Side.MOVING, movingSegments, folder));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(fixedSeg);
            throw e;
        }
    }

    private Path write(DicomSeries source, DicomSeries otherSide, Side side, List<Segment> ordered, Path folder)
            throws IOException {
        Geometry grid = source.volume().geometry();
        String sopInstanceUid = uids.newUid();
        AttributeList seg = new AttributeList();
        DicomAttributes.copyPatientAndStudy(source, seg);
        DicomAttributes.newSeries(seg, source, "SEG", side.seriesNumber, "SAMReg ROI pairs, " + side.name + " side",
                uids.newUid());
        DicomAttributes.equipment(seg);
        DicomAttributes.instance(seg, SOPClass.SegmentationStorage, sopInstanceUid, 1);
        DicomAttributes.contentIdentification(seg, "SAMREG_" + side.name.toUpperCase(Locale.ROOT),
                "SAMReg ROI pairs on the " + side.name + " series " + source.seriesNumber() + ", matched to series "
                        + otherSide.seriesNumber());
        put(seg, "ImageType", "DERIVED", "PRIMARY");
        DicomAttributes.monochromePixels(seg, grid.ny, grid.nx, 1, false);
        put(seg, "LossyImageCompression", "00");
        put(seg, "SegmentationType", "BINARY");
        put(seg, "SegmentsOverlap", overlap(ordered) ? "YES" : "NO");
        sequence(seg, "SegmentSequence", ordered.stream().map(SegWriter::segmentItem).toList());

        String dimensionUid = uids.newUid();
        writeDimensions(seg, dimensionUid);
        sequence(seg, "SharedFunctionalGroupsSequence", sharedGroups(source));

        List<AttributeList> perFrame = new ArrayList<>();
        List<int[]> framePixels = new ArrayList<>();
        Set<DicomSeries.SliceReference> usedSlices = new HashSet<>();
        int sliceSize = grid.sliceSize();
        for (Segment s : ordered) {
            int[] voxels = s.mask().voxels();
            int start = 0;
            while (start < voxels.length) {
                int k = voxels[start] / sliceSize;
                int end = start;
                while (end < voxels.length && voxels[end] / sliceSize == k) {
                    end++;
                }
                int[] pixels = new int[end - start];
                for (int i = start; i < end; i++) {
                    pixels[i - start] = voxels[i] - k * sliceSize;
                }
                framePixels.add(pixels);
                DicomSeries.SliceReference slice = source.slices().get(k);
                usedSlices.add(slice);
                perFrame.add(frameGroups(grid, s.number(), k, slice));
                start = end;
            }
        }
        putInts(seg, "NumberOfFrames", perFrame.size());
        sequence(seg, "PerFrameFunctionalGroupsSequence", perFrame);
        sequence(seg, "SourceImageSequence", source.slices().stream().filter(usedSlices::contains)
                .map(DicomAttributes::sourceImageReference).toList());
        DicomAttributes.commonInstanceReference(seg, source.studyInstanceUid(), List.of(source));
        seg.put(pixelData(framePixels, sliceSize));

        Path target = folder.resolve("SEG_" + side.name + "_" + sopInstanceUid + ".dcm");
        DicomAttributes.writePart10(seg, target);
        return target;
    }

    private static List<PairedSegment> checked(DicomSeries fixed, DicomSeries moving, List<PairedSegment> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no ROI pairs: a SEG needs at least one segment");
        }
        Set<Integer> numbers = new HashSet<>();
        for (PairedSegment p : pairs) {
            if (p.pairNumber() < 1 || !numbers.add(p.pairNumber())) {
                throw new IllegalArgumentException("pair numbers must be unique and >= 1, got " + p.pairNumber());
            }
            checkMask(p.pairNumber(), p.fixed(), fixed, "fixed");
            checkMask(p.pairNumber(), p.moving(), moving, "moving");
        }
        return pairs.stream().sorted(Comparator.comparingInt((PairedSegment p) -> -lowestSlice(p.fixed()))
                .thenComparingInt(p -> -lowestSlice(p.moving())).thenComparingInt(PairedSegment::pairNumber)).toList();
    }

    private static int lowestSlice(Mask mask) {
        return mask.voxels()[0] / mask.geometry().sliceSize();
    }

    private static void checkMask(int pair, Mask mask, DicomSeries series, String side) {
        Geometry grid = series.volume().geometry();
        if (!mask.geometry().sameGrid(grid, 1e-3)) {
            throw new IllegalArgumentException("the " + side + " mask of pair " + pair + " is on " + mask.geometry()
                    + ", not on the series grid " + grid);
        }
        if (mask.isEmpty()) {
            // an empty segment on one side only would break the pairing of segment numbers
            throw new IllegalArgumentException("the " + side + " mask of pair " + pair + " is empty");
        }
    }
    private static boolean overlap(List<Segment> segments) {
        Set<Integer> seen = new HashSet<>();
        for (Segment s : segments) {
            for (int v : s.mask().voxels()) {
                if (!seen.add(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static AttributeList segmentItem(Segment s) {
        AttributeList item = new AttributeList();
        putInts(item, "SegmentNumber", s.number());
        put(item, "SegmentLabel", "ROI pair " + s.pairNumber());
        put(item, "SegmentDescription", String.format(Locale.ROOT, "SAMReg matched ROI pair %d, %s%.6f",
                s.pairNumber(), SIMILARITY_KEY, s.similarity()));
        put(item, "SegmentAlgorithmType", "AUTOMATIC");
        put(item, "SegmentAlgorithmName", DicomAttributes.SOFTWARE_NAME + " " + DicomAttributes.SOFTWARE_VERSION);
        sequence(item, "SegmentedPropertyCategoryCodeSequence", code("91723000", "SCT", "Anatomical Structure"));
        sequence(item, "SegmentedPropertyTypeCodeSequence", code("85756007", "SCT", "Tissue"));
        putInts(item, "RecommendedDisplayCIELabValue", SegmentColors.cieLab(s.pairNumber()));
        return item;
    }

    /** Two dimensions: the segment number, then the plane position. */
    private static void writeDimensions(AttributeList seg, String dimensionUid) {
        AttributeList organization = new AttributeList();
        put(organization, "DimensionOrganizationUID", dimensionUid);
        sequence(seg, "DimensionOrganizationSequence", organization);
        sequence(seg, "DimensionIndexSequence",
                dimension(dimensionUid, "ReferencedSegmentNumber", "SegmentIdentificationSequence", "Segment Number"),
                dimension(dimensionUid, "ImagePositionPatient", "PlanePositionSequence", "Image Position Patient"));
    }

    private static AttributeList dimension(String uid, String index, String group, String label) {
        AttributeList d = new AttributeList();
        put(d, "DimensionOrganizationUID", uid);
        d.put(tagAttribute("DimensionIndexPointer", index));
        d.put(tagAttribute("FunctionalGroupPointer", group));
        put(d, "DimensionDescriptionLabel", label);
        return d;
    }

    private static AttributeTagAttribute tagAttribute(String keyword, String valueKeyword) {
        AttributeTagAttribute a = new AttributeTagAttribute(tag(keyword));
        try {
            a.addValue(tag(valueKeyword));
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
        return a;
    }

    private static AttributeList sharedGroups(DicomSeries source) {
        Geometry g = source.volume().geometry();
        AttributeList shared = new AttributeList();
        AttributeList orientation = new AttributeList();
        DicomAttributes.putOrientation(orientation, g);
        sequence(shared, "PlaneOrientationSequence", orientation);
        AttributeList measures = new AttributeList();
        DicomAttributes.putPixelSpacing(measures, g);
        double[] thickness = DicomAttributes.doubles(source.header(), "SliceThickness");
        putDecimals(measures, "SliceThickness", thickness != null && thickness.length == 1 ? thickness[0] : g.spacing(2));
        putDecimals(measures, "SpacingBetweenSlices", g.spacing(2));
        sequence(shared, "PixelMeasuresSequence", measures);
        return shared;
    }

    private static AttributeList frameGroups(Geometry g, int segmentNumber, int k, DicomSeries.SliceReference slice) {
        AttributeList frame = new AttributeList();
        AttributeList derivation = new AttributeList();
        sequence(derivation, "SourceImageSequence", DicomAttributes.sourceImageReference(slice));
        sequence(derivation, "DerivationCodeSequence", code("113076", "DCM", "Segmentation"));
        sequence(frame, "DerivationImageSequence", derivation);
        AttributeList content = new AttributeList();
        putInts(content, "DimensionIndexValues", segmentNumber, k + 1);
        sequence(frame, "FrameContentSequence", content);
        AttributeList position = new AttributeList();
        putDecimals(position, "ImagePositionPatient", g.toPatient(0, 0, k));
        sequence(frame, "PlanePositionSequence", position);
        AttributeList identification = new AttributeList();
        putInts(identification, "ReferencedSegmentNumber", segmentNumber);
        sequence(frame, "SegmentIdentificationSequence", identification);
        return frame;
    }

    /** BINARY pixel data: one bit per pixel, least significant bit first, frames packed back to back. */
    private static OtherByteAttribute pixelData(List<int[]> framePixels, int sliceSize) {
        long bits = (long) framePixels.size() * sliceSize;
        byte[] packed = new byte[(int) ((bits + 7) / 8)];
        long frameStart = 0;
        for (int[] pixels : framePixels) {
            for (int p : pixels) {
                long bit = frameStart + p;
                packed[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
            }
            frameStart += sliceSize;
        }
        OtherByteAttribute a = new OtherByteAttribute(tag("PixelData"));
        try {
            a.setValues(packed);
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
        return a;
    }
}
