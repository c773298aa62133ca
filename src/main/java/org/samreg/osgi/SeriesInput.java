package org.samreg.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a job names a series: a DICOM folder or file, an image file, or a series on a PACS (a Series Instance UID or a
 * query, see {@link org.samreg.pacs.SeriesQuery}).
 */
record SeriesInput(Kind kind, String text) {
    enum Kind { DICOM, IMAGE, PACS }

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)+");
    private static final String[] IMAGE_SUFFIXES = {".nii", ".nii.gz", ".png", ".jpg", ".jpeg"};

    static SeriesInput parse(String text) throws IOException {
        Path path = Path.of(text);
        if (Files.isDirectory(path)) {
            return new SeriesInput(Kind.DICOM, text);
        }
        if (Files.isRegularFile(path)) {
            return new SeriesInput(isImageFile(path) ? Kind.IMAGE : Kind.DICOM, text);
        }
        if (UID.matcher(text).matches() || text.contains("=")) {
            return new SeriesInput(Kind.PACS, text);
        }
        throw new IOException("no such file or folder, and not a Series Instance UID or query: " + text);
    }

    Path path() {
        return Path.of(text);
    }

    private static boolean isImageFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String suffix : IMAGE_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
