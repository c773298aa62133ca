package org.samreg.dicom;

import static org.samreg.dicom.DicomAttributes.doubles;
import static org.samreg.dicom.DicomAttributes.frameValue;
import static org.samreg.dicom.DicomAttributes.integer;
import static org.samreg.dicom.DicomAttributes.item;
import static org.samreg.dicom.DicomAttributes.items;
import static org.samreg.dicom.DicomAttributes.string;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.samreg.image.Geometry;
import org.samreg.image.Volume;

/**
 * Reads one DICOM image series (single-frame files or uncompressed multi-frame images with functional groups)
 * into a {@link DicomSeries}. Slices are ordered by position along the slice normal (row x column direction), so
 * the volume's third axis always points along that normal. Anything that would give a wrong volume is rejected
 * with a {@link DicomInputException} naming the file or series.
 */
public final class DicomSeriesReader {
    /** Uncompressed transfer syntaxes: implicit/explicit little endian, explicit big endian, deflated. */
    private static final Set<String> NATIVE_TRANSFER_SYNTAXES = Set.of(
            "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99");
    private static final double ORIENTATION_TOLERANCE = 1e-4;
    /** Slice gaps may differ from their mean by this fraction (DS rounding of positions is far smaller). */
    private static final double SPACING_RELATIVE_TOLERANCE = 0.01;
    private static final double POSITION_TOLERANCE_MM = 0.01;

    private DicomSeriesReader() {
    }

    /** Reads the only series in a folder (searched recursively) or a single file. */
    public static DicomSeries read(Path folderOrFile) throws DicomInputException {
        return read(folderOrFile, null);
    }

    /** Reads the series with the given Series Instance UID (null: the folder must hold exactly one series). */
    public static DicomSeries read(Path folderOrFile, String seriesInstanceUid) throws DicomInputException {
        return read(listFiles(folderOrFile), seriesInstanceUid);
    }

    public static DicomSeries read(List<Path> files, String seriesInstanceUid) throws DicomInputException {
        if (files.isEmpty()) {
            throw new DicomInputException("no DICOM files given");
        }
        Map<String, List<Path>> bySeries = new LinkedHashMap<>();
        Map<Path, AttributeList> headers = new LinkedHashMap<>();
        for (Path f : files) {
            AttributeList h = readHeader(f);
            headers.put(f, h);
            bySeries.computeIfAbsent(string(h, "SeriesInstanceUID"), k -> new ArrayList<>()).add(f);
        }
        List<Path> chosen;
        if (seriesInstanceUid != null) {
            chosen = bySeries.get(seriesInstanceUid);
            if (chosen == null) {
                throw new DicomInputException("series " + seriesInstanceUid + " not found among " + files.size()
                        + " files; present: " + bySeries.keySet());
            }
        } else if (bySeries.size() > 1) {
            throw new DicomInputException("the input mixes " + bySeries.size() + " series (" + describe(bySeries)
                    + "); choose one Series Instance UID");
        } else {
            chosen = bySeries.values().iterator().next();
        }
        List<Frame> frames = new ArrayList<>();
        for (Path f : chosen) {
            checkImage(f, headers.get(f));
            frames.addAll(readFrames(f));
        }
        return assemble(frames, headers.get(chosen.get(0)));
    }

    private static List<Path> listFiles(Path folderOrFile) throws DicomInputException {
        if (Files.isRegularFile(folderOrFile)) {
            return List.of(folderOrFile);
        }
        if (!Files.isDirectory(folderOrFile)) {
            throw new DicomInputException(folderOrFile + " is neither a file nor a folder");
        }
        try (Stream<Path> s = Files.walk(folderOrFile)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("DICOMDIR")).sorted().toList();
        } catch (IOException e) {
            throw new DicomInputException("cannot list " + folderOrFile + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Map<String, List<Path>> bySeries) {
        return bySeries.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue().size() + " files, e.g. " + e.getValue().get(0).getFileName())
                .collect(Collectors.joining("; "));
    }

    private static AttributeList readHeader(Path f) throws DicomInputException {
        AttributeList h = new AttributeList();
        try {
            h.read(f.toFile(), TagFromName.PixelData);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomInputException(f + ": not a readable DICOM file (" + e + ")", e);
        }
        if (string(h, "SOPClassUID").isEmpty()) {
            throw new DicomInputException(f + ": not a DICOM object (no SOP Class UID)");
        }
        // without them, instances of different series or the same slice twice would be taken for one
        for (String uid : new String[] {"StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"}) {
            if (string(h, uid).isEmpty()) {
                throw new DicomInputException(f + ": no " + uid + " (every DICOM instance must have one)");
            }
        }
        return h;
    }

    private static void checkImage(Path f, AttributeList h) throws DicomInputException {
        String sopClass = string(h, "SOPClassUID");
        if (!SOPClass.isImageStorage(sopClass) || SOPClass.SegmentationStorage.equals(sopClass)
                || integer(h, "Rows", 0) == 0) {
            throw new DicomInputException(f + ": SOP class " + sopClass + " (modality " + string(h, "Modality")
                    + ") is not an image");
        }
        String ts = string(h, "TransferSyntaxUID");
        if (!ts.isEmpty() && !NATIVE_TRANSFER_SYNTAXES.contains(ts)) {
            throw new DicomInputException(f + ": compressed transfer syntax " + ts + " is not supported;"
                    + " decompress first (e.g. dcmdjpeg/dcmdrle)");
        }
    }

    /** One 2D image: a slice of a single-frame file or one frame of a multi-frame file. */
    private record Frame(Path file, int rows, int columns, double[] position, double[] orientation,
            double[] pixelSpacing, float[] values, int components, DicomSeries.SliceReference reference) {
    }

    private static List<Frame> readFrames(Path f) throws DicomInputException {
        AttributeList list = DicomAttributes.readFile(f);
        int rows = integer(list, "Rows", 0), columns = integer(list, "Columns", 0);
        int frameCount = Math.max(1, integer(list, "NumberOfFrames", 1));
        int components = integer(list, "SamplesPerPixel", 1);
        float[][] pixels = decodePixels(f, list, rows, columns, components, frameCount);
        AttributeList shared = item(list, "SharedFunctionalGroupsSequence");
        List<AttributeList> perFrame = items(list, "PerFrameFunctionalGroupsSequence");
        String sopClass = string(list, "SOPClassUID"), sopInstance = string(list, "SOPInstanceUID");
        List<Frame> frames = new ArrayList<>();
        for (int n = 0; n < frameCount; n++) {
            AttributeList own = n < perFrame.size() ? perFrame.get(n) : null;
            double[] position = frameValue(list, shared, own, "PlanePositionSequence", "ImagePositionPatient");
            double[] orientation = frameValue(list, shared, own, "PlaneOrientationSequence", "ImageOrientationPatient");
            double[] spacing = frameValue(list, shared, own, "PixelMeasuresSequence", "PixelSpacing");
            double[] slope = frameValue(list, shared, own, "PixelValueTransformationSequence", "RescaleSlope");
            double[] intercept = frameValue(list, shared, own, "PixelValueTransformationSequence", "RescaleIntercept");
            String where = frameCount > 1 ? f + " frame " + (n + 1) : f.toString();
            require(position, 3, where, "Image Position (Patient)");
            require(orientation, 6, where, "Image Orientation (Patient)");
            require(spacing, 2, where, "Pixel Spacing");
            rescale(pixels[n], slope == null ? 1 : slope[0], intercept == null ? 0 : intercept[0]);
            frames.add(new Frame(f, rows, columns, position, orientation, spacing, pixels[n], components,
                    new DicomSeries.SliceReference(sopClass, sopInstance, frameCount > 1 ? n + 1 : 0,
                            integer(list, "InstanceNumber", 0), string(list, "SliceLocation"))));
        }
        return frames;
    }

    private static void require(double[] values, int count, String where, String name) throws DicomInputException {
        if (values == null || values.length != count) {
            throw new DicomInputException(where + ": missing or malformed " + name);
        }
    }

    private static void rescale(float[] v, double slope, double intercept) {
        if (slope != 1 || intercept != 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] * slope + intercept);
            }
        }
    }

    /** Stored values per frame, MONOCHROME1 turned into MONOCHROME2 sense (flipped within the stored range). */
    private static float[][] decodePixels(Path f, AttributeList list, int rows, int columns, int components,
            int frameCount) throws DicomInputException {
        String photometric = string(list, "PhotometricInterpretation");
        boolean monochrome = photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2");
        boolean rgb = photometric.equals("RGB") && components == 3 && integer(list, "PlanarConfiguration", 0) == 0;
        if (!(monochrome && components == 1) && !rgb) {
            throw new DicomInputException(f + ": unsupported photometric interpretation " + photometric + " with "
                    + components + " samples per pixel");
        }
        int bitsAllocated = integer(list, "BitsAllocated", 0);
        int bitsStored = integer(list, "BitsStored", bitsAllocated);
        boolean signed = integer(list, "PixelRepresentation", 0) == 1;
        Attribute pixelData = list.get(TagFromName.PixelData);
        if (pixelData == null) {
            throw new DicomInputException(f + ": no Pixel Data (truncated file or not an image)");
        }
        int perFrame = rows * columns * components;
        long needed = (long) perFrame * frameCount;
        int[] stored;
        try {
            if (bitsAllocated == 16) {
                short[] s = pixelData.getShortValues();
                checkLength(f, s.length, needed);
                stored = new int[(int) needed];
                for (int i = 0; i < stored.length; i++) {
                    stored[i] = s[i] & 0xFFFF;
                }
            } else if (bitsAllocated == 8) {
                byte[] b = pixelData instanceof OtherByteAttribute ? pixelData.getByteValues()
                        : pixelData.getByteValues(false);
                checkLength(f, b.length, needed);
                stored = new int[(int) needed];
                for (int i = 0; i < stored.length; i++) {
                    stored[i] = b[i] & 0xFF;
                }
            } else {
                throw new DicomInputException(f + ": " + bitsAllocated + " bits allocated are not supported");
            }
        } catch (DicomException e) {
            throw new DicomInputException(f + ": cannot decode Pixel Data (" + e.getMessage() + ")", e);
        }
        int shift = 32 - bitsStored;
        float flip = signed ? -1 : (1 << bitsStored) - 1;
        boolean invert = photometric.equals("MONOCHROME1");
        float[][] out = new float[frameCount][perFrame];
        for (int n = 0; n < frameCount; n++) {
            for (int i = 0; i < perFrame; i++) {
                int v = stored[n * perFrame + i] << shift;
                float value = signed ? v >> shift : v >>> shift;
                out[n][i] = invert ? flip - value : value;
            }
        }
        return out;
    }

    private static void checkLength(Path f, long have, long needed) throws DicomInputException {
        if (have < needed) {
            throw new DicomInputException(f + ": Pixel Data is truncated (" + have + " of " + needed + " samples)");
        }
    }

    private static DicomSeries assemble(List<Frame> frames, AttributeList header) throws DicomInputException {
        String series = "series " + string(header, "SeriesInstanceUID");
        Frame first = frames.get(0);
        double[] direction = DicomAttributes.direction(first.orientation);
        double[] row = {direction[0], direction[3], direction[6]};
        double[] col = {direction[1], direction[4], direction[7]};
        double[] normal = {direction[2], direction[5], direction[8]};
        for (Frame fr : frames) {
            if (fr.rows != first.rows || fr.columns != first.columns || fr.components != first.components) {
                throw new DicomInputException(series + ": " + fr.file + " is " + fr.columns + "x" + fr.rows
                        + " but " + first.file + " is " + first.columns + "x" + first.rows);
            }
            for (int i = 0; i < 6; i++) {
                if (Math.abs(fr.orientation[i] - first.orientation[i]) > ORIENTATION_TOLERANCE) {
                    throw new DicomInputException(series + ": orientation of " + fr.file + " differs from "
                            + first.file);
                }
            }
            for (int i = 0; i < 2; i++) {
                if (Math.abs(fr.pixelSpacing[i] - first.pixelSpacing[i]) > 1e-4) {
                    throw new DicomInputException(series + ": pixel spacing of " + fr.file + " differs from "
                            + first.file);
                }
            }
        }
        List<Frame> sorted = new ArrayList<>(frames);
        sorted.sort(Comparator.comparingDouble(fr -> dot(fr.position, normal)));
        double sliceSpacing = sliceSpacing(series, sorted, header, row, col, normal);
        int sliceSize = first.rows * first.columns * first.components;
        float[] data = new float[sliceSize * sorted.size()];
        List<DicomSeries.SliceReference> refs = new ArrayList<>();
        for (int k = 0; k < sorted.size(); k++) {
            System.arraycopy(sorted.get(k).values, 0, data, k * sliceSize, sliceSize);
            refs.add(sorted.get(k).reference);
        }
        Frame origin = sorted.get(0);
        // PixelSpacing is (between rows, between columns): x (column index) steps by the second value.
        Geometry g = new Geometry(first.columns, first.rows, sorted.size(),
                new double[] {first.pixelSpacing[1], first.pixelSpacing[0], sliceSpacing}, origin.position, direction);
        return new DicomSeries(new Volume(g, data, first.components), refs, header);
    }

    /** Uniform gap between slice positions along the normal; slices must be stacked along the normal. */
    private static double sliceSpacing(String series, List<Frame> sorted, AttributeList header, double[] row,
            double[] col, double[] normal) throws DicomInputException {
        if (sorted.size() == 1) {
            double[] s = doubles(header, "SpacingBetweenSlices");
            double[] t = doubles(header, "SliceThickness");
            return s != null && s.length > 0 && s[0] > 0 ? s[0] : t != null && t.length > 0 && t[0] > 0 ? t[0] : 1;
        }
        double[] p0 = sorted.get(0).position;
        double extent = dot(sorted.get(sorted.size() - 1).position, normal) - dot(p0, normal);
        double mean = extent / (sorted.size() - 1);
        for (int k = 1; k < sorted.size(); k++) {
            Frame fr = sorted.get(k);
            double gap = dot(fr.position, normal) - dot(sorted.get(k - 1).position, normal);
            if (gap < POSITION_TOLERANCE_MM) {
                throw new DicomInputException(series + ": " + fr.file + " and " + sorted.get(k - 1).file
                        + " have the same slice position (several acquisitions, echoes or phases in one series?)");
            }
            if (Math.abs(gap - mean) > SPACING_RELATIVE_TOLERANCE * mean) {
                throw new DicomInputException(series + ": non-uniform slice spacing, gap " + gap + " mm before "
                        + fr.file + " but mean " + mean + " mm (missing slices?)");
            }
            double[] d = {fr.position[0] - p0[0], fr.position[1] - p0[1], fr.position[2] - p0[2]};
            if (Math.abs(dot(d, row)) > POSITION_TOLERANCE_MM + 0.01 * Math.abs(dot(d, normal))
                    || Math.abs(dot(d, col)) > POSITION_TOLERANCE_MM + 0.01 * Math.abs(dot(d, normal))) {
                throw new DicomInputException(series + ": " + fr.file
                        + " is not stacked along the slice normal (tilted or sheared acquisition)");
            }
        }
        return mean;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
