package org.samreg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.samreg.dicom.DicomSeries;
import org.samreg.dicom.UidGenerator;
import org.samreg.image.Volume;
import org.samreg.pipeline.DicomRegistration;
import org.samreg.pipeline.InputImages;
import org.samreg.pipeline.RegistrationResult;
import org.samreg.pipeline.ResultWriter;
import org.samreg.pipeline.SamRegistration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Registers MOVING to FIXED and writes ROI pairs, field, warped image and an overview picture; "
                + "for two DICOM series also two SEG objects, a Deformable Spatial Registration and the resampled "
                + "moving series, in the 'dicom' subfolder.")
final class RegisterCommand implements Callable<Integer> {
    /** Where the DICOM objects go when both inputs are DICOM series. */
    static final String DICOM_FOLDER = "dicom";

    @Option(names = "--fixed", required = true, description = "fixed image: a DICOM series folder, NIfTI (.nii, .nii.gz), PNG or JPEG")
    Path fixed;

    @Option(names = "--moving", required = true, description = "moving image, same kinds as --fixed")
    Path moving;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Mixin
    SettingsOptions options;

    @Mixin
    AlignmentOption start;

    @Option(names = "--uid-root", description = "UID root for DICOM outputs (default: 2.25 UUID-derived UIDs)")
    String uidRoot;

    @Override
    public Integer call() throws Exception {
        ResultWriter.requireWritable(out);
        boolean dicom = InputImages.isDicom(fixed) && InputImages.isDicom(moving);
        DicomSeries fixedSeries = dicom ? InputImages.readDicom(fixed) : null;
        DicomSeries movingSeries = dicom ? InputImages.readDicom(moving) : null;
        Volume f = dicom ? fixedSeries.volume() : InputImages.read(fixed);
        Volume m = dicom ? movingSeries.volume() : InputImages.read(moving);
        SamRegistration.requireCompatible(f, m);
        UidGenerator uids = uidRoot != null ? new UidGenerator(uidRoot) : new UidGenerator();
        try (SettingsOptions.Opened opened = options.open()) {
            ConsoleProgress progress = new ConsoleProgress(System.err);
            List<Path> files;
            RegistrationResult r;
            if (dicom) {
                DicomRegistration dicomRegistration = new DicomRegistration(opened.registration(), uids);
                r = dicomRegistration.register(fixedSeries, movingSeries, start.alignment, progress);
                // the DICOM objects are staged and published with the other outputs
                files = ResultWriter.write(out, f, m, r, staging -> dicomRegistration.write(fixedSeries,
                        movingSeries, r, staging.resolve(DICOM_FOLDER), progress));
            } else {
                r = opened.registration().register(f, m, start.alignment, progress);
                files = ResultWriter.write(out, f, m, r);
            }
            System.out.println(summary(r));
            files.forEach(p -> System.out.println("wrote " + p));
        }
        return 0;
    }

    static String summary(RegistrationResult r) {
        RegistrationResult.Timings t = r.timings();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "ROIs: %d fixed, %d moving; %d matched pairs; pair Dice %.3f -> %.3f%n",
                r.fixedRois(), r.movingRois(), r.pairs().size(), r.field().meanDiceBefore(),
                r.field().meanDiceAfter()));
        if (r.dense() != null) {
            sb.append(String.format(Locale.ROOT, "dense stage: descriptor difference %.4f -> %.4f, lambda %.3g, "
                            + "Jacobian minimum %.3f, folded %.3f%% of voxels%n", r.dense().costBefore(),
                    r.dense().costAfter(), r.dense().lambda(), r.dense().jacobian().minimum(),
                    100 * r.dense().jacobian().foldedFraction()));
        }
        sb.append(String.format(Locale.ROOT, "time: encoder %.1f s, decoder %.1f s, matching %.2f s, field %.1f s, "
                + "dense %.1f s (total %.1f s)", t.encoder(), t.decoder(), t.matching(), t.field(), t.dense(),
                t.total()));
        r.field().warnings().forEach(w -> sb.append("\nwarning: ").append(w));
        return sb.toString();
    }
}
