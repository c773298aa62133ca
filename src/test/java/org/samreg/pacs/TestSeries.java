package org.samreg.pacs;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.samreg.dicom.UidGenerator;

/**
 * Copies of a shared series as new series (fresh series and SOP instance UIDs, same patient, study and
 * description): a few middle slices keep a real registration quick; many copies feed the load test.
 */
public final class TestSeries {
    private static final UidGenerator UIDS = new UidGenerator();

    private TestSeries() {
    }

    /**
     * @param seriesTime new Series Time, or null to keep it (the listener picks the prior by acquisition time)
     * @return the new series' UID; its {@code slices} middle instances are written into {@code out}, numbered
     *         100 above the source so that C-FIND by number tells them apart
     */
    public static String copy(Path source, int slices, String seriesTime, Path out) throws Exception {
        List<Path> files = PacsTestSupport.files(source);
        int from = Math.max(0, files.size() / 2 - slices / 2);
        String seriesUid = UIDS.newUid();
        Files.createDirectories(out);
        for (Path f : files.subList(from, Math.min(files.size(), from + slices))) {
            AttributeList list = new AttributeList();
            list.read(new File(f.toString()));
            String sop = UIDS.newUid();
            replace(list, TagFromName.SeriesInstanceUID, seriesUid);
            replace(list, TagFromName.SOPInstanceUID, sop);
            replace(list, TagFromName.MediaStorageSOPInstanceUID, sop);
            replace(list, TagFromName.SeriesNumber, String.valueOf(
                    100 + Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SeriesNumber, 0)));
            if (seriesTime != null) {
                replace(list, TagFromName.SeriesTime, seriesTime);
            }
            list.removeGroupLengthAttributes();
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "SAMREGTEST");
            list.write(new File(out.resolve(sop + ".dcm").toString()), TransferSyntax.ExplicitVRLittleEndian, true, true);
        }
        return seriesUid;
    }

    private static void replace(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String value) throws Exception {
        Attribute a = list.putNewAttribute(tag);
        a.addValue(value);
    }
}
