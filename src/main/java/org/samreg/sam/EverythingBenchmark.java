package org.samreg.sam;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.samreg.image.Geometry;
import org.samreg.image.Volume;

/**
 * Times everything mode on one 2D image, with the default settings and with both prompt-skipping options off.
 * Usage: {@code EverythingBenchmark IMAGE.png [MANIFEST.json]}.
 */
public final class EverythingBenchmark {
    private EverythingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EverythingBenchmark IMAGE.png [MANIFEST.json]");
            System.exit(2);
        }
        Volume image = readImage(Path.of(args[0]));
        ModelManifest manifest = args.length > 1 ? ModelManifest.load(Path.of(args[1])) : ModelManifest.loadDefault();
        try (SamModel model = new SamModel(manifest, false)) {
            EverythingSettings defaults = EverythingSettings.defaults();
            run(model, image, defaults, "defaults");
            run(model, image, defaults.withSkips(false, false), "no skipping");
        }
    }

    /** Runs everything mode on slice 0 of {@code image} and prints one line of timings and counts. */
    public static EverythingResult run(SamModel model, Volume image, EverythingSettings settings, String label) {
        SliceImage slice = IntensityWindow.of(image).slice(image, 0);
        EverythingResult result = new EverythingMode(model, settings).run(slice);
        EverythingStats s = result.stats();
        System.out.printf(Locale.ROOT, "%s: %dx%d encoder %.2f s, decoder %.2f s, prompts decoded %d/%d, ROIs kept %d%n",
                label, slice.width(), slice.height(), s.encoderSeconds(), s.decoderSeconds(), s.promptsDecoded(),
                s.promptsTotal(), result.rois().size());
        return result;
    }

    /** Reads a PNG (or any ImageIO format) as a one-slice RGB volume with unit spacing, values 0..255. */
    public static Volume readImage(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException("not a readable image: " + file);
        }
        int w = img.getWidth(), h = img.getHeight();
        float[] rgb = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y), p = 3 * (y * w + x);
                rgb[p] = (argb >> 16) & 0xff;
                rgb[p + 1] = (argb >> 8) & 0xff;
                rgb[p + 2] = argb & 0xff;
            }
        }
        return new Volume(Geometry.axisAligned(w, h, 1, 1, 1, 1), rgb, 3);
    }
}
