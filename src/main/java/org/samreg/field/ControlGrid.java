package org.samreg.field;

import org.samreg.image.Geometry;

/**
 * Residual displacement held on control points every {@code spacing} voxels of the fixed grid and upsampled
 * trilinearly. Values are in fixed-grid voxels along the fixed voxel axes, three per node; a single-slice grid
 * has one node layer and its slice-normal component is kept at zero.
 */
final class ControlGrid {
    final int spacing;
    final int[] nodes;
    final double[] values;
    private final Geometry grid;
    /** Per axis and voxel: the control node below, the one above (the same on a single-node axis), the fraction. */
    private final int[][] lower, upper;
    private final double[][] fraction;

    ControlGrid(Geometry grid, int spacing) {
        this.grid = grid;
        this.spacing = spacing;
        int[] size = {grid.nx, grid.ny, grid.nz};
        nodes = new int[3];
        lower = new int[3][];
        upper = new int[3][];
        fraction = new double[3][];
        for (int a = 0; a < 3; a++) {
            nodes[a] = size[a] == 1 ? 1 : (size[a] - 2) / spacing + 2; // last node at or beyond the last voxel
            lower[a] = new int[size[a]];
            upper[a] = new int[size[a]];
            fraction[a] = new double[size[a]];
            for (int i = 0; i < size[a]; i++) {
                lower[a][i] = Math.min(i / spacing, Math.max(nodes[a] - 2, 0));
                upper[a][i] = Math.min(lower[a][i] + 1, nodes[a] - 1);
                fraction[a][i] = nodes[a] == 1 ? 0 : (double) i / spacing - lower[a][i];
            }
        }
        values = new double[3 * nodes[0] * nodes[1] * nodes[2]];
    }

    int nodeCount() {
        return nodes[0] * nodes[1] * nodes[2];
    }

    /** Residual (voxels) at fixed voxel (i, j, k). */
    void interpolate(int i, int j, int k, double[] out, int[] cornerNodes, double[] cornerWeights) {
        corners(i, j, k, cornerNodes, cornerWeights);
        out[0] = out[1] = out[2] = 0;
        for (int c = 0; c < 8; c++) {
            int n = 3 * cornerNodes[c];
            out[0] += cornerWeights[c] * values[n];
            out[1] += cornerWeights[c] * values[n + 1];
            out[2] += cornerWeights[c] * values[n + 2];
        }
    }

    /** Adds a gradient with respect to the residual at voxel (i, j, k) onto the node gradient (adjoint of interpolate). */
    void scatter(int i, int j, int k, double gx, double gy, double gz, double[] nodeGradient, int[] cornerNodes,
            double[] cornerWeights) {
        corners(i, j, k, cornerNodes, cornerWeights);
        for (int c = 0; c < 8; c++) {
            int n = 3 * cornerNodes[c];
            nodeGradient[n] += cornerWeights[c] * gx;
            nodeGradient[n + 1] += cornerWeights[c] * gy;
            nodeGradient[n + 2] += cornerWeights[c] * gz;
        }
    }

    /** The same residual on a control grid with a finer spacing (node positions are exact on this grid's interpolant). */
    ControlGrid refined(int finerSpacing) {
        ControlGrid fine = new ControlGrid(grid, finerSpacing);
        double[] p = new double[3];
        for (int k = 0; k < fine.nodes[2]; k++) {
            for (int j = 0; j < fine.nodes[1]; j++) {
                for (int i = 0; i < fine.nodes[0]; i++) {
                    valueAt(i * finerSpacing, j * finerSpacing, k * finerSpacing, p);
                    System.arraycopy(p, 0, fine.values, 3 * (i + fine.nodes[0] * (j + fine.nodes[1] * k)), 3);
                }
            }
        }
        return fine;
    }

    /**
     * Mean over nodes of |grad r|^2 (finite differences between neighbouring nodes, per voxel); adds
     * {@code scale} times its gradient to {@code nodeGradient}.
     */
    double smoothness(double scale, double[] nodeGradient) {
        double sum = 0;
        double norm = 1.0 / ((double) spacing * spacing * nodeCount());
        int[] stride = {1, nodes[0], nodes[0] * nodes[1]};
        for (int a = 0; a < 3; a++) {
            if (nodes[a] < 2) {
                continue;
            }
            for (int n = 0; n < nodeCount(); n++) {
                if ((n / stride[a]) % nodes[a] == nodes[a] - 1) {
                    continue; // last node along this axis has no forward neighbour
                }
                int m = n + stride[a];
                for (int c = 0; c < 3; c++) {
                    double d = values[3 * m + c] - values[3 * n + c];
                    sum += d * d * norm;
                    nodeGradient[3 * m + c] += scale * 2 * d * norm;
                    nodeGradient[3 * n + c] -= scale * 2 * d * norm;
                }
            }
        }
        return sum;
    }

    private void valueAt(double x, double y, double z, double[] out) {
        double[] t = {x / spacing, y / spacing, z / spacing};
        int[] lo = new int[3];
        double[] f = new double[3];
        for (int a = 0; a < 3; a++) {
            lo[a] = Math.min((int) Math.floor(t[a]), Math.max(nodes[a] - 2, 0));
            f[a] = nodes[a] == 1 ? 0 : t[a] - lo[a];
        }
        out[0] = out[1] = out[2] = 0;
        for (int c = 0; c < 8; c++) {
            int di = c & 1, dj = (c >> 1) & 1, dk = (c >> 2) & 1;
            double w = (di == 1 ? f[0] : 1 - f[0]) * (dj == 1 ? f[1] : 1 - f[1]) * (dk == 1 ? f[2] : 1 - f[2]);
            int n = node(lo[0] + di, lo[1] + dj, lo[2] + dk);
            for (int comp = 0; comp < 3; comp++) {
                out[comp] += w * values[3 * n + comp];
            }
        }
    }

    private void corners(int i, int j, int k, int[] cornerNodes, double[] cornerWeights) {
        int nx = nodes[0], nxy = nodes[0] * nodes[1];
        int[] xs = {lower[0][i], upper[0][i]};
        int[] rows = {nx * lower[1][j], nx * upper[1][j]};
        int[] slices = {nxy * lower[2][k], nxy * upper[2][k]};
        double fx = fraction[0][i], fy = fraction[1][j], fz = fraction[2][k];
        for (int c = 0; c < 8; c++) {
            int di = c & 1, dj = (c >> 1) & 1, dk = (c >> 2) & 1;
            cornerWeights[c] = (di == 1 ? fx : 1 - fx) * (dj == 1 ? fy : 1 - fy) * (dk == 1 ? fz : 1 - fz);
            cornerNodes[c] = xs[di] + rows[dj] + slices[dk];
        }
    }

    /** Node index, clamped so that single-node axes reuse their only node (with weight 0 for the missing one). */
    private int node(int i, int j, int k) {
        return Math.min(i, nodes[0] - 1) + nodes[0] * (Math.min(j, nodes[1] - 1) + nodes[1] * Math.min(k, nodes[2] - 1));
    }
}
