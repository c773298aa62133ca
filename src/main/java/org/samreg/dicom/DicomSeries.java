package org.samreg.dicom;

import com.pixelmed.dicom.AttributeList;
import java.util.List;
import org.samreg.image.Volume;

/**
 * One image series read from DICOM: the voxels (rescaled, MONOCHROME2 sense) on their patient-space grid, the
 * source instance of each slice in volume order, and the header attributes derived objects need.
 */
public final class DicomSeries {
    /**
     * The image (and, for multi-frame images, the 1-based frame; 0 otherwise) a slice came from, with the labels a
     * viewer shows for it: its Instance Number (0 when absent) and Slice Location (empty when absent).
     */
    public record SliceReference(String sopClassUid, String sopInstanceUid, int frameNumber, int instanceNumber,
            String sliceLocation) {
    }

    private final Volume volume;
    private final List<SliceReference> slices;
    /** Header of the first instance, without pixel data. */
    private final AttributeList header;

    DicomSeries(Volume volume, List<SliceReference> slices, AttributeList header) {
        this.volume = volume;
        this.slices = List.copyOf(slices);
        this.header = header;
    }

    public Volume volume() {
        return volume;
    }

    /** Source instance of each slice, in volume (slice index) order. */
    public List<SliceReference> slices() {
        return slices;
    }

    AttributeList header() {
        return header;
    }

    public String patientName() {
        return DicomAttributes.string(header, "PatientName");
    }

    public String patientId() {
        return DicomAttributes.string(header, "PatientID");
    }

    public String studyInstanceUid() {
        return DicomAttributes.string(header, "StudyInstanceUID");
    }

    public String studyDate() {
        return DicomAttributes.string(header, "StudyDate");
    }

    public String seriesInstanceUid() {
        return DicomAttributes.string(header, "SeriesInstanceUID");
    }

    public String seriesDescription() {
        return DicomAttributes.string(header, "SeriesDescription");
    }

    public String seriesNumber() {
        return DicomAttributes.string(header, "SeriesNumber");
    }

    public String frameOfReferenceUid() {
        return DicomAttributes.string(header, "FrameOfReferenceUID");
    }

    public String modality() {
        return DicomAttributes.string(header, "Modality");
    }

    @Override
    public String toString() {
        return modality() + " series " + seriesInstanceUid() + " (" + seriesDescription() + "), " + volume.geometry();
    }
}
