package org.samreg.everything;

import java.util.function.UnaryOperator;
import org.samreg.sam.SliceImage;

/**
 * Local contrast normalisation of a slice, for fundus photographs: each pixel minus the mean of its neighbourhood,
 * divided by the neighbourhood's standard deviation, mapped back to a grey 0..255 (mid-grey = local mean,
 * {@value #SPREAD} standard deviations to either end). An RGB slice is read in its green channel, where a fundus
 * photograph has its vessel contrast (red is nearly saturated, blue is noise).
 *
 * <p>Why: in a fundus photograph the vessels are faint against a smooth illumination gradient, and the default
 * model sees one uniform disc: on the benchmark's fundus pair it keeps no ROI inside the fundus at all. After this
 * normalisation it finds regions bounded by vessels. Pixels at or below {@link #DARK} stay black, so the camera's
 * dark surround stays background.
 */
public final class LocalContrast implements UnaryOperator<SliceImage> {
    /** Neighbourhood half-width as a fraction of the longest side: about a vessel segment's length. */
    public static final double DEFAULT_RADIUS = 0.04;
    static final float DARK = 8f;
    static final double SPREAD = 3.0;
    /** Added to the local variance so that flat regions are not amplified into noise. */
    private static final double VARIANCE_FLOOR = 4.0;

    private final double radiusFraction;

    /** {@code radiusFraction}: neighbourhood half-width as a fraction of the slice's longest side. */
    public LocalContrast(double radiusFraction) {
        this.radiusFraction = checkedRadius(radiusFraction);
    }

    /** {@code radiusFraction} if it is in (0, 0.5), else an exception saying so. */
    public static double checkedRadius(double radiusFraction) {
        if (!(radiusFraction > 0 && radiusFraction < 0.5)) {
            throw new IllegalArgumentException("local contrast radius must be in (0, 0.5) of the image side, got "
                    + radiusFraction);
        }
        return radiusFraction;
    }

    /** A grey slice: the grey value, or the green channel of RGB, normalised. */
    @Override
    public SliceImage apply(SliceImage s) {
        int w = s.width(), h = s.height(), n = w * h;
        int r = Math.max(1, (int) Math.round(radiusFraction * Math.max(w, h)));
        float[] v = new float[n];
        for (int p = 0; p < n; p++) {
            v[p] = s.components() == 3 ? s.pixels()[3 * p + 1] : s.pixels()[p];
        }
        float[] mean = boxMean(v, w, h, r);
        float[] sq = new float[n];
        for (int p = 0; p < n; p++) {
            float d = v[p] - mean[p];
            sq[p] = d * d;
        }
        float[] variance = boxMean(sq, w, h, r);
        float[] out = new float[n];
        for (int p = 0; p < n; p++) {
            if (v[p] <= DARK) {
                continue;
            }
            double z = (v[p] - mean[p]) / Math.sqrt(variance[p] + VARIANCE_FLOOR);
            out[p] = (float) Math.max(0, Math.min(255, 127.5 * (1 + z / SPREAD)));
        }
        return new SliceImage(out, 1, w, h);
    }

    /** Mean over a (2r+1)^2 box clipped at the image border: two running-sum passes. */
    static float[] boxMean(float[] a, int w, int h, int r) {
        float[] rows = new float[a.length];
        for (int y = 0; y < h; y++) {
            runningMean(a, y * w, 1, w, r, rows);
        }
        float[] out = new float[a.length];
        for (int x = 0; x < w; x++) {
            runningMean(rows, x, w, h, r, out);
        }
        return out;
    }

    private static void runningMean(float[] a, int start, int step, int length, int r, float[] out) {
        double sum = 0;
        int lo = 0, hi = -1;
        for (int i = 0; i < length; i++) {
            int newHi = Math.min(length - 1, i + r), newLo = Math.max(0, i - r);
            while (hi < newHi) {
                sum += a[start + ++hi * step];
            }
            while (lo < newLo) {
                sum -= a[start + lo++ * step];
            }
            out[start + i * step] = (float) (sum / (hi - lo + 1));
        }
    }
}
