package org.samreg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The software's name and version (the Maven project's, written into the jar at build time). */
public final class SamRegVersion {
    public static final String NAME = "SAMReg";
    public static final String VERSION = read();

    private SamRegVersion() {
    }

    private static String read() {
        try (InputStream in = SamRegVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/samreg/version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
