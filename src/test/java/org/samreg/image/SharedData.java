package org.samreg.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** The benchmark data folder ({@code samreg.shared}); tests that need it are skipped when it is absent. */
public final class SharedData {
    private SharedData() {
    }

    public static Path require(String relative) {
        String root = System.getProperty("samreg.shared");
        Prerequisites.require(root != null && Files.isDirectory(Path.of(root)),
                "shared data folder (system property samreg.shared) not available: " + root);
        Path file = Path.of(root).resolve(relative);
        Prerequisites.require(Files.exists(file), "shared data file not available: " + file);
        return file;
    }
}
