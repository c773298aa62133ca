package org.samreg.pacs;

import java.nio.file.Path;

/** One instance received by the storage SCP, already in its final place on disk. */
public record ReceivedInstance(String callingAeTitle, String patientId, String studyUid, String seriesUid,
                               String sopInstanceUid, String modality, String seriesDescription, String seriesDateTime,
                               Path file) {
}
