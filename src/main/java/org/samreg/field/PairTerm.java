package org.samreg.field;

/**
 * One ROI pair's share of the loss on one pyramid level: soft Dice and MSE between the (blurred) fixed mask and the
 * (blurred) moving mask sampled through the current transform, over the fixed mask's box, with the analytic
 * gradient pushed back onto the control grid. Soft Dice is 2 sum(mf) / (sum(m^2) + sum(f^2)): with blurred masks
 * the plain sum(m) + sum(f) form is maximised by shrinking the moving ROI, this one exactly at m = f.
 */
final class PairTerm {
    final MaskBox target;
    final MaskBox moving;
    final double weight;
    /** Evaluate every stride-th fixed voxel per axis: coarse levels use blurrier masks, so fewer samples suffice. */
    private final int[] stride;
    private final int samples;
    private final double targetSquares;

    PairTerm(MaskBox target, MaskBox moving, double weight, int[] stride) {
        this.target = target;
        this.moving = moving;
        this.weight = weight;
        this.stride = stride.clone();
        samples = ceilDiv(target.nx, stride[0]) * ceilDiv(target.ny, stride[1]) * ceilDiv(target.nz, stride[2]);
        double s = 0;
        for (int k = 0; k < target.nz; k += stride[2]) {
            for (int j = 0; j < target.ny; j += stride[1]) {
                for (int i = 0; i < target.nx; i += stride[0]) {
                    float f = target.values[target.index(i, j, k)];
                    s += f * f;
                }
            }
        }
        targetSquares = s;
    }

    /** Number of fixed voxels evaluated, the size its scratch buffers need. */
    int samples() {
        return samples;
    }

    /** Per-thread buffers, sized for the largest box. */
    static final class Scratch {
        final float[] sampled;
        final float[] direction;
        final double[] residual = new double[3], gradient = new double[3];
        final int[] cornerNodes = new int[8];
        final double[] cornerWeights = new double[8];

        Scratch(int maxBoxSize) {
            sampled = new float[maxBoxSize];
            direction = new float[3 * maxBoxSize];
        }
    }

    /**
     * Adds this pair's weighted (1 - soft Dice) and MSE into {@code loss[0..1]} and their gradient with respect to
     * the control values into {@code nodeGradient}.
     *
     * @param base   fixed voxel -> moving voxel through the initial transform, 3x4
     * @param jacobian moving voxel change per residual voxel, 3x3
     */
    void evaluate(ControlGrid control, double[] base, double[] jacobian, double diceWeight, double mseWeight,
            double[] loss, double[] nodeGradient, Scratch s) {
        double overlap = 0, movingSquares = 0, squaredError = 0;
        int v = 0;
        for (int k = target.z0; k < target.z0 + target.nz; k += stride[2]) {
            for (int j = target.y0; j < target.y0 + target.ny; j += stride[1]) {
                for (int i = target.x0; i < target.x0 + target.nx; i += stride[0], v++) {
                    float f = target.values[target.index(i - target.x0, j - target.y0, k - target.z0)];
                    double m = sampleMoving(i, j, k, control, base, jacobian, s);
                    double[] g = s.gradient;
                    s.sampled[v] = (float) m;
                    // chain rule through the moving voxel coordinate: d m / d r = J^T grad m
                    s.direction[3 * v] = (float) (jacobian[0] * g[0] + jacobian[3] * g[1] + jacobian[6] * g[2]);
                    s.direction[3 * v + 1] = (float) (jacobian[1] * g[0] + jacobian[4] * g[1] + jacobian[7] * g[2]);
                    s.direction[3 * v + 2] = (float) (jacobian[2] * g[0] + jacobian[5] * g[1] + jacobian[8] * g[2]);
                    overlap += m * f;
                    movingSquares += m * m;
                    squaredError += (m - f) * (m - f);
                }
            }
        }
        double denominator = movingSquares + targetSquares;
        loss[0] += weight * (1 - 2 * overlap / denominator);
        loss[1] += weight * squaredError / samples;
        if (nodeGradient == null) {
            return;
        }
        v = 0;
        for (int k = target.z0; k < target.z0 + target.nz; k += stride[2]) {
            for (int j = target.y0; j < target.y0 + target.ny; j += stride[1]) {
                for (int i = target.x0; i < target.x0 + target.nx; i += stride[0], v++) {
                    float f = target.values[target.index(i - target.x0, j - target.y0, k - target.z0)];
                    float dx = s.direction[3 * v], dy = s.direction[3 * v + 1], dz = s.direction[3 * v + 2];
                    if (dx == 0 && dy == 0 && dz == 0) {
                        continue;
                    }
                    double m = s.sampled[v];
                    double dDice = 2 * f / denominator - 4 * m * overlap / (denominator * denominator);
                    double dLoss = weight * (-diceWeight * dDice + mseWeight * 2 * (m - f) / samples);
                    control.scatter(i, j, k, dLoss * dx, dLoss * dy, dLoss * dz, nodeGradient, s.cornerNodes,
                            s.cornerWeights);
                }
            }
        }
    }

    /** Dice of the binary masks (fixed box value and moving sample thresholded at 0.5), counted within the box. */
    double hardDice(ControlGrid control, double[] base, double[] jacobian, Scratch s) {
        int both = 0, fixedCount = 0, movingCount = 0;
        for (int k = target.z0; k < target.z0 + target.nz; k += stride[2]) {
            for (int j = target.y0; j < target.y0 + target.ny; j += stride[1]) {
                for (int i = target.x0; i < target.x0 + target.nx; i += stride[0]) {
                    float f = target.values[target.index(i - target.x0, j - target.y0, k - target.z0)];
                    boolean inFixed = f >= 0.5f;
                    boolean inMoving = sampleMoving(i, j, k, control, base, jacobian, s) >= 0.5;
                    fixedCount += inFixed ? 1 : 0;
                    movingCount += inMoving ? 1 : 0;
                    both += inFixed && inMoving ? 1 : 0;
                }
            }
        }
        return 2.0 * both / (fixedCount + movingCount);
    }

    /** Moving mask value at the image of fixed voxel (i, j, k); its gradient (moving voxels) goes to s.gradient. */
    private double sampleMoving(int i, int j, int k, ControlGrid control, double[] base, double[] jacobian,
            Scratch s) {
        control.interpolate(i, j, k, s.residual, s.cornerNodes, s.cornerWeights);
        double[] r = s.residual;
        double x = base[0] * i + base[1] * j + base[2] * k + base[3]
                + jacobian[0] * r[0] + jacobian[1] * r[1] + jacobian[2] * r[2];
        double y = base[4] * i + base[5] * j + base[6] * k + base[7]
                + jacobian[3] * r[0] + jacobian[4] * r[1] + jacobian[5] * r[2];
        double z = base[8] * i + base[9] * j + base[10] * k + base[11]
                + jacobian[6] * r[0] + jacobian[7] * r[1] + jacobian[8] * r[2];
        return moving.sample(x, y, z, s.gradient);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
