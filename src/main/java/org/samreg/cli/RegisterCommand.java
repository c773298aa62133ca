package org.samreg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.samreg.image.ImageFiles;
import org.samreg.image.Volume;
import org.samreg.pipeline.RegistrationResult;
import org.samreg.pipeline.ResultWriter;
import org.samreg.pipeline.SamRegistration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Registers MOVING to FIXED and writes ROI pairs, field, warped image and an overview picture.")
final class RegisterCommand implements Callable<Integer> {
    @Option(names = "--fixed", required = true, description = "fixed image: NIfTI (.nii, .nii.gz), PNG or JPEG")
    Path fixed;

    @Option(names = "--moving", required = true, description = "moving image, same kinds as --fixed")
    Path moving;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() throws Exception {
        Volume f = ImageFiles.read(fixed);
        Volume m = ImageFiles.read(moving);
        SamRegistration.requireCompatible(f, m);
        try (SettingsOptions.Opened opened = options.open()) {
            RegistrationResult r = opened.registration()
                    .register(f, m, new ConsoleProgress(System.err));
            List<Path> files = ResultWriter.write(out, f, m, r);
            System.out.println(summary(r));
            files.forEach(p -> System.out.println("wrote " + p));
        }
        return 0;
    }

    static String summary(RegistrationResult r) {
        RegistrationResult.Timings t = r.timings();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "ROIs: %d fixed, %d moving; %d matched pairs; pair Dice %.3f -> %.3f%n"
                        + "time: encoder %.1f s, decoder %.1f s, matching %.2f s, field %.1f s (total %.1f s)",
                r.fixedRois(), r.movingRois(), r.pairs().size(), r.field().meanDiceBefore(),
                r.field().meanDiceAfter(), t.encoder(), t.decoder(), t.matching(), t.field(), t.total()));
        r.field().warnings().forEach(w -> sb.append("\nwarning: ").append(w));
        return sb.toString();
    }
}
