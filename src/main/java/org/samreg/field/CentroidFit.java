package org.samreg.field;

import java.util.Arrays;
import java.util.List;
import org.samreg.image.Geometry;

/**
 * Robust weighted least-squares transform from fixed ROI centroids to moving ROI centroids. Works in the fixed
 * grid's axis frame so that for a 2D fixed image the fitted part stays in-plane: only translation along the slice
 * normal. Some matches are wrong, and with few pairs a least-squares affine would fit them exactly, so the fit
 * starts from the largest set of pairs that agree on a translation (within a tolerance of a tenth of the fixed
 * field of view); it is affine only when at least twice the affine's minimal number of pairs agree (6 in 2D, 8 in
 * 3D), the centroids spread in every direction and the affine stretches no direction by more than a factor of
 * {@value #MAX_STRETCH}, translation otherwise; pairs with large residuals are dropped and the fit repeated. Fewer
 * than {@value #MIN_AGREEING} agreeing pairs give the initial alignment the caller started from. Pairs are counted
 * as {@link Structures}: the slices of one 3D structure are one piece of evidence, not one per slice.
 */
final class CentroidFit {
    /** Residuals below this many fixed voxels never count as outliers, whatever the median. */
    private static final double OUTLIER_FLOOR_VOXELS = 5;
    private static final int MAX_ROUNDS = 10;
    private static final double CONSENSUS_FOV_FRACTION = 0.1;
    /**
     * Least standard deviation of the centroids along any direction, as a fraction of the fixed field of view, for an
     * affine fit. Centroids of a stack of slices through one organ lie near a line; an affine fitted to them
     * scales and shears across that line from millimetre noise (prostate MR to ultrasound: the gland collapsed to
     * a sheet, Dice 0.59 to 0.07).
     */
    private static final double MIN_SPREAD_FOV_FRACTION = 0.1;
    /**
     * Fewest pairs that must agree before their centroids set the initial transform; with fewer, the fit is the
     * caller's initial alignment (the identity in the paper), and the dense field starts from it. A lone pair's
     * centroid shift is no consensus: on prostate-2d, whose three pairs all disagree, starting from the identity
     * instead of the best-matched pair's shift brought the label centroid error from 6.27 to 5.14 mm (Dice 0.552 to
     * 0.560).
     */
    static final int MIN_AGREEING = 3;
    /** Largest stretch (or shrink, as its inverse) of any direction by the fitted affine. */
    private static final double MAX_STRETCH = 2;

    /** Row-major 4x4 fixed patient -> moving patient. */
    final double[] matrix;
    final boolean[] inlier;
    final boolean affine;
    /** Distinct structures among the inliers. */
    final int agreeing;

    private CentroidFit(double[] matrix, boolean[] inlier, boolean affine, int agreeing) {
        this.matrix = matrix;
        this.inlier = inlier;
        this.affine = affine;
        this.agreeing = agreeing;
    }

    /** {@code start} (row-major 4x4 fixed patient -> moving patient) with every pair kept. */
    static CentroidFit start(double[] start, List<MaskPair> pairs) {
        boolean[] all = new boolean[pairs.size()];
        Arrays.fill(all, true);
        return new CentroidFit(start.clone(), all, false, Structures.count(Structures.of(pairs), all));
    }

    static CentroidFit fit(Geometry fixedGrid, List<MaskPair> pairs, double outlierFactor, double[] start) {
        int n = pairs.size();
        double[] frame = frame(fixedGrid);
        double[] toFrame = new double[12];
        Geometry.invertAffine(frame, toFrame);
        double[][] q = new double[n][], qm = new double[n][];
        double[] w = new double[n];
        for (int p = 0; p < n; p++) {
            double[] cf = pairs.get(p).fixed().centroidPatient();
            double[] cm = pairs.get(p).moving().centroidPatient();
            q[p] = Geometry.apply(toFrame, cf[0], cf[1], cf[2]);
            qm[p] = Geometry.apply(toFrame, cm[0], cm[1], cm[2]);
            w[p] = pairs.get(p).weight();
        }
        int dims = fixedGrid.is2D() ? 2 : 3;
        double floor = OUTLIER_FLOOR_VOXELS * meanSpacing(fixedGrid, dims);
        double fieldOfView = fieldOfView(fixedGrid);
        int[] structure = Structures.of(pairs);
        boolean[] inlier = translationConsensus(q, qm, w, structure,
                Math.max(floor, CONSENSUS_FOV_FRACTION * fieldOfView));
        double[] local = null;
        boolean affine = false;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            affine = Structures.count(structure, inlier) >= 2 * (dims + 1);
            local = affine ? affineFit(q, qm, w, inlier, dims, MIN_SPREAD_FOV_FRACTION * fieldOfView) : null;
            if (local == null) {
                affine = false;
                local = translationFit(q, qm, w, inlier);
            }
            double[] residual = new double[n];
            for (int p = 0; p < n; p++) {
                double[] mapped = Geometry.apply(local, q[p][0], q[p][1], q[p][2]);
                residual[p] = Math.sqrt(sq(mapped[0] - qm[p][0]) + sq(mapped[1] - qm[p][1]) + sq(mapped[2] - qm[p][2]));
            }
            double threshold = Math.max(floor, outlierFactor * median(residual, inlier));
            boolean[] next = new boolean[n];
            for (int p = 0; p < n; p++) {
                next[p] = residual[p] <= threshold;
            }
            if (Arrays.equals(next, inlier) || count(next) == 0) {
                break;
            }
            inlier = next;
        }
        int agreeing = Structures.count(structure, inlier);
        if (agreeing < MIN_AGREEING) {
            return new CentroidFit(start.clone(), inlier, false, agreeing);
        }
        return new CentroidFit(toPatient(local, frame), inlier, affine, agreeing);
    }

    /**
     * The pairs that agree with the translation of some pair (each pair's centroid shift is a hypothesis) within
     * {@code tolerance} mm, for the hypothesis with the most structures behind it, then the most weight.
     */
    private static boolean[] translationConsensus(double[][] q, double[][] qm, double[] w, int[] structure,
            double tolerance) {
        int n = q.length;
        boolean[] best = new boolean[n];
        int bestStructures = -1;
        double bestWeight = -1;
        for (int h = 0; h < n; h++) {
            boolean[] agree = new boolean[n];
            double weight = 0;
            for (int p = 0; p < n; p++) {
                double d = Math.sqrt(sq(qm[p][0] - q[p][0] - (qm[h][0] - q[h][0]))
                        + sq(qm[p][1] - q[p][1] - (qm[h][1] - q[h][1])) + sq(qm[p][2] - q[p][2] - (qm[h][2] - q[h][2])));
                if (d <= tolerance) {
                    agree[p] = true;
                    weight += w[p];
                }
            }
            int structures = Structures.count(structure, agree);
            if (structures > bestStructures || structures == bestStructures && weight > bestWeight) {
                bestStructures = structures;
                bestWeight = weight;
                best = agree;
            }
        }
        return best;
    }

    /** Diagonal of the fixed grid's extent in mm. */
    private static double fieldOfView(Geometry g) {
        return Math.sqrt(sq(g.nx * g.spacing(0)) + sq(g.ny * g.spacing(1)) + sq(g.nz * g.spacing(2)));
    }

    /** The fixed grid's axis frame (unit axes, origin) as a 3x4 frame -> patient matrix. */
    private static double[] frame(Geometry g) {
        double[] d = g.direction(), o = g.origin();
        return new double[] {d[0], d[1], d[2], o[0], d[3], d[4], d[5], o[1], d[6], d[7], d[8], o[2]};
    }

    /**
     * Weighted affine fit of the first {@code dims} frame axes; the rest only translate. Null if degenerate: the
     * centroids' standard deviation along some direction is below {@code minSpread} mm, or the fit folds or stretches
     * a direction beyond {@link #MAX_STRETCH}.
     */
    private static double[] affineFit(double[][] q, double[][] qm, double[] w, boolean[] use, int dims,
            double minSpread) {
        double[] meanQ = weightedMean(q, w, use), meanM = weightedMean(qm, w, use);
        double[][] cov = new double[dims][dims], cross = new double[3][dims];
        for (int p = 0; p < q.length; p++) {
            if (!use[p]) {
                continue;
            }
            for (int a = 0; a < dims; a++) {
                for (int b = 0; b < dims; b++) {
                    cov[a][b] += w[p] * (q[p][a] - meanQ[a]) * (q[p][b] - meanQ[b]);
                }
                for (int r = 0; r < 3; r++) {
                    cross[r][a] += w[p] * (qm[p][r] - meanM[r]) * (q[p][a] - meanQ[a]);
                }
            }
        }
        double total = 0;
        for (int p = 0; p < q.length; p++) {
            total += use[p] ? w[p] : 0;
        }
        double[] variances = SymmetricEigen.values(cov);
        if (variances[0] / total < minSpread * minSpread) {
            return null;
        }
        double[][] inv = invert(cov);
        if (inv == null) {
            return null;
        }
        double[] m = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int a = 0; a < dims; a++) {
                for (int b = 0; b < dims; b++) {
                    m[r * 4 + a] += cross[r][b] * inv[b][a];
                }
            }
        }
        if (dims == 2) {
            m[2] = m[6] = m[8] = m[9] = 0; // no shear out of the slice plane
            m[10] = 1;
        }
        double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
        double[][] gram = new double[dims][dims]; // A^T A of the in-plane (2D) or full (3D) linear part
        for (int a = 0; a < dims; a++) {
            for (int b = 0; b < dims; b++) {
                for (int r = 0; r < 3; r++) {
                    gram[a][b] += m[r * 4 + a] * m[r * 4 + b];
                }
            }
        }
        double[] squaredStretches = SymmetricEigen.values(gram);
        if (!(det > 0) || squaredStretches[0] < 1 / (MAX_STRETCH * MAX_STRETCH)
                || squaredStretches[dims - 1] > MAX_STRETCH * MAX_STRETCH) {
            return null; // a fold or an implausible scaling: the centroids do not pin down an affine
        }
        for (int r = 0; r < 3; r++) {
            m[r * 4 + 3] = meanM[r] - (m[r * 4] * meanQ[0] + m[r * 4 + 1] * meanQ[1] + m[r * 4 + 2] * meanQ[2]);
        }
        return m;
    }

    private static double[] translationFit(double[][] q, double[][] qm, double[] w, boolean[] use) {
        double[] a = weightedMean(q, w, use), b = weightedMean(qm, w, use);
        return new double[] {1, 0, 0, b[0] - a[0], 0, 1, 0, b[1] - a[1], 0, 0, 1, b[2] - a[2]};
    }

    /** Frame-space 3x4 transform to a patient-space 4x4: frame . local . frame^-1. */
    private static double[] toPatient(double[] local, double[] frame) {
        double[] toFrame = new double[12];
        Geometry.invertAffine(frame, toFrame);
        double[] m = compose(frame, compose(local, toFrame));
        return new double[] {m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], 0, 0, 0, 1};
    }

    /** a . b for row-major 3x4 affines. */
    static double[] compose(double[] a, double[] b) {
        double[] c = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int col = 0; col < 4; col++) {
                double s = col == 3 ? a[r * 4 + 3] : 0;
                for (int t = 0; t < 3; t++) {
                    s += a[r * 4 + t] * b[t * 4 + col];
                }
                c[r * 4 + col] = s;
            }
        }
        return c;
    }

    private static double[][] invert(double[][] m) {
        int n = m.length;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale += m[i][i] / n;
        }
        if (!(scale > 0)) {
            return null;
        }
        double det = n == 2 ? m[0][0] * m[1][1] - m[0][1] * m[1][0]
                : m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (det < 1e-4 * Math.pow(scale, n)) {
            return null; // centroids (nearly) collinear or coplanar
        }
        if (n == 2) {
            return new double[][] {{m[1][1] / det, -m[0][1] / det}, {-m[1][0] / det, m[0][0] / det}};
        }
        double[] flat = {m[0][0], m[0][1], m[0][2], 0, m[1][0], m[1][1], m[1][2], 0, m[2][0], m[2][1], m[2][2], 0};
        double[] out = new double[12];
        Geometry.invertAffine(flat, out);
        return new double[][] {{out[0], out[1], out[2]}, {out[4], out[5], out[6]}, {out[8], out[9], out[10]}};
    }

    private static double[] weightedMean(double[][] pts, double[] w, boolean[] use) {
        double[] mean = new double[3];
        double total = 0;
        for (int p = 0; p < pts.length; p++) {
            if (use[p]) {
                for (int a = 0; a < 3; a++) {
                    mean[a] += w[p] * pts[p][a];
                }
                total += w[p];
            }
        }
        for (int a = 0; a < 3; a++) {
            mean[a] /= total;
        }
        return mean;
    }

    private static double median(double[] values, boolean[] use) {
        double[] v = new double[count(use)];
        int n = 0;
        for (int p = 0; p < values.length; p++) {
            if (use[p]) {
                v[n++] = values[p];
            }
        }
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    private static double meanSpacing(Geometry g, int dims) {
        double s = 0;
        for (int a = 0; a < dims; a++) {
            s += g.spacing(a) / dims;
        }
        return s;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            if (x) {
                n++;
            }
        }
        return n;
    }

    private static double sq(double v) {
        return v * v;
    }
}
