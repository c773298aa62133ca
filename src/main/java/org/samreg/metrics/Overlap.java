package org.samreg.metrics;

import java.util.Arrays;
import org.samreg.image.Mask;

/** Overlap and distance scores between two masks on the same grid. */
public final class Overlap {
    private Overlap() {
    }

    /** Dice coefficient; 1 when both masks are empty. */
    public static double dice(Mask a, Mask b) {
        requireSameGrid(a, b);
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        return 2.0 * Mask.sharedCount(a.voxels(), b.voxels()) / (a.size() + b.size());
    }

    /**
     * Dice coefficient of the two masks seen along the slice axis: a pixel of the slice plane counts when any slice
     * of the mask covers it; 1 when both are empty. For ROIs segmented on single slices, whose partner a field
     * moves between slices (a head shifting across sagittal slices), this is their overlap where 3D Dice is 0.
     */
    public static double inPlaneDice(Mask a, Mask b) {
        requireSameGrid(a, b);
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        int[] pa = projected(a), pb = projected(b);
        return 2.0 * Mask.sharedCount(pa, pb) / (pa.length + pb.length);
    }

    /** The slice-plane pixels a mask covers, ascending. */
    private static int[] projected(Mask m) {
        int sliceSize = m.geometry().sliceSize();
        return Arrays.stream(m.voxels()).map(v -> v % sliceSize).sorted().distinct().toArray();
    }

    /** Distance in mm between the centroids of the two masks; NaN when either is empty. */
    public static double centroidDistanceMm(Mask a, Mask b) {
        requireSameGrid(a, b);
        if (a.isEmpty() || b.isEmpty()) {
            return Double.NaN;
        }
        double[] ca = a.centroidPatient(), cb = b.centroidPatient();
        return Math.sqrt(sq(ca[0] - cb[0]) + sq(ca[1] - cb[1]) + sq(ca[2] - cb[2]));
    }

    private static void requireSameGrid(Mask a, Mask b) {
        if (!a.geometry().sameGrid(b.geometry(), 1e-3)) {
            throw new IllegalArgumentException("masks are on different grids: " + a.geometry() + " vs " + b.geometry());
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
