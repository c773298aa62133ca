package org.samreg.pacs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.samreg.dicom.DicomInputException;
import org.samreg.image.Progress;

/** Registers the series in {@code movingFolder} to the one in {@code fixedFolder}; returns the DICOM files to push. */
@FunctionalInterface
public interface SeriesRegistrar {
    List<Path> register(Path fixedFolder, Path movingFolder, Path outDir, Progress progress)
            throws IOException, DicomInputException;
}
