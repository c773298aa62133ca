package org.samreg.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samreg.SamRegVersion;
import org.samreg.image.AtomicFiles;
import org.samreg.image.Geometry;

/**
 * Attribute access by dictionary keyword (PixelMed's TagFromName lacks the newer registration and segmentation
 * attributes) and the modules the three writers share: patient/study copy, new series, equipment, SOP common,
 * image references, common instance references, and the Part 10 file write.
 */
final class DicomAttributes {
    static final String SOFTWARE_NAME = SamRegVersion.NAME;
    static final String SOFTWARE_VERSION = SamRegVersion.VERSION;
    private static final DicomDictionary DICTIONARY = DicomDictionary.StandardDictionary;
    /** Series numbers of SAMReg's objects, after the acquired series. */
    static final int FIXED_SEG_SERIES = 9001, RESAMPLED_SERIES = 9002, REGISTRATION_SERIES = 9003,
            MOVING_SEG_SERIES = 9004;
    /**
     * The study-level modules a derived object shares with its source, copied whole: Patient, Clinical Trial
     * Subject, General Study, Patient Study and Clinical Trial Study (PS3.3 C.7.1.1, C.7.1.3, C.7.2.1, C.7.2.2,
     * C.7.2.3). A reader that checks an object against its study (dcentvfy) finds nothing disagreeing.
     */
    private static final String[] STUDY_LEVEL = {
        "SpecificCharacterSet",
        // Patient
        "PatientName", "PatientID", "IssuerOfPatientID", "IssuerOfPatientIDQualifiersSequence", "TypeOfPatientID",
        "PatientBirthDate", "PatientBirthTime", "PatientSex", "QualityControlSubject", "ReferencedPatientSequence",
        "OtherPatientIDsSequence", "OtherPatientNames", "EthnicGroup", "PatientComments",
        "PatientSpeciesDescription", "PatientSpeciesCodeSequence", "PatientBreedDescription",
        "PatientBreedCodeSequence", "BreedRegistrationSequence", "ResponsiblePerson", "ResponsiblePersonRole",
        "ResponsibleOrganization", "PatientIdentityRemoved", "DeidentificationMethod",
        "DeidentificationMethodCodeSequence",
        // Clinical Trial Subject
        "ClinicalTrialSponsorName", "ClinicalTrialProtocolID", "ClinicalTrialProtocolName", "ClinicalTrialSiteID",
        "ClinicalTrialSiteName", "ClinicalTrialSubjectID", "ClinicalTrialSubjectReadingID",
        // General Study
        "StudyInstanceUID", "StudyDate", "StudyTime", "ReferringPhysicianName",
        "ReferringPhysicianIdentificationSequence", "StudyID", "AccessionNumber", "IssuerOfAccessionNumberSequence",
        "StudyDescription", "PhysiciansOfRecord", "PhysiciansOfRecordIdentificationSequence",
        "NameOfPhysiciansReadingStudy", "PhysiciansReadingStudyIdentificationSequence",
        "RequestingServiceCodeSequence", "ReferencedStudySequence", "ProcedureCodeSequence",
        "ReasonForPerformedProcedureCodeSequence",
        // Patient Study
        "AdmittingDiagnosesDescription", "AdmittingDiagnosesCodeSequence", "PatientAge", "PatientSize",
        "PatientWeight", "PatientSizeCodeSequence", "Occupation", "AdditionalPatientHistory", "AdmissionID",
        "IssuerOfAdmissionIDSequence", "ServiceEpisodeID", "IssuerOfServiceEpisodeIDSequence",
        "ServiceEpisodeDescription", "PatientSexNeutered", "MedicalAlerts", "Allergies", "SmokingStatus",
        "PregnancyStatus", "LastMenstrualDate", "PatientState",
        // Clinical Trial Study
        "ClinicalTrialTimePointID", "ClinicalTrialTimePointDescription", "ConsentForClinicalTrialUseSequence"
    };
    /** Type 2 attributes of Patient and General Study: present, empty when the source does not have them. */
    private static final List<String> STUDY_LEVEL_TYPE2 = List.of("PatientName", "PatientID", "PatientBirthDate",
            "PatientSex", "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID", "AccessionNumber");

    private DicomAttributes() {
    }

    static AttributeTag tag(String keyword) {
        AttributeTag t = DICTIONARY.getTagFromName(keyword);
        if (t == null) {
            throw new IllegalArgumentException("unknown DICOM keyword " + keyword);
        }
        return t;
    }

    private interface ValueAdder {
        void addTo(Attribute a) throws DicomException;
    }

    private static void putWith(AttributeList list, String keyword, ValueAdder values) {
        try {
            Attribute a = AttributeFactory.newAttribute(tag(keyword));
            values.addTo(a);
            list.put(a);
        } catch (DicomException e) {
            throw new IllegalStateException("cannot set " + keyword, e);
        }
    }

    /** Puts an attribute with the given values; no values gives an empty (type 2) attribute. */
    /** Image Pixel module attributes of a single-sample MONOCHROME2 image. */
    static void monochromePixels(AttributeList list, int rows, int columns, int bits, boolean signed) {
        put(list, "SamplesPerPixel", "1");
        put(list, "PhotometricInterpretation", "MONOCHROME2");
        putInts(list, "Rows", rows);
        putInts(list, "Columns", columns);
        putInts(list, "BitsAllocated", bits);
        putInts(list, "BitsStored", bits);
        putInts(list, "HighBit", bits - 1);
        putInts(list, "PixelRepresentation", signed ? 1 : 0);
    }

    static void put(AttributeList list, String keyword, String... values) {
        putWith(list, keyword, a -> {
            for (String v : values) {
                a.addValue(v);
            }
        });
    }

    static void putInts(AttributeList list, String keyword, int... values) {
        putWith(list, keyword, a -> {
            for (int v : values) {
                a.addValue(v);
            }
        });
    }

    /** Binary floating point values (FD, FL). */
    static void putDoubles(AttributeList list, String keyword, double... values) {
        putWith(list, keyword, a -> {
            for (double v : values) {
                a.addValue(v);
            }
        });
    }

    /** Decimal strings (DS) limited to DICOM's 16 characters. */
    static void putDecimals(AttributeList list, String keyword, double... values) {
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            s[i] = decimalString(values[i]);
        }
        put(list, keyword, s);
    }

    static String decimalString(double v) {
        if (Math.abs(v) < 1e-12) {
            return "0";
        }
        for (int digits = 16; digits > 0; digits--) {
            String s = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
            if (s.length() <= 16) {
                return s;
            }
        }
        throw new IllegalArgumentException("cannot encode " + v + " as a decimal string");
    }

    /** Image Orientation (Patient): the patient-space directions of the grid's x (row) and y (column) axes. */
    static void putOrientation(AttributeList list, Geometry g) {
        double[] d = g.direction();
        putDecimals(list, "ImageOrientationPatient", d[0], d[3], d[6], d[1], d[4], d[7]);
    }

    /** Pixel Spacing is (between rows, between columns), i.e. (y, x). */
    static void putPixelSpacing(AttributeList list, Geometry g) {
        putDecimals(list, "PixelSpacing", g.spacing(1), g.spacing(0));
    }

    /**
     * Row-major 3x3 direction of a grid with the given Image Orientation (Patient): columns are the row direction,
     * the column direction and their cross product (the slice normal, DICOM's stacking direction).
     */
    static double[] direction(double[] orientation) {
        double[] r = {orientation[0], orientation[1], orientation[2]};
        double[] c = {orientation[3], orientation[4], orientation[5]};
        double[] n = {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
        return new double[] {r[0], c[0], n[0], r[1], c[1], n[1], r[2], c[2], n[2]};
    }

    /** Cuts text to the 64 characters of VR LO. */
    static String longString(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64);
    }

    static SequenceAttribute sequence(AttributeList list, String keyword, List<AttributeList> items) {
        SequenceAttribute s = new SequenceAttribute(tag(keyword));
        items.forEach(s::addItem);
        list.put(s);
        return s;
    }

    static SequenceAttribute sequence(AttributeList list, String keyword, AttributeList... items) {
        return sequence(list, keyword, List.of(items));
    }

    static AttributeList code(String value, String scheme, String meaning) {
        AttributeList c = new AttributeList();
        put(c, "CodeValue", value);
        put(c, "CodingSchemeDesignator", scheme);
        put(c, "CodeMeaning", meaning);
        return c;
    }

    static String string(AttributeList list, String keyword) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag(keyword)).trim();
    }

    static double[] doubles(AttributeList list, String keyword) {
        Attribute a = list.get(tag(keyword));
        return a == null ? null : Attribute.getDoubleValues(a);
    }

    static int integer(AttributeList list, String keyword, int absent) {
        return Attribute.getSingleIntegerValueOrDefault(list, tag(keyword), absent);
    }

    static List<AttributeList> items(AttributeList list, String keyword) {
        List<AttributeList> out = new ArrayList<>();
        if (list != null && list.get(tag(keyword)) instanceof SequenceAttribute s) {
            for (int i = 0; i < s.getNumberOfItems(); i++) {
                out.add(s.getItem(i).getAttributeList());
            }
        }
        return out;
    }

    /** The first item of a sequence, or null. */
    static AttributeList item(AttributeList list, String keyword) {
        List<AttributeList> all = items(list, keyword);
        return all.isEmpty() ? null : all.get(0);
    }

    /** A frame's value: from its per-frame functional group, else the shared one, else the top level. */
    static double[] frameValue(AttributeList top, AttributeList shared, AttributeList own,
            String macro, String keyword) {
        for (AttributeList group : new AttributeList[] {own, shared}) {
            AttributeList m = item(group, macro);
            if (m != null && doubles(m, keyword) != null) {
                return doubles(m, keyword);
            }
        }
        return doubles(top, keyword);
    }

    /** The study-level modules of a derived object, taken from the series it derives from. */
    static void copyPatientAndStudy(DicomSeries source, AttributeList out) {
        for (String keyword : STUDY_LEVEL) {
            Attribute a = source.header().get(tag(keyword));
            if (a != null) {
                out.put(a);
            } else if (STUDY_LEVEL_TYPE2.contains(keyword)) {
                put(out, keyword);
            }
        }
    }

    /** General Series with a new Series Instance UID, plus the Frame of Reference of the source series. */
    static void newSeries(AttributeList out, DicomSeries frameOfReferenceSource, String modality, int seriesNumber,
            String description, String seriesUid) {
        put(out, "SeriesInstanceUID", seriesUid);
        put(out, "Modality", modality);
        put(out, "SeriesNumber", Integer.toString(seriesNumber));
        put(out, "SeriesDescription", longString(description));
        // the derived object shows the same body part as its source; Laterality is type 2C (paired body parts
        // only), so it is left out, not written empty, when the source does not give it
        for (String keyword : new String[] {"BodyPartExamined", "Laterality"}) {
            if (!string(frameOfReferenceSource.header(), keyword).isEmpty()) {
                out.put(frameOfReferenceSource.header().get(tag(keyword)));
            }
        }
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        put(out, "SeriesDate", now);
        put(out, "FrameOfReferenceUID", frameOfReferenceSource.frameOfReferenceUid());
        put(out, "PositionReferenceIndicator");
    }

    /** General and Enhanced General Equipment (the latter's attributes are all type 1). */
    static void equipment(AttributeList out) {
        put(out, "Manufacturer", SOFTWARE_NAME);
        put(out, "ManufacturerModelName", "SAMReg for Weasis");
        put(out, "DeviceSerialNumber", "1");
        put(out, "SoftwareVersions", SOFTWARE_VERSION);
    }

    /** SOP Common, Instance Number and Content Date/Time (the moment of writing). */
    static void instance(AttributeList out, String sopClassUid, String sopInstanceUid, int instanceNumber) {
        LocalDateTime now = LocalDateTime.now();
        put(out, "SOPClassUID", sopClassUid);
        put(out, "SOPInstanceUID", sopInstanceUid);
        put(out, "InstanceNumber", Integer.toString(instanceNumber));
        put(out, "ContentDate", now.format(DateTimeFormatter.ofPattern("yyyyMMdd")));
        put(out, "ContentTime", now.format(DateTimeFormatter.ofPattern("HHmmss.SSS")));
        put(out, "InstanceCreationDate", now.format(DateTimeFormatter.ofPattern("yyyyMMdd")));
        put(out, "InstanceCreationTime", now.format(DateTimeFormatter.ofPattern("HHmmss.SSS")));
    }

    /** Content Identification macro. */
    static void contentIdentification(AttributeList out, String label, String description) {
        put(out, "ContentLabel", label);
        put(out, "ContentDescription", longString(description));
        put(out, "ContentCreatorName", SOFTWARE_NAME + "^");
    }

    /** An Image SOP Instance Reference item (with the frame number for multi-frame sources). */
    static AttributeList imageReference(DicomSeries.SliceReference slice) {
        AttributeList r = new AttributeList();
        put(r, "ReferencedSOPClassUID", slice.sopClassUid());
        put(r, "ReferencedSOPInstanceUID", slice.sopInstanceUid());
        if (slice.frameNumber() > 0) {
            putInts(r, "ReferencedFrameNumber", slice.frameNumber());
        }
        return r;
    }

    /** A Source Image Sequence item: the image a derived frame or image was computed from. */
    static AttributeList sourceImageReference(DicomSeries.SliceReference slice) {
        AttributeList ref = imageReference(slice);
        sequence(ref, "PurposeOfReferenceCodeSequence",
                code("121322", "DCM", "Source image for image processing operation"));
        return ref;
    }

    /**
     * Common Instance Reference module for references to all instances of the given series: series of the
     * object's own study go to Referenced Series Sequence, the others to Studies Containing Other Referenced
     * Instances Sequence.
     */
    static void commonInstanceReference(AttributeList out, String ownStudyUid, List<DicomSeries> referenced) {
        Map<String, List<AttributeList>> seriesByStudy = new LinkedHashMap<>();
        for (DicomSeries s : referenced) {
            AttributeList series = new AttributeList();
            put(series, "SeriesInstanceUID", s.seriesInstanceUid());
            List<AttributeList> instances = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (DicomSeries.SliceReference slice : s.slices()) {
                if (!seen.contains(slice.sopInstanceUid())) {
                    seen.add(slice.sopInstanceUid());
                    AttributeList r = new AttributeList();
                    put(r, "ReferencedSOPClassUID", slice.sopClassUid());
                    put(r, "ReferencedSOPInstanceUID", slice.sopInstanceUid());
                    instances.add(r);
                }
            }
            sequence(series, "ReferencedInstanceSequence", instances);
            seriesByStudy.computeIfAbsent(s.studyInstanceUid(), k -> new ArrayList<>()).add(series);
        }
        List<AttributeList> otherStudies = new ArrayList<>();
        seriesByStudy.forEach((study, series) -> {
            if (study.equals(ownStudyUid)) {
                sequence(out, "ReferencedSeriesSequence", series);
            } else {
                AttributeList item = new AttributeList();
                put(item, "StudyInstanceUID", study);
                sequence(item, "ReferencedSeriesSequence", series);
                otherStudies.add(item);
            }
        });
        if (!otherStudies.isEmpty()) {
            sequence(out, "StudiesContainingOtherReferencedInstancesSequence", otherStudies);
        }
    }

    /** Reads a whole DICOM file. */
    static AttributeList readFile(Path file) throws DicomInputException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomInputException(file + ": truncated or unreadable (" + e + ")", e);
        }
        return list;
    }

    /** Writes a complete Part 10 file, explicit VR little endian. */
    static void writePart10(AttributeList list, Path target) throws IOException {
        try {
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "SAMREG");
        } catch (DicomException e) {
            throw new IOException("cannot build the file meta information for " + target, e);
        }
        AtomicFiles.write(target, out -> {
            try {
                list.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
            } catch (DicomException e) {
                throw new IOException("cannot encode " + target, e);
            }
        });
    }
}
