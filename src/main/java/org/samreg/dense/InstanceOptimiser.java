package org.samreg.dense;

import java.util.stream.IntStream;
import org.samreg.field.Adam;
import org.samreg.image.Progress;

/**
 * ConvexAdam's fine stage: a dense displacement on the working grid, optimised with Adam on the squared difference
 * of the fixed and the warped moving descriptors plus lambda times the diffusion energy (mean squared gradient of
 * the displacement, in mm per mm). The parameters are smoothed by three 3x3x3 box filters before use, which keeps
 * the field smooth between the voxels that the image term moves.
 */
final class InstanceOptimiser {
    private static final double EPSILON = 1e-8;
    private static final int SMOOTHING_PASSES = 3;

    private final Features fixed, moving;
    private final int imageChannels;
    private final double[] spacing;
    private final double lambda;

    /**
     * @param imageChannels the data term is the squared difference summed over all channels divided by this, so
     *                      that channels after the image descriptors (the ROI term) add on top of them
     */
    InstanceOptimiser(Features fixed, Features moving, int imageChannels, double[] spacing, double lambda) {
        this.fixed = fixed;
        this.moving = moving;
        this.imageChannels = imageChannels;
        this.spacing = spacing;
        this.lambda = lambda;
    }

    /** Optimises {@code start} (voxels per axis, not changed) and returns the smoothed displacement. */
    float[][] optimise(float[][] start, int iterations, double stepVoxels, Progress progress, String stage) {
        int n = fixed.voxels();
        boolean[] frozen = {fixed.nx == 1, fixed.ny == 1, fixed.nz == 1};
        float[][] params = {start[0].clone(), start[1].clone(), start[2].clone()};
        Adam adam = new Adam(3 * n, stepVoxels, iterations, EPSILON);
        for (int t = 1; t <= iterations; t++) {
            float[][] field = smoothed(params);
            float[][] gradient = new float[3][n];
            dataTerm(field, gradient);
            diffusion(field, gradient);
            float[][] g = smoothed(gradient); // the box filter is its own adjoint up to the edges
            adam.begin(t);
            for (int a = 0; a < 3; a++) {
                if (frozen[a]) {
                    continue;
                }
                float[] p = params[a], ga = g[a];
                for (int v = 0; v < n; v++) {
                    p[v] += (float) adam.change(a * n + v, ga[v]);
                }
            }
            progress.update(stage, t, iterations);
        }
        return smoothed(params);
    }

    /** Mean over voxels of the data term for a displacement (voxels per axis); adds its gradient unless null. */
    double dataTerm(float[][] field, float[][] gradient) {
        int nx = fixed.nx, ny = fixed.ny, channels = fixed.count();
        double norm = 1.0 / ((double) fixed.voxels() * imageChannels);
        // row by row, so that a single slice also runs on every core
        return IntStream.range(0, ny * fixed.nz).parallel().mapToDouble(row -> {
            int j = row % ny, k = row / ny;
            float[] sample = new float[channels], partial = gradient == null ? null : new float[3 * channels];
            double sum = 0;
            for (int i = 0; i < nx; i++) {
                int v = i + nx * (j + ny * k);
                moving.sample(i + field[0][v], j + field[1][v], k + field[2][v], sample, partial);
                float gx = 0, gy = 0, gz = 0;
                for (int c = 0; c < channels; c++) {
                    float r = sample[c] - fixed.channels[c][v];
                    sum += r * r;
                    if (partial != null) {
                        gx += r * partial[3 * c];
                        gy += r * partial[3 * c + 1];
                        gz += r * partial[3 * c + 2];
                    }
                }
                if (gradient != null) {
                    gradient[0][v] += (float) (2 * norm * gx);
                    gradient[1][v] += (float) (2 * norm * gy);
                    gradient[2][v] += (float) (2 * norm * gz);
                }
            }
            return sum * norm;
        }).sum();
    }

    /** lambda times the mean squared displacement gradient (mm per mm); adds its gradient. */
    private void diffusion(float[][] field, float[][] gradient) {
        int nx = fixed.nx, ny = fixed.ny, nz = fixed.nz, n = fixed.voxels();
        int[] stride = {1, nx, nx * ny}, size = {nx, ny, nz};
        double norm = lambda / n;
        IntStream.range(0, 3).parallel().forEach(c -> {
            float[] u = field[c], g = gradient[c];
            for (int a = 0; a < 3; a++) {
                if (size[a] == 1) {
                    continue;
                }
                double w = (spacing[c] / spacing[a]) * (spacing[c] / spacing[a]);
                int step = stride[a];
                for (int block = 0; block < n; block += step * size[a]) {
                    for (int v = block; v < block + step * (size[a] - 1); v++) {
                        double d = u[v + step] - u[v];
                        g[v + step] += (float) (2 * norm * w * d);
                        g[v] -= (float) (2 * norm * w * d);
                    }
                }
            }
        });
    }

    private float[][] smoothed(float[][] field) {
        float[][] out = new float[3][];
        IntStream.range(0, 3).parallel().forEach(
                a -> out[a] = Features.boxMeans(field[a], SMOOTHING_PASSES, fixed.nx, fixed.ny, fixed.nz, false));
        return out;
    }
}
