package org.samreg.everything;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.samreg.sam.SliceImage;

/**
 * Where a slice has content worth prompting: everything except the dark surroundings, i.e. pixels whose 5x5
 * neighbourhood mean is below a fraction of the slice's Otsu threshold and that are connected to the slice border
 * through such pixels. Averaging first keeps the noisy dark surroundings of MR images (which a per-pixel test lets
 * through) on the background side; the Otsu threshold adapts to each slice's contrast; and the border connection
 * keeps dark structures enclosed by tissue (a hypoechoic prostate inside its ultrasound echo, ventricles, air in
 * the bowel) on the foreground side.
 */
final class Foreground {
    private static final int RADIUS = 2;

    private Foreground() {
    }

    static boolean[] of(SliceImage image, double otsuFraction) {
        int w = image.width(), h = image.height();
        float[] mean = boxMean(image, w, h);
        double level = otsuFraction * otsu(mean);
        boolean[] fg = new boolean[w * h];
        Arrays.fill(fg, true);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int p = 0; p < fg.length; p++) {
            int x = p % w, y = p / w;
            boolean border = x == 0 || y == 0 || x == w - 1 || y == h - 1;
            if (border && mean[p] < level) {
                fg[p] = false;
                queue.add(p);
            }
        }
        while (!queue.isEmpty()) {
            int p = queue.poll(), x = p % w, y = p / w;
            for (int q : new int[] {x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1,
                    y < h - 1 ? p + w : -1}) {
                if (q >= 0 && fg[q] && mean[q] < level) {
                    fg[q] = false;
                    queue.add(q);
                }
            }
        }
        return fg;
    }

    private static float[] boxMean(SliceImage image, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0;
                int n = 0;
                for (int yy = Math.max(0, y - RADIUS); yy <= Math.min(h - 1, y + RADIUS); yy++) {
                    for (int xx = Math.max(0, x - RADIUS); xx <= Math.min(w - 1, x + RADIUS); xx++) {
                        sum += image.intensity(yy * w + xx);
                        n++;
                    }
                }
                out[y * w + x] = sum / n;
            }
        }
        return out;
    }

    /** Otsu's threshold of values in 0..255 (256 bins). */
    static double otsu(float[] values) {
        long[] hist = new long[256];
        for (float v : values) {
            hist[Math.max(0, Math.min(255, (int) v))]++;
        }
        long total = values.length;
        double sumAll = 0;
        for (int i = 0; i < 256; i++) {
            sumAll += i * (double) hist[i];
        }
        double sumBelow = 0, best = -1;
        long below = 0;
        int threshold = 0;
        for (int t = 0; t < 256; t++) {
            below += hist[t];
            if (below == 0 || below == total) {
                continue;
            }
            sumBelow += t * (double) hist[t];
            double meanBelow = sumBelow / below, meanAbove = (sumAll - sumBelow) / (total - below);
            double between = (double) below * (total - below) * Math.pow(meanBelow - meanAbove, 2);
            if (between > best) {
                best = between;
                threshold = t + 1;
            }
        }
        return threshold;
    }
}
