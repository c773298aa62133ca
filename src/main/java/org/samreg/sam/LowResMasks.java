package org.samreg.sam;

/**
 * Brings a decoder's low-resolution mask logits (a square covering the padded 1024 encoder input) to the original
 * image. SAM upsamples to the input size, crops the padding and resizes to the original size, all bilinearly; one
 * bilinear sample per original pixel at the matching low-resolution position gives the same map to within
 * interpolation error, without the 1024x1024 intermediate.
 */
final class LowResMasks {
    private LowResMasks() {
    }

    /** @param offset start of the wanted mask in {@code lowRes} (several masks of {@code side x side} in a row) */
    static float[] toImage(float[] lowRes, int offset, int side, ImageEmbedding e) {
        int w = e.imageWidth(), h = e.imageHeight();
        // original pixel centre -> encoder input pixel -> low-resolution pixel (align_corners = false convention)
        double toLowRes = e.scale() * side / e.inputSize();
        // the column samples are the same on every row: computed once
        int[] u0 = new int[w], u1 = new int[w];
        double[] fu = new double[w];
        for (int x = 0; x < w; x++) {
            double u = clamp((x + 0.5) * toLowRes - 0.5, side - 1);
            u0[x] = (int) u;
            u1[x] = Math.min(u0[x] + 1, side - 1);
            fu[x] = u - u0[x];
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            double v = clamp((y + 0.5) * toLowRes - 0.5, side - 1);
            int v0 = (int) v, v1 = Math.min(v0 + 1, side - 1);
            double fv = v - v0;
            int r0 = offset + v0 * side, r1 = offset + v1 * side;
            for (int x = 0; x < w; x++) {
                double top = lowRes[r0 + u0[x]] * (1 - fu[x]) + lowRes[r0 + u1[x]] * fu[x];
                double bottom = lowRes[r1 + u0[x]] * (1 - fu[x]) + lowRes[r1 + u1[x]] * fu[x];
                out[y * w + x] = (float) (top * (1 - fv) + bottom * fv);
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.min(Math.max(v, 0), max);
    }
}
