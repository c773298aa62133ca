package org.samreg.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.samreg.dicom.DicomInputException;
import org.samreg.dicom.DicomSeries;
import org.samreg.dicom.DicomSeriesReader;
import org.samreg.image.ImageFiles;
import org.samreg.image.Volume;

/** Reads a registration input: a DICOM series (a folder, or a .dcm file of the series), or an image file. */
public final class InputImages {
    private InputImages() {
    }

    public static boolean isDicom(Path path) {
        return Files.isDirectory(path) || path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm");
    }

    public static DicomSeries readDicom(Path path) throws IOException {
        try {
            return DicomSeriesReader.read(path);
        } catch (DicomInputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public static Volume read(Path path) throws IOException {
        return isDicom(path) ? readDicom(path).volume() : ImageFiles.read(path);
    }
}
