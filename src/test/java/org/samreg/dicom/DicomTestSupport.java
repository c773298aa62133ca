package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String output = dciodvfy(file, errors, warnings);
        assertEquals(List.of(), errors, "dciodvfy errors for " + file + ":\n" + output);
        return warnings;
    }

    /**
     * dciodvfy's warnings for {@code file} that its source does not have too (a value copied from the source, e.g.
     * a dubious Patient Name, warns in both): the ones the writer could avoid. Fails on any error.
     */
    static List<String> ownWarnings(Path file, Path source) throws IOException, InterruptedException {
        List<String> inherited = new ArrayList<>();
        dciodvfy(source, new ArrayList<>(), inherited);
        List<String> own = new ArrayList<>(dciodvfyClean(file));
        own.removeAll(inherited);
        return own;
    }

    private static String dciodvfy(Path file, List<String> errors, List<String> warnings)
            throws IOException, InterruptedException {
        Prerequisites.require(ExternalTools.onPath("dciodvfy"), "dciodvfy (dicom3tools) not installed");
        ExternalTools.Result r = ExternalTools.run(List.of("dciodvfy", "-new", file.toString()));
        for (String line : r.output().split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line);
            } else if (line.startsWith("Warning")) {
                warnings.add(line);
            }
        }
        return r.output();
    }

    /** Runs dcentvfy (consistency of patient, study and series attributes across the files); its errors and warnings. */
    static List<String> dcentvfy(List<Path> files) throws IOException, InterruptedException {
        Prerequisites.require(ExternalTools.onPath("dcentvfy"), "dcentvfy (dicom3tools) not installed");
        List<String> command = new ArrayList<>(List.of("dcentvfy"));
        files.forEach(f -> command.add(f.toString()));
        ExternalTools.Result r = ExternalTools.run(command);
        return r.output().lines().filter(l -> l.startsWith("Error") || l.startsWith("Warning")).toList();
    }

    /** The first file of a series folder, sorted by name. */
    static Path firstFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().findFirst().orElseThrow();
        }
    }

    /** Runs a python3 script with pydicom on the file (argv[1], read as {@code ds}); returns its stdout. */
    static String pydicom(Path file, String script) throws IOException, InterruptedException {
        return ExternalTools.python("pydicom", "python3-pydicom", "ds = pydicom.dcmread(sys.argv[1])\n" + script,
                file.toString());
    }
}
