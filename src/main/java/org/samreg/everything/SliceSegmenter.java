package org.samreg.everything;

import java.util.function.UnaryOperator;
import org.samreg.image.Progress;
import org.samreg.image.Volume;
import org.samreg.sam.IntensityWindow;
import org.samreg.sam.SamModel;
import org.samreg.sam.SliceImage;

/**
 * Runs everything mode on single slices of a volume, so that a caller can go slice by slice, derive what it needs
 * (e.g. ROI prototypes) and drop each embedding before the next.
 */
public final class SliceSegmenter {
    private final EverythingMode everything;
    private final UnaryOperator<SliceImage> preparation;

    public SliceSegmenter(SamModel model, EverythingSettings settings) {
        this(model, settings, UnaryOperator.identity());
    }

    /** {@code preparation}: applied to each windowed slice before SAM sees it (e.g. {@link LocalContrast}). */
    public SliceSegmenter(SamModel model, EverythingSettings settings, UnaryOperator<SliceImage> preparation) {
        this.everything = new EverythingMode(model, settings);
        this.preparation = preparation;
    }

    /** Segments slice {@code k} (0 for 2D images) after mapping it through {@code window} and the preparation. */
    public SliceSegmentation segment(Volume volume, IntensityWindow window, int k,
            Progress progress) {
        if (k < 0 || k >= volume.geometry().nz) {
            throw new IllegalArgumentException("slice " + k + " outside 0.." + (volume.geometry().nz - 1));
        }
        EverythingResult result = everything.run(preparation.apply(window.slice(volume, k)), progress);
        return new SliceSegmentation(k, result.embedding(), result.rois(), result.stats());
    }

    public SliceSegmentation segment(Volume volume, IntensityWindow window, int k) {
        return segment(volume, window, k, Progress.NONE);
    }
}
