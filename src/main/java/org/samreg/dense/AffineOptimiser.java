package org.samreg.dense;

import org.samreg.field.Adam;
import org.samreg.image.Progress;

/**
 * An affine displacement fitted with Adam to the same descriptor term as the dense field, on the coarse grid: what
 * elastix's affine stage does before its B-spline, here before the coupled convex search. Between two patients, or
 * two devices, scale and shear differ more than a local search window reaches.
 * <p>
 * The displacement in mm is {@code D (x - c) / R + t}, x a voxel's position in mm, c the grid centre and R its half
 * extent, so that the 9 (planar: 4) linear and 3 (2) translation parameters are all in mm and take one step size.
 */
final class AffineOptimiser {
    private static final double EPSILON = 1e-8;

    private final InstanceOptimiser term;
    private final Features grid;
    private final double[] spacing;

    AffineOptimiser(Features fixed, Features moving, int imageChannels, double[] spacing) {
        this.term = new InstanceOptimiser(fixed, moving, imageChannels, spacing, 0);
        this.grid = fixed;
        this.spacing = spacing;
    }

    /** The 12 parameters (D row-major, then t; mm) after {@code iterations} steps from zero. */
    double[] optimise(int iterations, double stepMm, Progress progress, String stage) {
        double[] p = new double[12];
        boolean[] free = freeParameters();
        Adam adam = new Adam(12, stepMm, iterations, EPSILON);
        for (int t = 1; t <= iterations; t++) {
            float[][] gradient = new float[3][grid.voxels()];
            term.dataTerm(displacement(p, grid.nx, grid.ny, grid.nz, 1), gradient);
            double[] g = parameterGradient(gradient);
            adam.begin(t);
            for (int q = 0; q < 12; q++) {
                if (free[q]) {
                    p[q] += adam.change(q, g[q]);
                }
            }
            progress.update(stage, t, iterations);
        }
        return p;
    }

    /** Mean data term of the parameters (on the coarse grid). */
    double cost(double[] p) {
        return term.dataTerm(displacement(p, grid.nx, grid.ny, grid.nz, 1), null);
    }

    /**
     * The affine displacement in voxels of a grid {@code factor} times finer along each axis than the coarse one
     * (the same physical grid extent; voxel centres as {@link DenseRegistration#pooledGeometry} places them).
     */
    float[][] displacement(double[] p, int nx, int ny, int nz, int[] factor) {
        float[][] d = new float[3][nx * ny * nz];
        double[] centre = {(grid.nx - 1) / 2.0, (grid.ny - 1) / 2.0, (grid.nz - 1) / 2.0};
        double radius = radius();
        int v = 0;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++, v++) {
                    double[] x = {
                        ((i + 0.5) / factor[0] - 0.5 - centre[0]) * spacing[0] / radius,
                        ((j + 0.5) / factor[1] - 0.5 - centre[1]) * spacing[1] / radius,
                        ((k + 0.5) / factor[2] - 0.5 - centre[2]) * spacing[2] / radius};
                    for (int a = 0; a < 3; a++) {
                        double mm = p[3 * a] * x[0] + p[3 * a + 1] * x[1] + p[3 * a + 2] * x[2] + p[9 + a];
                        d[a][v] = (float) (mm / spacing[a] * factor[a]);
                    }
                }
            }
        }
        return d;
    }

    private float[][] displacement(double[] p, int nx, int ny, int nz, int same) {
        return displacement(p, nx, ny, nz, new int[] {same, same, same});
    }

    private double[] parameterGradient(float[][] voxelGradient) {
        double[] g = new double[12];
        double[] centre = {(grid.nx - 1) / 2.0, (grid.ny - 1) / 2.0, (grid.nz - 1) / 2.0};
        double radius = radius();
        int v = 0;
        for (int k = 0; k < grid.nz; k++) {
            for (int j = 0; j < grid.ny; j++) {
                for (int i = 0; i < grid.nx; i++, v++) {
                    double[] x = {(i - centre[0]) * spacing[0] / radius, (j - centre[1]) * spacing[1] / radius,
                        (k - centre[2]) * spacing[2] / radius};
                    for (int a = 0; a < 3; a++) {
                        double ga = voxelGradient[a][v] / spacing[a]; // per mm of displacement
                        g[3 * a] += ga * x[0];
                        g[3 * a + 1] += ga * x[1];
                        g[3 * a + 2] += ga * x[2];
                        g[9 + a] += ga;
                    }
                }
            }
        }
        return g;
    }

    /** Along a single-voxel axis neither the translation nor any linear term moves. */
    private boolean[] freeParameters() {
        boolean[] flat = {grid.nx == 1, grid.ny == 1, grid.nz == 1};
        boolean[] free = new boolean[12];
        for (int a = 0; a < 3; a++) {
            free[9 + a] = !flat[a];
            for (int b = 0; b < 3; b++) {
                free[3 * a + b] = !flat[a] && !flat[b];
            }
        }
        return free;
    }

    private double radius() {
        return 0.5 * Math.max(grid.nx * spacing[0], Math.max(grid.ny * spacing[1], grid.nz * spacing[2]));
    }
}
