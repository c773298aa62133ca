package org.samreg.dicom;

import static org.samreg.dicom.DicomAttributes.put;
import static org.samreg.dicom.DicomAttributes.putDecimals;
import static org.samreg.dicom.DicomAttributes.putInts;
import static org.samreg.dicom.DicomAttributes.sequence;
import static org.samreg.dicom.DicomAttributes.tag;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.samreg.image.Geometry;
import org.samreg.image.Volume;

/**
 * Writes the moving image resampled onto the fixed grid as a new single-frame series in the fixed study and Frame
 * of Reference: MR Image Storage for MR sources (with the source's MR acquisition attributes), CT Image Storage for
 * CT, Secondary Capture otherwise. Values are stored the way the moving series stores its own (its Rescale
 * Slope/Intercept, none for most MR, rounded to its stored integers); slice k carries the Instance Number, Slice
 * Location and Slice Thickness of fixed slice k, so a viewer sorts and labels both series alike.
 */
public final class DerivedSeriesWriter {
    /** MR Image module acquisition attributes worth keeping; type 2 ones are written empty when unknown. */
    private static final String[] MR_ATTRIBUTES = {
        "ScanningSequence", "SequenceVariant", "ScanOptions", "MRAcquisitionType", "RepetitionTime", "EchoTime",
        "EchoTrainLength", "InversionTime", "SequenceName", "AngioFlag", "ImagingFrequency", "ImagedNucleus",
        "EchoNumbers", "MagneticFieldStrength", "FlipAngle"
    };
    private static final String[] MR_TYPE2 = {"ScanOptions", "MRAcquisitionType", "EchoTime", "EchoTrainLength"};
    private static final String[] CT_ATTRIBUTES = {"KVP", "AcquisitionNumber", "ConvolutionKernel"};
    private static final String[] CT_TYPE2 = {"KVP", "AcquisitionNumber"};

    private final UidGenerator uids;

    public DerivedSeriesWriter(UidGenerator uids) {
        this.uids = uids;
    }

    /**
     * @param resampled the moving image on the fixed series' grid (single component)
     * @return the written files in slice order; on failure no file of the series remains
     */
    public List<Path> write(DicomSeries fixed, DicomSeries moving, Volume resampled, Path folder) throws IOException {
        Geometry grid = fixed.volume().geometry();
        if (!resampled.geometry().sameGrid(grid, 1e-3) || resampled.components() != 1) {
            throw new IllegalArgumentException("the resampled image must be single-component on the fixed grid "
                    + grid + ", got " + resampled.geometry() + " with " + resampled.components() + " components");
        }
        Encoding encoding = Encoding.of(resampled.data(), sourceRescale(moving));
        String seriesUid = uids.newUid();
        boolean ownNumbers = distinctInstanceNumbers(fixed.slices());
        List<Path> written = new ArrayList<>();
        try {
            for (int k = 0; k < grid.nz; k++) {
                AttributeList image = header(fixed, moving, seriesUid, encoding, resampled.range());
                String sopInstanceUid = uids.newUid();
                DicomSeries.SliceReference fixedSlice = fixed.slices().get(k);
                DicomAttributes.instance(image, sopClass(moving.modality()), sopInstanceUid,
                        ownNumbers ? fixedSlice.instanceNumber() : k + 1);
                putDecimals(image, "ImagePositionPatient", grid.toPatient(0, 0, k));
                if (!fixedSlice.sliceLocation().isEmpty()) {
                    put(image, "SliceLocation", fixedSlice.sliceLocation());
                }
                image.put(encoding.pixelData(resampled.slice(k)));
                Path target = folder.resolve(String.format("DERIVED_%04d_%s.dcm", k + 1, sopInstanceUid));
                DicomAttributes.writePart10(image, target);
                written.add(target);
            }
        } catch (IOException | RuntimeException e) {
            for (Path p : written) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
        return written;
    }

    /** Whether the fixed slices number themselves (a multi-frame source numbers the instance, not its frames). */
    private static boolean distinctInstanceNumbers(List<DicomSeries.SliceReference> slices) {
        return slices.stream().allMatch(s -> s.instanceNumber() > 0)
                && slices.stream().mapToInt(DicomSeries.SliceReference::instanceNumber).distinct().count()
                        == slices.size();
    }

    /** The moving series' Rescale Slope and Intercept (identity when it has none). */
    private static double[] sourceRescale(DicomSeries moving) {
        AttributeList h = moving.header();
        AttributeList shared = DicomAttributes.item(h, "SharedFunctionalGroupsSequence");
        AttributeList first = DicomAttributes.item(h, "PerFrameFunctionalGroupsSequence");
        double[] slope = DicomAttributes.frameValue(h, shared, first, "PixelValueTransformationSequence",
                "RescaleSlope");
        double[] intercept = DicomAttributes.frameValue(h, shared, first, "PixelValueTransformationSequence",
                "RescaleIntercept");
        return new double[] {slope == null || slope[0] == 0 ? 1 : slope[0], intercept == null ? 0 : intercept[0]};
    }

    private static String sopClass(String modality) {
        return switch (modality) {
            case "MR" -> SOPClass.MRImageStorage;
            case "CT" -> SOPClass.CTImageStorage;
            default -> SOPClass.SecondaryCaptureImageStorage;
        };
    }

    /** Everything but the per-slice attributes. */
    private AttributeList header(DicomSeries fixed, DicomSeries moving, String seriesUid, Encoding encoding,
            float[] range) {
        Geometry g = fixed.volume().geometry();
        String modality = moving.modality();
        boolean secondaryCapture = sopClass(modality).equals(SOPClass.SecondaryCaptureImageStorage);
        AttributeList image = new AttributeList();
        DicomAttributes.copyPatientAndStudy(fixed, image);
        DicomAttributes.newSeries(image, fixed, secondaryCapture ? "OT" : modality,
                DicomAttributes.RESAMPLED_SERIES, "SAMReg registered " + moving.seriesDescription(), seriesUid);
        // General Series type 2C for MR and CT; the pixels are on the fixed grid, so the fixed patient position
        Attribute patientPosition = fixed.header().get(tag("PatientPosition"));
        if (patientPosition != null) {
            image.put(patientPosition);
        } else {
            put(image, "PatientPosition");
        }
        DicomAttributes.equipment(image);
        switch (modality) {
            case "MR" -> copyAcquisition(moving, image, MR_ATTRIBUTES, MR_TYPE2);
            case "CT" -> copyAcquisition(moving, image, CT_ATTRIBUTES, CT_TYPE2);
            default -> put(image, "ConversionType", "WSD");
        }
        if (modality.equals("MR")) {
            // type 1 in the MR Image module: "research mode" / "no variant" when the source does not say
            putIfAbsent(image, "ScanningSequence", "RM");
            putIfAbsent(image, "SequenceVariant", "NONE");
        }
        // value 3 is required for MR; MPR (multiplanar reformatted) is the closest defined term for a resampling
        put(image, "ImageType", "DERIVED", "SECONDARY", "MPR");
        put(image, "DerivationDescription", DicomAttributes.longString("Resampled onto series "
                + fixed.seriesNumber() + " by " + DicomAttributes.SOFTWARE_NAME + " deformable registration"));
        sequence(image, "SourceImageSequence",
                moving.slices().stream().map(DicomAttributes::sourceImageReference).toList());
        DicomAttributes.putOrientation(image, g);
        DicomAttributes.putPixelSpacing(image, g);
        Attribute thickness = fixed.header().get(tag("SliceThickness"));
        if (thickness != null && thickness.getVM() == 1) {
            image.put(thickness);
        } else {
            putDecimals(image, "SliceThickness", g.spacing(2));
        }
        if (modality.equals("MR")) {
            putDecimals(image, "SpacingBetweenSlices", g.spacing(2));
        }
        DicomAttributes.monochromePixels(image, g.ny, g.nx, 16, encoding.signed);
        // a Modality LUT is type 1 in CT, not expected in MR unless the source has one
        if (modality.equals("CT") || !encoding.identity()) {
            putDecimals(image, "RescaleIntercept", encoding.intercept);
            putDecimals(image, "RescaleSlope", encoding.slope);
        }
        if (modality.equals("CT")) {
            put(image, "RescaleType", "HU");
        }
        // the moving series' window is in the same units as the resampled values
        Attribute center = moving.header().get(tag("WindowCenter"));
        Attribute width = moving.header().get(tag("WindowWidth"));
        if (center != null && width != null && center.getVM() > 0 && center.getVM() == width.getVM()) {
            image.put(center);
            image.put(width);
        } else {
            putDecimals(image, "WindowCenter", (range[0] + range[1]) / 2.0);
            putDecimals(image, "WindowWidth", Math.max(1, range[1] - range[0]));
        }
        return image;
    }

    private static void copyAcquisition(DicomSeries source, AttributeList out, String[] keywords, String[] type2) {
        for (String keyword : keywords) {
            Attribute a = source.header().get(tag(keyword));
            if (a != null) {
                out.put(a);
            }
        }
        for (String keyword : type2) {
            putIfAbsent(out, keyword);
        }
    }

    private static void putIfAbsent(AttributeList list, String keyword, String... values) {
        if (list.get(tag(keyword)) == null) {
            put(list, keyword, values);
        }
    }

    /**
     * 16-bit storage of the resampled values: rounded to the source's stored integers under the source's rescale
     * when they fit (they do for interpolated values of a DICOM source), else mapped linearly onto 0..65535. NaN
     * (outside the moving image) is stored as the minimum value.
     */
    private record Encoding(boolean signed, double slope, double intercept, double fill) {
        static Encoding of(float[] values, double[] sourceRescale) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (float v : values) {
                if (!Float.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double slope = sourceRescale[0], intercept = sourceRescale[1];
            if (min > max) {
                return new Encoding(false, slope, intercept, intercept);
            }
            double a = Math.rint((min - intercept) / slope), b = Math.rint((max - intercept) / slope);
            double low = Math.min(a, b), high = Math.max(a, b);
            if (low >= 0 && high <= 65535) {
                return new Encoding(false, slope, intercept, min);
            }
            if (low >= -32768 && high <= 32767) {
                return new Encoding(true, slope, intercept, min);
            }
            return new Encoding(false, max > min ? (max - min) / 65535 : 1, min, min);
        }

        boolean identity() {
            return slope == 1 && intercept == 0;
        }
        OtherWordAttribute pixelData(float[] slice) {
            short[] stored = new short[slice.length];
            for (int i = 0; i < slice.length; i++) {
                double v = Math.rint(((Float.isNaN(slice[i]) ? fill : slice[i]) - intercept) / slope);
                stored[i] = (short) (signed ? Math.max(-32768, Math.min(32767, v)) : Math.max(0, Math.min(65535, v)));
            }
            OtherWordAttribute a = new OtherWordAttribute(tag("PixelData"));
            try {
                a.setValues(stored);
            } catch (DicomException e) {
                throw new IllegalStateException(e);
            }
            return a;
        }
    }
}
