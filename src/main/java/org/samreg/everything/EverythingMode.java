package org.samreg.everything;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.samreg.image.Progress;
import org.samreg.sam.ImageEmbedding;
import org.samreg.sam.MaskPrediction;
import org.samreg.sam.SamModel;
import org.samreg.sam.SliceImage;

/**
 * SAM's "segment everything" (method step 2): single-point prompts (the paper's regular grid, or one per image region,
 * see {@link PromptPlacement}), each decoded into SAM's candidate masks, masks filtered by predicted IoU, stability
 * and area (and kept off the background, see {@link EverythingSettings#ignoreBackground()}), then de-duplicated by
 * {@link MaskFilters#removeOverlaps}.
 */
public final class EverythingMode {
    /** A prompt submitted to the decoder. */
    private record Decoding(PromptPoint prompt, Future<List<MaskPrediction>> answer) {
    }

    private static final String PROMPTS = "prompts";

    private final SamModel model;
    private final EverythingSettings settings;

    public EverythingMode(SamModel model, EverythingSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    public EverythingResult run(SliceImage image) {
        return run(image, Progress.NONE);
    }

    /**
     * Prompts are decoded concurrently, a few ahead ({@link SamModel#promptsInFlight()}), and their masks taken in
     * order. A prompt that a mask accepted in the meantime covers is thrown away, so the result is the same as
     * decoding prompt after prompt; only the count of decoded prompts grows a little.
     */
    public EverythingResult run(SliceImage image, Progress progress) {
        long start = System.nanoTime();
        ImageEmbedding embedding = model.encode(image);
        long encoded = System.nanoTime();

        int w = image.width(), h = image.height();
        float threshold = model.manifest().maskThreshold();
        boolean[] foreground = settings.ignoreBackground() ? Foreground.of(image, settings.backgroundLevel()) : null;
        PromptPlacement.PlacedPrompts placed = settings.prompts().place(image, foreground, settings);
        List<PromptPoint> prompts = placed.prompts();
        int total = placed.places();
        boolean[] covered = new boolean[w * h];
        List<SegmentedRoi> accepted = new ArrayList<>();
        Deque<Decoding> inFlight = new ArrayDeque<>();
        int decoded = 0, next = 0;
        try {
            while (next < prompts.size() || !inFlight.isEmpty()) {
                while (next < prompts.size() && inFlight.size() < model.promptsInFlight()) {
                    PromptPoint p = prompts.get(next++);
                    if (!isCovered(p, covered)) {
                        inFlight.add(new Decoding(p, model.submitCandidates(embedding, p.x(), p.y(),
                                settings.predIouThresh())));
                        decoded++;
                    }
                }
                Decoding d = inFlight.poll();
                if (d == null) {
                    continue;
                }
                List<MaskPrediction> answer = d.answer().get();
                progress.update(PROMPTS, d.prompt().order(), total);
                if (isCovered(d.prompt(), covered)) {
                    continue;
                }
                for (MaskPrediction mask : answer) {
                    if (!MaskFilters.passesQuality(mask, threshold, settings)) {
                        continue;
                    }
                    int[] pixels = mask.pixels(threshold);
                    if (!isAnatomy(pixels, foreground)) {
                        continue;
                    }
                    for (int q : pixels) {
                        covered[q] = true;
                    }
                    accepted.add(new SegmentedRoi(pixels, mask.predictedIou(),
                            mask.stabilityScore(threshold, settings.stabilityOffset()), d.prompt().x(), d.prompt().y()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding prompts", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            inFlight.forEach(d -> d.answer().cancel(true));
        }
        progress.update(PROMPTS, total, total);
        List<SegmentedRoi> rois = MaskFilters.removeOverlaps(accepted, settings.overlapThresh());
        return new EverythingResult(embedding, rois, new EverythingStats(total, decoded, (encoded - start) / 1e9,
                (System.nanoTime() - encoded) / 1e9));
    }

    /** At most half of the mask on background (always true when background is not ignored). */
    private static boolean isAnatomy(int[] pixels, boolean[] foreground) {
        if (foreground == null) {
            return true;
        }
        int inside = 0;
        for (int p : pixels) {
            if (foreground[p]) {
                inside++;
            }
        }
        return 2 * inside >= pixels.length;
    }

    private boolean isCovered(PromptPoint p, boolean[] covered) {
        return settings.skipCoveredPrompts() && covered[p.pixel()];
    }
}
