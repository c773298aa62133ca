package org.samreg.sam;

import java.util.ArrayList;
import java.util.List;

/**
 * SAM's "segment everything" (method step 2): a regular grid of single-point prompts, each decoded into one mask,
 * masks filtered by predicted IoU, stability and area, then de-duplicated by {@link MaskFilters#removeOverlaps}.
 */
public final class EverythingMode {
    /** Receives progress after every prompt, decoded or skipped. */
    @FunctionalInterface
    public interface ProgressListener {
        void promptsDone(int done, int total);
    }

    private final SamModel model;
    private final EverythingSettings settings;

    public EverythingMode(SamModel model, EverythingSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    public EverythingResult run(SliceImage image) {
        return run(image, (done, total) -> { });
    }

    public EverythingResult run(SliceImage image, ProgressListener listener) {
        long start = System.nanoTime();
        ImageEmbedding embedding = model.encode(image);
        double encoderSeconds = (System.nanoTime() - start) / 1e9;

        int w = image.width(), h = image.height(), n = settings.pointsPerSide();
        float threshold = model.manifest().maskThreshold();
        float background = (float) (settings.backgroundLevel() * 255);
        boolean[] covered = new boolean[w * h];
        List<SegmentedRoi> accepted = new ArrayList<>();
        int decoded = 0;
        long decoderNanos = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = (i + 0.5) / n * w, y = (j + 0.5) / n * h;
                int pixel = Math.min((int) y, h - 1) * w + Math.min((int) x, w - 1);
                boolean skip = settings.skipCoveredPrompts() && covered[pixel]
                        || settings.skipBackgroundPrompts() && isBackground(image, pixel, background);
                if (!skip) {
                    long t = System.nanoTime();
                    MaskPrediction mask = model.decode(embedding, x, y);
                    decoderNanos += System.nanoTime() - t;
                    decoded++;
                    if (MaskFilters.passesQuality(mask, threshold, settings)) {
                        int[] pixels = mask.pixels(threshold);
                        for (int p : pixels) {
                            covered[p] = true;
                        }
                        accepted.add(new SegmentedRoi(pixels, mask.predictedIou(),
                                mask.stabilityScore(threshold, settings.stabilityOffset()), x, y));
                    }
                }
                listener.promptsDone(j * n + i + 1, n * n);
            }
        }
        List<SegmentedRoi> rois = MaskFilters.removeOverlaps(accepted, settings.overlapThresh());
        return new EverythingResult(embedding, rois,
                new EverythingStats(n * n, decoded, encoderSeconds, decoderNanos / 1e9));
    }

    /** True when the pixel and its 3x3 neighbourhood are all below {@code level}. */
    private static boolean isBackground(SliceImage image, int pixel, float level) {
        int w = image.width(), h = image.height(), px = pixel % w, py = pixel / w;
        for (int y = Math.max(0, py - 1); y <= Math.min(h - 1, py + 1); y++) {
            for (int x = Math.max(0, px - 1); x <= Math.min(w - 1, px + 1); x++) {
                if (image.intensity(y * w + x) >= level) {
                    return false;
                }
            }
        }
        return true;
    }
}
