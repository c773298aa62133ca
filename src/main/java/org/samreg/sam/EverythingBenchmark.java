package org.samreg.sam;

import java.util.Locale;
import org.samreg.image.Volume;

/** Times everything mode on one slice and prints one line of timings and counts ({@code samreg speed}). */
public final class EverythingBenchmark {
    private EverythingBenchmark() {
    }

    /** Runs everything mode on slice {@code k} of {@code image}, windowed over the whole image. */
    public static EverythingResult run(SamModel model, Volume image, int k, EverythingSettings settings, String label) {
        SliceImage slice = IntensityWindow.of(image).slice(image, k);
        EverythingResult result = new EverythingMode(model, settings).run(slice);
        EverythingStats s = result.stats();
        System.out.printf(Locale.ROOT, "%s: %dx%d encoder %.2f s, decoder %.2f s, prompts decoded %d/%d, ROIs kept %d%n",
                label, slice.width(), slice.height(), s.encoderSeconds(), s.decoderSeconds(), s.promptsDecoded(),
                s.promptsTotal(), result.rois().size());
        return result;
    }
}
