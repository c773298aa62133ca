package org.samreg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.samreg.demo.DemoPair;
import org.samreg.pipeline.InputImages;
import org.samreg.image.Volume;
import org.samreg.sam.EverythingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "speed", mixinStandardHelpOptions = true,
        description = "Times everything mode on one slice with the chosen settings and with every prompt decoded.")
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
            EverythingBenchmark.run(opened.model(), v, k, settings, "settings as given");
            EverythingBenchmark.run(opened.model(), v, k, settings.withSkips(false, false), "every prompt decoded");
        }
        return 0;
    }
}
