package org.samreg.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark data folder ({@code samreg.shared}); tests that need it are skipped when it is absent. */
public final class SharedData {
    private SharedData() {
    }

    public static Path require(String relative) {
        String root = System.getProperty("samreg.shared");
        assumeTrue(root != null && Files.isDirectory(Path.of(root)),
                "skipped: shared data folder (system property samreg.shared) not available: " + root);
        Path file = Path.of(root).resolve(relative);
        assumeTrue(Files.exists(file), "skipped: shared data file not available: " + file);
        return file;
    }
}
