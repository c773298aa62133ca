package org.samreg.sam;

import java.util.Arrays;
import org.samreg.image.Volume;

/**
 * Linear map of a volume's values onto SAM's 8-bit input range 0..255. The window is computed once per volume so
 * that all its slices are mapped consistently.
 */
public final class IntensityWindow {
    public static final double LOW_PERCENTILE = 0.5;
    public static final double HIGH_PERCENTILE = 99.5;

    private final float low;
    private final float high;

    public IntensityWindow(float low, float high) {
        if (!(high > low)) {
            throw new IllegalArgumentException("intensity window needs high > low, got " + low + ".." + high);
        }
        this.low = low;
        this.high = high;
    }

    /**
     * RGB volumes already within 0..255 pass through unchanged; anything else is windowed between its
     * {@value #LOW_PERCENTILE} and {@value #HIGH_PERCENTILE} percentiles over all voxels and components.
     */
    public static IntensityWindow of(Volume volume) {
        float[] range = volume.range();
        if (volume.components() == 3 && range[0] >= 0 && range[1] <= 255) {
            return new IntensityWindow(0, 255);
        }
        float[] sorted = volume.data().clone();
        Arrays.sort(sorted);
        float low = percentile(sorted, LOW_PERCENTILE);
        float high = percentile(sorted, HIGH_PERCENTILE);
        if (!(high > low)) {
            // (nearly) constant image: fall back to the full range, or an arbitrary unit window
            low = range[0];
            high = range[1] > range[0] ? range[1] : range[0] + 1;
        }
        return new IntensityWindow(low, high);
    }

    public float low() {
        return low;
    }

    public float high() {
        return high;
    }

    /** The value mapped to 0..255, clamped. */
    public float apply(float value) {
        float v = (value - low) / (high - low) * 255f;
        return Math.min(255f, Math.max(0f, v));
    }

    /** Slice {@code k} of the volume, windowed. */
    public SliceImage slice(Volume volume, int k) {
        float[] pixels = volume.slice(k);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = apply(pixels[i]);
        }
        return new SliceImage(pixels, volume.components(), volume.geometry().nx, volume.geometry().ny);
    }

    /** Linear interpolation between order statistics of sorted values, {@code percent} in 0..100. */
    static float percentile(float[] sorted, double percent) {
        double pos = percent / 100.0 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return (float) (sorted[i] + (sorted[j] - sorted[i]) * (pos - i));
    }
}
