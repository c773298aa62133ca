package org.samreg.pacs;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.dicom.DicomSeriesReader;
import org.samreg.dicom.UidGenerator;
import org.samreg.field.FieldSettings;
import org.samreg.match.MatchSettings;
import org.samreg.pipeline.DicomRegistration;
import org.samreg.pipeline.RegistrationSettings;
import org.samreg.pipeline.SamRegistration;
import org.samreg.sam.EverythingSettings;
import org.samreg.sam.SamModel;

class QuickProbeTest {
    @Test
    void probe(@TempDir Path tmp) throws Exception {
        String a = TestSeries.copy(PacsTestSupport.hfs(), 3, null, tmp.resolve("a"));
        String b = TestSeries.copy(PacsTestSupport.hfp(), 3, null, tmp.resolve("b"));
        try (SamModel m = SamModel.openDefault()) {
            for (int pps : new int[] {6, 8}) {
                long t = System.nanoTime();
                RegistrationSettings s = new RegistrationSettings(EverythingSettings.defaults().withPointsPerSide(pps),
                        MatchSettings.DEFAULT, FieldSettings.defaults().withIterations(10, 1), 1024);
                var r = new SamRegistration(m, s).register(DicomSeriesReader.read(tmp.resolve("a")).volume(),
                        DicomSeriesReader.read(tmp.resolve("b")).volume(), (x, y, z) -> { });
                System.out.println("PROBE pps=" + pps + " pairs=" + r.pairs().size() + " rois " + r.fixedRois() + "/"
                        + r.movingRois() + " in " + (System.nanoTime() - t) / 1e9 + " s");
            }
        }
    }
}
