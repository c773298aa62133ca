package org.samreg.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.samreg.demo.DemoPair;
import org.samreg.everything.EverythingMode;
import org.samreg.everything.EverythingResult;
import org.samreg.everything.EverythingSettings;
import org.samreg.everything.EverythingStats;
import org.samreg.image.Volume;
import org.samreg.pipeline.InputImages;
import org.samreg.sam.IntensityWindow;
import org.samreg.sam.SamModel;
import org.samreg.sam.SliceImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "speed", mixinStandardHelpOptions = true,
        description = "Times everything mode on one slice with the chosen settings and as the paper runs it (every "
                + "prompt of the grid decoded).")
final class SpeedCommand implements Callable<Integer> {
    @Option(names = "--image", description = "image, volume or DICOM series folder (default: the demo's Colin27 slice)")
    Path image;

    @Option(names = "--slice", defaultValue = "-1", description = "slice of a volume (default: the middle one)")
    int slice;

    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() throws Exception {
        Volume v = image != null ? InputImages.read(image) : DemoPair.load().fixed();
        int k = slice >= 0 ? slice : v.geometry().nz / 2;
        try (SettingsOptions.Opened opened = options.open()) {
            var settings = opened.settings().everything();
            time(opened.model(), v, k, settings, "settings as given");
            time(opened.model(), v, k, settings.everyGridPrompt(), "the paper's everything mode (every grid prompt)");
        }
        return 0;
    }

    /** Runs everything mode on slice {@code k}, windowed over the whole image, and prints its timings and counts. */
    private static void time(SamModel model, Volume image, int k, EverythingSettings settings, String label) {
        SliceImage slice = IntensityWindow.of(image).slice(image, k);
        EverythingResult result = new EverythingMode(model, settings).run(slice);
        EverythingStats s = result.stats();
        int rois = result.rois().size();
        System.out.printf(Locale.ROOT, "%s: %dx%d encoder %.2f s, decoder %.2f s, prompts decoded %d/%d, ROIs kept %d "
                        + "(%.3f per prompt decoded)%n", label, slice.width(), slice.height(), s.encoderSeconds(),
                s.decoderSeconds(), s.promptsDecoded(), s.promptsTotal(), rois,
                rois / (double) Math.max(1, s.promptsDecoded()));
    }
}
