package org.samreg.match;

/** ROI prototypes (method step 3): the mean encoder feature under a mask resized to the valid feature region. */
public final class Prototypes {
    private Prototypes() {
    }

    /**
     * @param slicePixels indices of the ROI's pixels within its image (x fastest)
     * @return the feature-space mean, one value per channel
     */
    public static float[] of(FeatureGrid grid, int[] slicePixels) {
        if (slicePixels.length == 0) {
            throw new IllegalArgumentException("cannot build a prototype from an empty ROI");
        }
        // Resizing the mask to the feature grid = weighting each cell by how many ROI pixels fall in it.
        int cells = grid.height() * grid.width();
        int[] weight = new int[cells];
        for (int p : slicePixels) {
            int x = p % grid.imageWidth(), y = p / grid.imageWidth();
            weight[grid.cellY(y) * grid.width() + grid.cellX(x)]++;
        }
        float[] proto = new float[grid.channels()];
        float[] f = grid.features();
        for (int cell = 0; cell < cells; cell++) {
            int w = weight[cell];
            if (w == 0) {
                continue;
            }
            for (int c = 0; c < proto.length; c++) {
                proto[c] += w * f[c * cells + cell];
            }
        }
        for (int c = 0; c < proto.length; c++) {
            proto[c] /= slicePixels.length;
        }
        return proto;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
