package org.samreg.field;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.samreg.image.Mask;

/**
 * ROI pairs grouped into independent pieces of evidence. In 3D, everything mode segments slice by slice, so one
 * structure crossing ten slices gives up to ten pairs, and they agree with each other whether its match is right or
 * wrong (prostate MR to ultrasound: five pairs from one wrongly matched structure outvoted two others and moved the
 * gland away). Pairs whose fixed ROIs lie on slices at most {@value #MAX_SLICE_GAP} apart and overlap in-plane by at
 * least half of the smaller are one structure, and so are chains of such pairs. ROIs on one slice are always
 * distinct structures: everything mode has already removed overlapping masks there.
 */
final class Structures {
    static final int MAX_SLICE_GAP = 2;
    private static final double MIN_IN_PLANE_OVERLAP = 0.5;

    private Structures() {
    }

    /** A structure number per pair; pairs of one structure share it. */
    static int[] of(List<MaskPair> pairs) {
        int n = pairs.size();
        int[] slice = new int[n];
        int[][] inPlane = new int[n][];
        for (int p = 0; p < n; p++) {
            Mask m = pairs.get(p).fixed();
            int sliceSize = m.geometry().sliceSize();
            slice[p] = (int) Math.round(m.centroidVoxel()[2]);
            inPlane[p] = Arrays.stream(m.voxels()).map(v -> v % sliceSize).sorted().distinct().toArray();
        }
        int[] parent = new int[n];
        Arrays.setAll(parent, p -> p);
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                int gap = Math.abs(slice[p] - slice[q]);
                if (gap >= 1 && gap <= MAX_SLICE_GAP && Mask.sharedCount(inPlane[p], inPlane[q])
                        >= MIN_IN_PLANE_OVERLAP * Math.min(inPlane[p].length, inPlane[q].length)) {
                    parent[root(parent, p)] = root(parent, q);
                }
            }
        }
        int[] structure = new int[n];
        Arrays.setAll(structure, p -> root(parent, p));
        return structure;
    }

    /** Number of distinct structures among the pairs with {@code use} set. */
    static int count(int[] structure, boolean[] use) {
        return (int) IntStream.range(0, structure.length).filter(p -> use[p]).map(p -> structure[p]).distinct().count();
    }

    private static int root(int[] parent, int p) {
        while (parent[p] != p) {
            p = parent[p] = parent[parent[p]];
        }
        return p;
    }
}
