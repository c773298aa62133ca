package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), out);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs dciodvfy; fails on any error line, returns the warnings. */
    static List<String> dciodvfyClean(Path file) throws IOException, InterruptedException {
        assumeTrue(onPath("dciodvfy"), "dciodvfy (dicom3tools) not installed");
        Result r = run(List.of("dciodvfy", "-new", file.toString()));
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

    /** Runs a python3 script with pydicom on the file (argv[1]); returns its stdout. */
    static String pydicom(Path file, String script) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 not installed");
        Result probe = run(List.of("/usr/bin/python3", "-c", "import pydicom"));
        assumeTrue(probe.exitCode() == 0, "pydicom not installed");
        Result r = run(List.of("/usr/bin/python3", "-c", "import sys, pydicom\nds = pydicom.dcmread(sys.argv[1])\n"
                + script, file.toString()));
        assertEquals(0, r.exitCode(), "pydicom failed on " + file + ":\n" + r.output());
        return r.output().trim();
    }
}
