package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.samreg.image.ExternalTools;
import org.samreg.image.Prerequisites;
import org.samreg.image.SharedData;

/** Shared data location and the external validators (dciodvfy, pydicom), skipped when absent. */
final class DicomTestSupport {
    private DicomTestSupport() {
    }

    static Path shared(String relative) {
        return SharedData.require(relative);
    }

    static Path hfs() {
        return shared("data/dicom/decubitus/HFS_t1_sag");
    }

    static Path hfp() {
        return shared("data/dicom/decubitus/HFP_t1_sag");
    }

    /** Runs dciodvfy; fails on any error line, returns the warnings. */
    static List<String> dciodvfyClean(Path file) throws IOException, InterruptedException {
        Prerequisites.require(ExternalTools.onPath("dciodvfy"), "dciodvfy (dicom3tools) not installed");
        ExternalTools.Result r = ExternalTools.run(List.of("dciodvfy", "-new", file.toString()));
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line);
            } else if (line.startsWith("Warning")) {
                warnings.add(line);
            }
        }
        assertEquals(List.of(), errors, "dciodvfy errors for " + file + ":\n" + r.output());
        return warnings;
    }

    /** Runs a python3 script with pydicom on the file (argv[1], read as {@code ds}); returns its stdout. */
    static String pydicom(Path file, String script) throws IOException, InterruptedException {
        return ExternalTools.python("pydicom", "python3-pydicom", "ds = pydicom.dcmread(sys.argv[1])\n" + script,
                file.toString());
    }
}
