package org.samreg.sam;

/**
 * Where a slice has content worth prompting: pixels whose 5x5 neighbourhood mean reaches a fraction of the slice's
 * Otsu threshold. Averaging first keeps the noisy dark surroundings of MR images (which a per-pixel test lets
 * through) on the background side; the Otsu threshold adapts to each slice's contrast.
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
        for (int p = 0; p < fg.length; p++) {
            fg[p] = mean[p] >= level;
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
