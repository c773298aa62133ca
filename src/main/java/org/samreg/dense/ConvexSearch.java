package org.samreg.dense;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Coupled convex optimisation (ConvexAdam's coarse stage, after Heinrich et al., "Non-parametric discrete
 * registration with convex optimisation", 2014): every voxel of a coarse grid tries every integer displacement within
 * a window, scored by the squared difference of the two images' descriptors over its 3x3x3 patch; the field then
 * alternates between each voxel's best displacement near the current smooth field, with a coupling weight that
 * grows from almost none to strong, and that field smoothed. It finds motions larger than a gradient step reaches,
 * without getting stuck where the image term alone has local minima.
 */
final class ConvexSearch {
    /** Coupling weights per squared voxel of disagreement with the smooth field, on costs normalised to mean 1. */
    private static final double[] COUPLING = {0.003, 0.01, 0.03, 0.1, 0.3, 1};
    private static final double TIE_BREAK = 1e-4;
    private static final int SMOOTHING_PASSES = 3;
    /** Voxels whose best displacement is sought together, one pass over the cost rows. */
    private static final int BLOCK = 512;

    private ConvexSearch() {
    }

    /**
     * Displacement (grid voxels, per axis) of each voxel of the fixed descriptors into the moving ones, within
     * +-{@code halfWidth[a]} voxels along axis a; {@code spacing} (mm per voxel) makes the coupling isotropic in mm.
     */
    static float[][] displacement(Features fixed, Features moving, int[] halfWidth, double[] spacing) {
        int nx = fixed.nx, ny = fixed.ny, nz = fixed.nz, n = fixed.voxels();
        int wx = 2 * halfWidth[0] + 1, wy = 2 * halfWidth[1] + 1, wz = 2 * halfWidth[2] + 1;
        int displacements = wx * wy * wz;
        float[][] cost = new float[displacements][];
        IntStream.range(0, displacements).parallel().forEach(d -> {
            int ox = d % wx - halfWidth[0], oy = (d / wx) % wy - halfWidth[1], oz = d / (wx * wy) - halfWidth[2];
            float[] c = new float[n];
            for (int k = 0; k < nz; k++) {
                int mk = clamp(k + oz, nz);
                for (int j = 0; j < ny; j++) {
                    int mj = clamp(j + oy, ny);
                    for (int i = 0; i < nx; i++) {
                        int f = i + nx * (j + ny * k), m = clamp(i + ox, nx) + nx * (mj + ny * mk);
                        float s = 0;
                        for (int ch = 0; ch < fixed.count(); ch++) {
                            float diff = fixed.channels[ch][f] - moving.channels[ch][m];
                            s += diff * diff;
                        }
                        c[f] = s;
                    }
                }
            }
            cost[d] = Features.boxMean(c, nx, ny, nz, false);
        });
        double mean = IntStream.range(0, displacements).parallel()
                .mapToDouble(d -> { double s = 0; for (float v : cost[d]) { s += v; } return s; }).sum()
                / ((double) displacements * n);
        double scale = mean > 0 ? 1 / mean : 1;

        double inPlane = 0.5 * (spacing[0] + spacing[1]);
        double[] axisWeight = new double[3];
        for (int a = 0; a < 3; a++) {
            axisWeight[a] = (spacing[a] / inPlane) * (spacing[a] / inPlane);
        }
        // each displacement's offset per axis, so that the search over them below needs no division
        int[][] offset = new int[3][displacements];
        for (int d = 0; d < displacements; d++) {
            offset[0][d] = d % wx - halfWidth[0];
            offset[1][d] = (d / wx) % wy - halfWidth[1];
            offset[2][d] = d / (wx * wy) - halfWidth[2];
        }
        float[][] best = new float[3][n];
        float[][] smooth = new float[3][n];
        for (int round = 0; round <= COUPLING.length; round++) {
            // the first round's tiny pull towards zero breaks ties (a featureless region) in favour of no motion
            double coupling = round == 0 ? TIE_BREAK : COUPLING[round - 1];
            // voxels in blocks, displacements in the outer loop: each cost row is read in order
            IntStream.range(0, (n + BLOCK - 1) / BLOCK).parallel().forEach(b -> {
                int from = b * BLOCK, to = Math.min(n, from + BLOCK);
                double[] bestCost = new double[to - from];
                int[] bestD = new int[to - from];
                Arrays.fill(bestCost, Double.POSITIVE_INFINITY);
                for (int d = 0; d < displacements; d++) {
                    float[] row = cost[d];
                    int ox = offset[0][d], oy = offset[1][d], oz = offset[2][d];
                    for (int v = from; v < to; v++) {
                        double ex = ox - smooth[0][v], ey = oy - smooth[1][v], ez = oz - smooth[2][v];
                        double c = row[v] * scale + coupling
                                * (axisWeight[0] * ex * ex + axisWeight[1] * ey * ey + axisWeight[2] * ez * ez);
                        if (c < bestCost[v - from]) {
                            bestCost[v - from] = c;
                            bestD[v - from] = d;
                        }
                    }
                }
                for (int v = from; v < to; v++) {
                    for (int a = 0; a < 3; a++) {
                        best[a][v] = offset[a][bestD[v - from]];
                    }
                }
            });
            for (int a = 0; a < 3; a++) {
                smooth[a] = Features.boxMeans(best[a], SMOOTHING_PASSES, nx, ny, nz, false);
            }
        }
        return smooth;
    }

    private static int clamp(int i, int size) {
        return i < 0 ? 0 : Math.min(i, size - 1);
    }
}
