package org.samreg.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.samreg.image.Mask;

/**
 * Matches moving ROIs to fixed ROIs by the cosine similarity of their prototypes (method steps 4 and 5).
 * One-to-one: repeatedly take the global maximum of the similarity matrix above the threshold and remove its row
 * and column. One-to-many: every fixed ROI joins the moving ROI it is most similar to (above the threshold), so a
 * moving ROI can pair with several fixed ROIs, whose union becomes the fixed side of the pair.
 * In 3D a moving ROI on slice s may only match fixed ROIs within {@link MatchSettings#sliceRangeMm()} of the fixed
 * slice that corresponds to s (slices are mapped proportionally when the two volumes have different slice counts).
 */
public final class RoiMatcher {
    private final MatchSettings settings;

    public RoiMatcher(MatchSettings settings) {
        this.settings = settings;
    }

    /** Cosine similarity of every moving (rows) and fixed (columns) prototype; NaN where the slice range forbids. */
    public double[][] similarity(List<Roi> moving, List<Roi> fixed, int movingSlices, int fixedSlices) {
        double[][] s = new double[moving.size()][fixed.size()];
        for (int i = 0; i < s.length; i++) {
            Roi m = moving.get(i);
            int centre = correspondingSlice(m.slice(), movingSlices, fixedSlices);
            for (int j = 0; j < s[i].length; j++) {
                Roi f = fixed.get(j);
                double distanceMm = Math.abs(f.slice() - centre) * f.mask().geometry().spacing(2);
                s[i][j] = distanceMm <= settings.sliceRangeMm() + 1e-6
                        ? Prototypes.cosine(m.prototype(), f.prototype()) : Double.NaN;
            }
        }
        return s;
    }

    public List<RoiPair> match(List<Roi> moving, List<Roi> fixed, int movingSlices, int fixedSlices) {
        double[][] s = similarity(moving, fixed, movingSlices, fixedSlices);
        List<Match> matches = settings.oneToMany() ? oneToMany(s) : oneToOne(s);
        matches.sort(Comparator.comparingDouble(Match::similarity).reversed());
        if (settings.maxPairs() > 0 && matches.size() > settings.maxPairs()) {
            matches = matches.subList(0, settings.maxPairs());
        }
        List<RoiPair> pairs = new ArrayList<>();
        for (Match m : matches) {
            Mask[] fixedMasks = m.fixed().stream().map(j -> fixed.get(j).mask()).toArray(Mask[]::new);
            Mask fixedMask = fixedMasks.length == 1 ? fixedMasks[0] : Mask.union(fixedMasks);
            pairs.add(new RoiPair(pairs.size() + 1, fixedMask, moving.get(m.moving()).mask(), m.similarity()));
        }
        return pairs;
    }

    /** A moving row, the fixed columns it matched, and the best similarity among them. */
    public record Match(int moving, List<Integer> fixed, double similarity) {
    }

    public List<Match> oneToOne(double[][] s) {
        List<double[]> candidates = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s[i].length; j++) {
                if (s[i][j] >= settings.threshold()) {
                    candidates.add(new double[] {s[i][j], i, j});
                }
            }
        }
        // Walking the candidates in descending order is the same as repeatedly taking the global maximum.
        candidates.sort((a, b) -> Double.compare(b[0], a[0]));
        boolean[] rowUsed = new boolean[s.length];
        boolean[] colUsed = new boolean[s.length == 0 ? 0 : s[0].length];
        List<Match> out = new ArrayList<>();
        for (double[] c : candidates) {
            int i = (int) c[1], j = (int) c[2];
            if (!rowUsed[i] && !colUsed[j]) {
                rowUsed[i] = true;
                colUsed[j] = true;
                out.add(new Match(i, List.of(j), c[0]));
            }
        }
        return out;
    }

    public List<Match> oneToMany(double[][] s) {
        Map<Integer, List<Integer>> fixedByMoving = new LinkedHashMap<>();
        Map<Integer, Double> best = new LinkedHashMap<>();
        int columns = s.length == 0 ? 0 : s[0].length;
        for (int j = 0; j < columns; j++) {
            int bestRow = -1;
            for (int i = 0; i < s.length; i++) {
                if (s[i][j] >= settings.threshold() && (bestRow < 0 || s[i][j] > s[bestRow][j])) {
                    bestRow = i;
                }
            }
            if (bestRow >= 0) {
                fixedByMoving.computeIfAbsent(bestRow, k -> new ArrayList<>()).add(j);
                best.merge(bestRow, s[bestRow][j], Math::max);
            }
        }
        List<Match> out = new ArrayList<>();
        fixedByMoving.forEach((i, js) -> out.add(new Match(i, js, best.get(i))));
        return out;
    }

    static int correspondingSlice(int slice, int fromSlices, int toSlices) {
        if (fromSlices <= 1 || toSlices <= 1) {
            return 0;
        }
        return (int) Math.round(slice * (toSlices - 1) / (double) (fromSlices - 1));
    }
}
