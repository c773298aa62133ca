package org.samreg.pacs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.samreg.dicom.DicomInputException;
import org.samreg.dicom.DicomSeriesReader;
import org.samreg.dicom.UidGenerator;
import org.samreg.field.InitialAlignment;
import org.samreg.image.Progress;
import org.samreg.pipeline.DicomRegistration;
import org.samreg.pipeline.SamRegistration;

/** The product's registrar: SAMReg on the two series, results as two SEGs, a registration and a derived series. */
public final class SamSeriesRegistrar implements SeriesRegistrar {
    private final DicomRegistration registration;
    private final InitialAlignment alignment;

    public SamSeriesRegistrar(SamRegistration registration, UidGenerator uids, InitialAlignment alignment) {
        this.registration = new DicomRegistration(registration, uids);
        this.alignment = alignment;
    }

    @Override
    public List<Path> register(Path fixedFolder, Path movingFolder, Path outDir, Progress progress)
            throws IOException, DicomInputException {
        return registration.register(DicomSeriesReader.read(fixedFolder), DicomSeriesReader.read(movingFolder),
                alignment, outDir, progress).allFiles();
    }
}
