package org.samreg.everything;

import boofcv.alg.filter.blur.BlurImageOps;
import boofcv.alg.segmentation.ImageSegmentationOps;
import boofcv.alg.segmentation.fh04.SegmentFelzenszwalbHuttenlocher04;
import boofcv.alg.segmentation.fh04.impl.FhEdgeWeights4_F32;
import boofcv.struct.image.GrayF32;
import boofcv.struct.image.GrayS32;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.samreg.sam.SliceImage;

/**
 * Object-aware prompts (as MobileSAMv2 replaced SAM's grid by object proposals): the slice is cut into regions by
 * Felzenszwalb and Huttenlocher's graph segmentation (BoofCV's {@code fh04}) after a light blur, and every region
 * whose area could be an ROI's (half the minimum ROI area up to the maximum), that is not only an edge's ramp and
 * that lies mostly on foreground gets one prompt, at its innermost pixel: the one furthest from the region's border,
 * so that a ring or a crescent is prompted on itself and not in its hole. Largest regions first, so that the
 * prompts of regions a large accepted mask covers are skipped. A grid prompts a structure many times and a plain
 * region (most of the slice) again and again; one prompt per region is what decoding costs least. Measured on acdc
 * (20 slices, hybrid): decoding 40.2 s with the 16x16 grid, 12.0 s with regions alone (Dice 0.841; k = 100 the
 * same, k = 400 0.859 but cardiac-2d's ventricle is then never an ROI), 19.7-22.2 s (two runs) with regions and the
 * 8x8 grid after them (0.854; the grid 0.858); for the 4x4 grid after them, the default now, see
 * {@link PromptPlacement#REGIONS}.
 */
final class RegionPrompts {
    /** Felzenszwalb-Huttenlocher's scale k in 8-bit intensity units: the larger, the larger the regions. */
    static final float SCALE = 200f;
    /** Gaussian blur before segmenting, in pixels: noise would otherwise split plain regions. */
    static final double BLUR_SIGMA = 0.8;
    /**
     * Least depth of a prompted region's innermost pixel, in thirds of a pixel (see {@link #depthInRegion}): a region
     * nowhere 5 pixels wide is the ramp of an edge between two others, not an object.
     */
    static final int MIN_DEPTH = 9;

    private RegionPrompts() {
    }

    /** The prompts, largest region first; {@code foreground} null: no region left out as background. */
    static List<PromptPoint> of(SliceImage image, boolean[] foreground, EverythingSettings settings) {
        int w = image.width(), h = image.height();
        int[] region = regions(image, (int) Math.max(1, settings.minAreaFor(w, h) / 4));
        int count = 0;
        for (int r : region) {
            count = Math.max(count, r + 1);
        }
        int[] area = new int[count], onForeground = new int[count], innermost = new int[count];
        int[] depth = depthInRegion(region, w, h);
        for (int p = 0; p < region.length; p++) {
            int r = region[p];
            area[r]++;
            if (foreground == null || foreground[p]) {
                onForeground[r]++;
            }
            if (area[r] == 1 || depth[p] > depth[innermost[r]]) {
                innermost[r] = p;
            }
        }
        double minArea = settings.minAreaFor(w, h) / 2, maxArea = settings.maxAreaFor(w, h);
        List<Integer> chosen = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            int p = innermost[r];
            if (area[r] >= minArea && area[r] <= maxArea && depth[p] >= MIN_DEPTH && 2 * onForeground[r] >= area[r]
                    && (foreground == null || foreground[p])) {
                chosen.add(r);
            }
        }
        chosen.sort(Comparator.comparingInt((Integer r) -> area[r]).reversed());
        List<PromptPoint> prompts = new ArrayList<>();
        for (int r : chosen) {
            int p = innermost[r];
            prompts.add(new PromptPoint(prompts.size(), p % w + 0.5, p / w + 0.5, p, area[r]));
        }
        return prompts;
    }

    /** Region label per pixel, 0..n-1 (4-connected regions). */
    private static int[] regions(SliceImage image, int minRegion) {
        int w = image.width(), h = image.height();
        GrayF32 grey = new GrayF32(w, h);
        for (int p = 0; p < w * h; p++) {
            grey.data[p] = image.intensity(p);
        }
        GrayF32 blurred = BlurImageOps.gaussian(grey, null, BLUR_SIGMA, -1, null);
        SegmentFelzenszwalbHuttenlocher04<GrayF32> segmentation =
                new SegmentFelzenszwalbHuttenlocher04<>(SCALE, minRegion, new FhEdgeWeights4_F32());
        GrayS32 roots = new GrayS32(w, h), labels = new GrayS32(w, h);
        segmentation.process(blurred, roots);
        ImageSegmentationOps.regionPixelId_to_Compact(roots, segmentation.getRegionId(), labels);
        return labels.data;
    }

    /**
     * Chamfer (3-4) distance of every pixel to the nearest pixel of another region or outside the image, in thirds
     * of a pixel: two passes, forward and backward.
     */
    private static int[] depthInRegion(int[] region, int w, int h) {
        int[] d = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x, r = region[p];
                boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1 || region[p - 1] != r
                        || region[p + 1] != r || region[p - w] != r || region[p + w] != r;
                d[p] = border ? 3 : Integer.MAX_VALUE / 2;
            }
        }
        for (int y = 1; y < h; y++) {
            for (int x = 1; x < w - 1; x++) {
                int p = y * w + x;
                d[p] = Math.min(d[p],
                        Math.min(Math.min(d[p - 1], d[p - w]) + 3, Math.min(d[p - w - 1], d[p - w + 1]) + 4));
            }
        }
        for (int y = h - 2; y >= 0; y--) {
            for (int x = w - 2; x > 0; x--) {
                int p = y * w + x;
                d[p] = Math.min(d[p],
                        Math.min(Math.min(d[p + 1], d[p + w]) + 3, Math.min(d[p + w + 1], d[p + w - 1]) + 4));
            }
        }
        return d;
    }
}
