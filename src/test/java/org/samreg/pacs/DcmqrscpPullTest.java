package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.sam.SamModel;

/** The pacs-register pull against dcmtk's dcmqrscp: C-FIND, C-MOVE, register, C-STORE back, found by C-FIND. */
class DcmqrscpPullTest {
    @TempDir
    Path dir;

    @Test
    void pullsRegistersAndPushesBack() throws Exception {
        Path hfs = PacsTestSupport.hfs();
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        int scpPort = PacsTestSupport.freePort();
        String fixedUid = TestSeries.copy(hfs, PacsTestSupport.QUICK_SLICES, null, dir.resolve("fixed"));
        String movingUid = TestSeries.copy(hfs, PacsTestSupport.QUICK_SLICES, "160000", dir.resolve("moving"));
        try (PeerProcess qr = PeerProcess.dcmqrscp(dir.resolve("dcmqrscp"), "DCMQR",
                Map.of("samreg", new Object[] {"SAMREG", scpPort}));
             SamModel model = SamModel.openDefault()) {
            qr.seed(dir.resolve("fixed"), dir.resolve("moving"));
            NodeConfig config = PacsTestSupport.node(dir.resolve("node"), scpPort, List.of(qr.peer), "");
            List<String> progress = new ArrayList<>();
            PullRegistration.Outcome out = new PullRegistration(config, PacsTestSupport.quickRegistrar(model),
                    progress::add).run(qr.peer, qr.peer, SeriesQuery.parse(fixedUid), SeriesQuery.parse(movingUid),
                    (stage, done, total) -> progress.add(stage + " " + done + "/" + total));
            assertEquals(movingUid, out.moving().seriesUid());
            PacsClient client = new PacsClient(qr.peer, "SAMREG");
            List<String> found = new ArrayList<>();
            for (String series : seriesOf(out.pushed())) {
                client.findSeries(Map.of(TagFromName.SeriesInstanceUID, series)).forEach(s -> found.add(s.modality()));
            }
            found.sort(null);
            assertEquals(List.of("MR", "REG", "SEG", "SEG"), found, progress.toString());
        }
    }

    static List<String> seriesOf(List<Path> files) throws Exception {
        List<String> series = new ArrayList<>();
        for (Path f : files) {
            AttributeList a = new AttributeList();
            a.read(new File(f.toString()), TagFromName.PixelData);
            String uid = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.SeriesInstanceUID);
            if (!series.contains(uid)) {
                series.add(uid);
            }
        }
        return series;
    }
}
