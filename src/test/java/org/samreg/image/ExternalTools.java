package org.samreg.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Independent tools the tests check our files with (validators, Debian's Python readers), run as processes. */
public final class ExternalTools {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private ExternalTools() {
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs a command to its end (at most a minute), stdout and stderr together. */
    public static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), out);
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a script with Debian's python3 after {@code import sys, <module>} (a {@link Prerequisites} each); the
     * script must succeed. Returns its output, trimmed.
     */
    public static String python(String module, String debianPackage, String script, String... args)
            throws IOException, InterruptedException {
        Prerequisites.require(Files.isExecutable(PYTHON), PYTHON + " not installed");
        Prerequisites.require(run(List.of(PYTHON.toString(), "-c", "import " + module)).exitCode() == 0,
                module + " (Debian's " + debianPackage + ") not installed");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", "import sys, " + module + "\n"
                + script));
        command.addAll(List.of(args));
        Result r = run(command);
        assertEquals(0, r.exitCode(), module + " failed on " + List.of(args) + ":\n" + r.output());
        return r.output().trim();
    }
}
