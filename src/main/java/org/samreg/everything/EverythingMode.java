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
    /**
     * With nested structures kept, a region prompt inside an accepted mask is skipped only when that mask is at most
     * this many times the region's area: the regions cut a structure into parts, so the mask a region's prompt gives
     * is often larger than the region itself. On acdc (20 slices) nested ROIs with this rule: 58/54 ROIs instead of
     * 39/39, for 1-5 more prompts decoded a slice (ED volume); with 4 instead of 2 the ROI method's Dice was 0.686
     * instead of 0.693.
     */
    static final double SAME_REGION_AREA = 2;

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
        // per pixel, the area of the smallest accepted mask covering it (0: none)
        int[] covered = new int[w * h];
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
                        covered[q] = covered[q] == 0 ? pixels.length : Math.min(covered[q], pixels.length);
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
        List<SegmentedRoi> rois = settings.keepNested() ? MaskFilters.removeDuplicates(accepted, settings.overlapThresh())
                : MaskFilters.removeOverlaps(accepted, settings.overlapThresh());
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

    private boolean isCovered(PromptPoint p, int[] covered) {
        int mask = covered[p.pixel()];
        if (!settings.skipCoveredPrompts() || mask == 0) {
            return false;
        }
        return !settings.keepNested() || p.regionArea() == 0 || mask <= SAME_REGION_AREA * p.regionArea();
    }
}
