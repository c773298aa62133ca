package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load request handed to Weasis's dicom:get. */
class ResultViewerTest {
    @Test
    void loadsEachViewerFileLocallyInOrderQuotedWithForwardSlashes() {
        assertEquals("dicom:get -l \"/out/DERIVED_0001.dcm\" -l \"/out dir/SEG_fixed.dcm\" -l \"/out/win/SEG.dcm\"",
                ResultViewer.dicomGetCommand(List.of(Path.of("/out/DERIVED_0001.dcm"),
                        Path.of("/out dir/SEG_fixed.dcm"), Path.of("/out/win\\SEG.dcm"))));
    }
}
