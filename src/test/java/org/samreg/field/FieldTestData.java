package org.samreg.field;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.SharedData;

/** Builds ROI pairs with a known ground-truth mapping for the solver tests. */
final class FieldTestData {
    private FieldTestData() {
    }

    /** A shared PNG label as a 0/1 array (x fastest), or the test is skipped when the shared data is absent. */
    static int[] sharedLabel(String relative, int width, int height) throws IOException {
        Path file = SharedData.require("data/pairs/2d/" + relative);
        Raster raster = ImageIO.read(file.toFile()).getRaster();
        if (raster.getWidth() != width || raster.getHeight() != height) {
            throw new IllegalStateException(relative + " is " + raster.getWidth() + "x" + raster.getHeight());
        }
        int[] label = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                label[x + width * y] = raster.getSample(x, y, 0) > 127 ? 1 : 0;
            }
        }
        return label;
    }

    /** Splits a binary label into {@code sectors} angular sectors around its centroid, labelled 1..sectors. */
    static int[] sectors(int[] label, int width, int sectors) {
        double cx = 0, cy = 0;
        int n = 0;
        for (int v = 0; v < label.length; v++) {
            if (label[v] != 0) {
                cx += v % width;
                cy += v / width;
                n++;
            }
        }
        cx /= n;
        cy /= n;
        int[] out = new int[label.length];
        for (int v = 0; v < label.length; v++) {
            if (label[v] != 0) {
                double angle = Math.atan2(v / width - cy, v % width - cx) + Math.PI;
                out[v] = 1 + Math.min(sectors - 1, (int) (angle / (2 * Math.PI) * sectors));
            }
        }
        return out;
    }

    /** Label at a patient point by nearest-voxel lookup in a label array on {@code grid} (0 outside). */
    static ToIntFunction<double[]> lookup(int[] labels, Geometry grid) {
        return p -> {
            double[] v = grid.toVoxel(p[0], p[1], p[2]);
            long i = Math.round(v[0]), j = Math.round(v[1]), k = Math.round(v[2]);
            if (i < 0 || j < 0 || k < 0 || i >= grid.nx || j >= grid.ny || k >= grid.nz) {
                return 0;
            }
            return labels[grid.index((int) i, (int) j, (int) k)];
        };
    }

    /** Labels of every voxel centre of {@code grid}. */
    static int[] rasterise(Geometry grid, ToIntFunction<double[]> labelAt) {
        int[] out = new int[grid.voxelCount()];
        int v = 0;
        for (int k = 0; k < grid.nz; k++) {
            for (int j = 0; j < grid.ny; j++) {
                for (int i = 0; i < grid.nx; i++, v++) {
                    out[v] = labelAt.applyAsInt(grid.toPatient(i, j, k));
                }
            }
        }
        return out;
    }

    /**
     * Moving labels for a moving grid, where {@code movingToFixed} maps a moving patient point to the fixed patient
     * point showing the same anatomy.
     */
    static int[] movingLabels(Geometry movingGrid, ToIntFunction<double[]> fixedLabelAt,
            UnaryOperator<double[]> movingToFixed) {
        return rasterise(movingGrid, q -> fixedLabelAt.applyAsInt(movingToFixed.apply(q)));
    }

    /** One pair per label value 1..count, plus the union of all labels as an extra pair when asked. */
    static List<MaskPair> pairs(Geometry fixedGrid, int[] fixedLabels, Geometry movingGrid, int[] movingLabels,
            int count, boolean withUnion) {
        List<MaskPair> pairs = new ArrayList<>();
        for (int l = withUnion ? 0 : 1; l <= count; l++) {
            pairs.add(new MaskPair(mask(fixedGrid, fixedLabels, l), mask(movingGrid, movingLabels, l)));
        }
        return pairs;
    }

    /** Voxels with label {@code l}, or any non-zero label for {@code l == 0}. */
    static Mask mask(Geometry grid, int[] labels, int l) {
        boolean[] dense = new boolean[labels.length];
        for (int v = 0; v < labels.length; v++) {
            dense[v] = l == 0 ? labels[v] != 0 : labels[v] == l;
        }
        return Mask.fromDense(grid, dense);
    }

    /** Mean and max, over the mask's voxels, of |u - truth| measured in fixed voxels (per-axis spacing). */
    static double[] errorVoxels(DisplacementField field, Mask region, UnaryOperator<double[]> truth) {
        Geometry g = field.grid();
        double[] toVoxel = g.patientToVoxel();
        double sum = 0, max = 0;
        for (int v : region.voxels()) {
            int i = v % g.nx, j = (v / g.nx) % g.ny, k = v / g.sliceSize();
            double[] p = g.toPatient(i, j, k);
            double[] mapped = field.mapVoxel(i, j, k);
            double[] expected = truth.apply(p);
            double[] e = {mapped[0] - expected[0], mapped[1] - expected[1], mapped[2] - expected[2]};
            double err = Math.sqrt(sq(toVoxel[0] * e[0] + toVoxel[1] * e[1] + toVoxel[2] * e[2])
                    + sq(toVoxel[4] * e[0] + toVoxel[5] * e[1] + toVoxel[6] * e[2])
                    + sq(toVoxel[8] * e[0] + toVoxel[9] * e[1] + toVoxel[10] * e[2]));
            sum += err;
            max = Math.max(max, err);
        }
        return new double[] {sum / region.size(), max};
    }

    private static double sq(double v) {
        return v * v;
    }
}
