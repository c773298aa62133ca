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

        int w = image.width(), h = image.height(), n = settings.pointsPerSideFor(w, h);
        float threshold = model.manifest().maskThreshold();
        boolean[] foreground = settings.skipBackgroundPrompts() ? Foreground.of(image, settings.backgroundLevel()) : null;
        boolean[] covered = new boolean[w * h];
        List<SegmentedRoi> accepted = new ArrayList<>();
        int decoded = 0;
        long decoderNanos = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = (i + 0.5) / n * w, y = (j + 0.5) / n * h;
                int pixel = Math.min((int) y, h - 1) * w + Math.min((int) x, w - 1);
                boolean skip = settings.skipCoveredPrompts() && covered[pixel]
                        || foreground != null && !foreground[pixel];
                if (!skip) {
                    long t = System.nanoTime();
                    List<MaskPrediction> candidates = model.decodeCandidates(embedding, x, y, settings.predIouThresh());
                    decoderNanos += System.nanoTime() - t;
                    decoded++;
                    for (MaskPrediction mask : candidates) {
                        if (MaskFilters.passesQuality(mask, threshold, settings)) {
                            int[] pixels = mask.pixels(threshold);
                            for (int p : pixels) {
                                covered[p] = true;
                            }
                            accepted.add(new SegmentedRoi(pixels, mask.predictedIou(),
                                    mask.stabilityScore(threshold, settings.stabilityOffset()), x, y));
                        }
                    }
                }
                listener.promptsDone(j * n + i + 1, n * n);
            }
        }
        List<SegmentedRoi> rois = MaskFilters.removeOverlaps(accepted, settings.overlapThresh());
        return new EverythingResult(embedding, rois,
                new EverythingStats(n * n, decoded, encoderSeconds, decoderNanos / 1e9));
    }
}
