package org.samreg.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes the instances of one DICOM series into a new folder for a registration job: a viewer may hold them
 * downloaded, cached or in memory, spread over sub-series, and frames of one multi-frame file are several images
 * of one file. Each file is written once, by its key.
 */
public final class SeriesExport {
    /** One image of the series as the viewer holds it. */
    public interface Instance {
        /** Identifies the file the image comes from (a URI): images of one file share it. */
        String fileKey();

        /** @return whether the whole DICOM file of the image was written to {@code target} */
        boolean writeTo(Path target);
    }

    private SeriesExport() {
    }

    /** @return a new folder under {@code parent} holding one DICOM file per distinct {@link Instance#fileKey()} */
    public static Path export(Iterable<? extends Instance> images, Path parent) throws IOException {
        Path folder = Files.createTempDirectory(parent, "samreg-series-");
        Set<String> written = new HashSet<>();
        for (Instance image : images) {
            if (written.add(image.fileKey()) && !image.writeTo(folder.resolve(written.size() + ".dcm"))) {
                throw new IOException("cannot write " + image.fileKey() + " into " + folder);
            }
        }
        if (written.isEmpty()) {
            throw new IOException("the series has no images to register");
        }
        return folder;
    }
}
