package org.samreg.dense;

import org.samreg.field.Adam;
import org.samreg.image.Progress;

/**
 * An affine displacement fitted with Adam to the same descriptor term as the dense field, on the coarse grid: what
 * elastix's affine stage does before its B-spline, here before the coupled convex search. Between two patients, or
 * two devices, scale and shear differ more than a local search window reaches.
 * <p>
 * The displacement in mm is {@code D (x - c) / R + t}, x a position in mm, c the working grid's centre and R its half
 * extent, so that the 9 (planar: 4) linear and 3 (2) translation parameters are all in mm, take one step size and
 * mean the same on every level of the coarse-to-fine affine stage.
 */
final class AffineOptimiser {
    private static final double EPSILON = 1e-8;

    private final InstanceOptimiser term;
    private final Features grid;
    private final Frame frame;
    private final int[] factor;

    /**
     * The working grid in whose frame the parameters live: voxel i of a grid {@code factor} times coarser along an
     * axis lies at working position {@code factor i + (factor - 1) / 2}, as {@link Features#pooled} places it.
     */
    record Frame(int[] size, double[] spacing) {
        double radius() {
            return 0.5 * Math.max(size[0] * spacing[0], Math.max(size[1] * spacing[1], size[2] * spacing[2]));
        }

        /** Position along {@code axis} relative to the centre, over the radius, of voxel i of a grid coarser by f. */
        double position(int axis, int i, int f) {
            return (f * i + (f - 1) / 2.0 - (size[axis] - 1) / 2.0) * spacing[axis] / radius();
        }
    }

    /** {@code fixed} and {@code moving}: descriptors on the working grid box-averaged by {@code factor}. */
    AffineOptimiser(Features fixed, Features moving, int imageChannels, Frame frame, int[] factor) {
        double[] spacing = new double[3];
        for (int a = 0; a < 3; a++) {
            spacing[a] = frame.spacing()[a] * factor[a];
        }
        this.term = new InstanceOptimiser(fixed, moving, imageChannels, spacing, 0);
        this.grid = fixed;
        this.frame = frame;
        this.factor = factor;
    }

    /** The 12 parameters (D row-major, then t; mm) after {@code iterations} steps from {@code start}. */
    double[] optimise(double[] start, int iterations, double stepMm, Progress progress, String stage) {
        double[] p = start.clone();
        boolean[] free = freeParameters();
        Adam adam = new Adam(12, stepMm, iterations, EPSILON);
        for (int t = 1; t <= iterations; t++) {
            float[][] gradient = new float[3][grid.voxels()];
            term.dataTerm(displacement(p, frame, grid.nx, grid.ny, grid.nz, factor), gradient);
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

    /** Mean data term of the parameters on this optimiser's grid. */
    double cost(double[] p) {
        return term.dataTerm(displacement(p, frame, grid.nx, grid.ny, grid.nz, factor), null);
    }

    /** The affine displacement, in voxels of a grid {@code factor} times coarser than the frame's, on that grid. */
    static float[][] displacement(double[] p, Frame frame, int nx, int ny, int nz, int[] factor) {
        float[][] d = new float[3][nx * ny * nz];
        int v = 0;
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++, v++) {
                    double[] x = {frame.position(0, i, factor[0]), frame.position(1, j, factor[1]),
                        frame.position(2, k, factor[2])};
                    for (int a = 0; a < 3; a++) {
                        double mm = p[3 * a] * x[0] + p[3 * a + 1] * x[1] + p[3 * a + 2] * x[2] + p[9 + a];
                        d[a][v] = (float) (mm / (frame.spacing()[a] * factor[a]));
                    }
                }
            }
        }
        return d;
    }

    private double[] parameterGradient(float[][] voxelGradient) {
        double[] g = new double[12];
        int v = 0;
        for (int k = 0; k < grid.nz; k++) {
            for (int j = 0; j < grid.ny; j++) {
                for (int i = 0; i < grid.nx; i++, v++) {
                    double[] x = {frame.position(0, i, factor[0]), frame.position(1, j, factor[1]),
                        frame.position(2, k, factor[2])};
                    for (int a = 0; a < 3; a++) {
                        double ga = voxelGradient[a][v] / (frame.spacing()[a] * factor[a]); // per mm of displacement
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
}
