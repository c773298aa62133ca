package org.samreg.field;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.IntStream;
import org.samreg.image.Geometry;
import org.samreg.image.Progress;

/**
 * SAMReg step 6: a displacement field on the fixed grid under which every moving ROI overlaps its fixed ROI.
 * An initial transform is fitted to the ROI centroids, then a residual field on a coarse-to-fine control grid is
 * optimised with Adam on sum_k w_k [(1 - softDice) + MSE] / sum_k w_k + lambda * mean |grad residual|^2.
 */
public final class FieldSolver {
    private static final double ADAM_EPSILON = 1e-12;
    private static final double IDENTITY_TOLERANCE_MM = 1e-3;

    private final FieldSettings settings;

    public FieldSolver(FieldSettings settings) {
        this.settings = settings;
    }

    public FieldSolver() {
        this(FieldSettings.defaults());
    }

    public FieldResult solve(Geometry fixedGrid, Geometry movingGrid, List<MaskPair> pairs) {
        return solve(fixedGrid, movingGrid, pairs, InitialAlignment.HEADER, Progress.NONE);
    }

    /** The initial alignment alone, as a field: where a registration without ROI pairs starts. */
    public FieldResult start(Geometry fixedGrid, Geometry movingGrid, InitialAlignment alignment) {
        return alignmentOnly(fixedGrid, alignment.matrix(fixedGrid, movingGrid), 0, List.of());
    }

    /**
     * The ROI method's initial transform alone, as a field: the centroid consensus of the pairs that agree (see
     * {@link CentroidFit}), else {@code alignment}, with those pairs and the same warnings as {@link #solve}: where the
     * hybrid method's dense stage starts, guided by those pairs.
     */
    public FieldResult start(Geometry fixedGrid, Geometry movingGrid, InitialAlignment alignment,
            List<MaskPair> pairs) {
        checkGrids(fixedGrid, movingGrid, pairs);
        double[] aligned = alignment.matrix(fixedGrid, movingGrid);
        if (pairs.isEmpty()) {
            return alignmentOnly(fixedGrid, aligned, 0, List.of());
        }
        List<String> warnings = new ArrayList<>();
        Consensus c = consensus(fixedGrid, pairs, alignment, aligned, warnings);
        return new FieldResult(alignmentOnly(fixedGrid, c.fit.matrix, 0, List.of()).field(), c.fit.matrix, 0, 0, 0,
                Double.NaN, Double.NaN, c.used, 0, warnings);
    }

    /** The centroid fit and the pairs it keeps; adds its warnings. */
    private record Consensus(CentroidFit fit, List<MaskPair> used) {
    }

    private Consensus consensus(Geometry fixedGrid, List<MaskPair> pairs, InitialAlignment alignment, double[] aligned,
            List<String> warnings) {
        CentroidFit fit = settings.affineInit() ? CentroidFit.fit(fixedGrid, pairs, settings.outlierFactor(), aligned)
                : CentroidFit.start(aligned, pairs);
        List<MaskPair> used = new ArrayList<>();
        for (int p = 0; p < pairs.size(); p++) {
            if (fit.inlier[p]) {
                used.add(pairs.get(p));
            }
        }
        if (used.size() < pairs.size()) {
            warnings.add("left out " + (pairs.size() - used.size()) + " of " + pairs.size()
                    + " ROI pairs whose centroids disagree with the others (likely wrong matches)");
        }
        if (settings.affineInit() && fit.agreeing < CentroidFit.MIN_AGREEING) {
            warnings.add("fewer than " + CentroidFit.MIN_AGREEING + " ROI pairs (distinct structures) agree on a "
                    + "translation: the field starts from " + startName(alignment));
        }
        int affineMinimum = fixedGrid.is2D() ? 3 : 4;
        if (settings.affineInit() && !fit.affine && fit.agreeing >= affineMinimum) {
            warnings.add("ROI centroids do not determine an affine transform: initial transform is a translation");
        }
        return new Consensus(fit, used);
    }

    private static String startName(InitialAlignment alignment) {
        return alignment == InitialAlignment.HEADER ? "the identity" : "the centre alignment";
    }

    private FieldResult alignmentOnly(Geometry fixedGrid, double[] aligned, double seconds, List<String> warnings) {
        return new FieldResult(toField(fixedGrid, aligned, new ControlGrid(fixedGrid, settings.controlSpacing())),
                aligned, 0, 0, 0, Double.NaN, Double.NaN, List.of(), seconds, warnings);
    }

    /** {@code alignment} is where the solver starts, and what it returns when the ROI pairs do not agree. */
    public FieldResult solve(Geometry fixedGrid, Geometry movingGrid, List<MaskPair> pairs,
            InitialAlignment alignment, Progress progress) {
        long start = System.nanoTime();
        checkGrids(fixedGrid, movingGrid, pairs);
        double[] aligned = alignment.matrix(fixedGrid, movingGrid);
        List<String> warnings = new ArrayList<>();
        if (pairs.isEmpty()) {
            warnings.add("no ROI pairs to register with: returning " + startName(alignment));
            return alignmentOnly(fixedGrid, aligned, seconds(start), warnings);
        }
        progress.update("initial transform", 1, 1);
        Consensus consensus = consensus(fixedGrid, pairs, alignment, aligned, warnings);
        CentroidFit fit = consensus.fit;
        List<MaskPair> used = consensus.used;

        double[] fixedToPatient = fixedGrid.voxelToPatient();
        double[] movingToVoxel = movingGrid.patientToVoxel();
        double[] base = CentroidFit.compose(movingToVoxel, CentroidFit.compose(fit.matrix, fixedToPatient));
        double[] jacobian = linearProduct(movingToVoxel, fixedToPatient);
        double[] unregistered = CentroidFit.compose(movingToVoxel, fixedToPatient);

        double totalWeight = used.stream().mapToDouble(MaskPair::weight).sum();
        List<PairTerm> hard = terms(used, totalWeight, 0, 1, fixedGrid, movingGrid);
        ControlGrid control = new ControlGrid(fixedGrid, settings.controlSpacing() << (settings.pyramidLevels() - 1));
        double diceBefore = meanHardDice(hard, control, unregistered, jacobian); // control is still all zero

        double[] loss = new double[3];
        for (int level = settings.pyramidLevels() - 1; level >= 0; level--) {
            int spacing = settings.controlSpacing() << level;
            if (control.spacing != spacing) {
                control = control.refined(spacing);
            }
            double sigmaMm = settings.maskSigma() * (1 << level) * inPlaneSpacing(fixedGrid);
            List<PairTerm> terms = terms(used, totalWeight, sigmaMm, 1 << level, fixedGrid, movingGrid);
            String stage = "deformation level " + (settings.pyramidLevels() - level) + "/" + settings.pyramidLevels();
            optimise(control, terms, base, jacobian, fixedGrid.is2D(), stage, progress);
            if (level == 0) {
                loss = evaluate(control, terms, base, jacobian, null);
            }
        }
        double diceAfter = meanHardDice(hard, control, base, jacobian);
        DisplacementField field = toField(fixedGrid, fit.matrix, control);
        return new FieldResult(field, fit.matrix, loss[0], loss[1], loss[2], diceBefore, diceAfter, used,
                seconds(start), warnings);
    }

    private void optimise(ControlGrid control, List<PairTerm> terms, double[] base, double[] jacobian, boolean planar,
            String stage, Progress progress) {
        int n = control.values.length;
        int iterations = settings.iterationsPerLevel();
        Adam adam = new Adam(n, settings.stepSize(), iterations, ADAM_EPSILON);
        for (int t = 1; t <= iterations; t++) {
            double[] gradient = new double[n];
            evaluate(control, terms, base, jacobian, gradient);
            adam.begin(t);
            for (int q = 0; q < n; q++) {
                if (planar && q % 3 == 2) {
                    continue; // a single slice: the residual stays in its plane
                }
                control.values[q] += adam.change(q, gradient[q]);
            }
            progress.update(stage, t, iterations);
        }
    }

    /**
     * Loss terms {1 - soft Dice, MSE, smoothness} before their weights; adds the gradient of the weighted total into
     * {@code gradient} unless null.
     */
    private double[] evaluate(ControlGrid control, List<PairTerm> terms, double[] base, double[] jacobian,
            double[] gradient) {
        // as many parts as the pool running this has threads (the engine's own, see RegistrationSettings#threads)
        int workers = ForkJoinTask.inForkJoinPool() ? ForkJoinTask.getPool().getParallelism()
                : Runtime.getRuntime().availableProcessors();
        int threads = Math.max(1, Math.min(workers, terms.size()));
        int maxBox = terms.stream().mapToInt(PairTerm::samples).max().orElse(0);
        double[][] partialLoss = new double[threads][2];
        double[][] partialGradient = new double[threads][];
        IntStream.range(0, threads).parallel().forEach(thread -> {
            PairTerm.Scratch scratch = new PairTerm.Scratch(maxBox);
            partialGradient[thread] = gradient == null ? null : new double[gradient.length];
            for (int p = thread; p < terms.size(); p += threads) {
                terms.get(p).evaluate(control, base, jacobian, settings.diceWeight(), settings.mseWeight(),
                        partialLoss[thread], partialGradient[thread], scratch);
            }
        });
        double[] loss = new double[3];
        for (int thread = 0; thread < threads; thread++) {
            loss[0] += partialLoss[thread][0];
            loss[1] += partialLoss[thread][1];
            if (gradient != null) {
                for (int q = 0; q < gradient.length; q++) {
                    gradient[q] += partialGradient[thread][q];
                }
            }
        }
        double[] smoothnessGradient = gradient == null ? new double[control.values.length] : gradient;
        loss[2] = control.smoothness(settings.lambda(), smoothnessGradient);
        return loss;
    }

    /**
     * Pair terms with masks blurred by {@code sigmaMm}, evaluated on every {@code subsampling}-th fixed voxel along
     * the finest axis (proportionally fewer skipped along coarser axes).
     */
    private List<PairTerm> terms(List<MaskPair> pairs, double totalWeight, double sigmaMm, int subsampling,
            Geometry fixedGrid, Geometry movingGrid) {
        double[] fixedSigma = sigmaVoxels(fixedGrid, sigmaMm), movingSigma = sigmaVoxels(movingGrid, sigmaMm);
        int[] fixedMargin = margin(fixedGrid, fixedSigma, settings.marginVoxels());
        int[] movingMargin = margin(movingGrid, movingSigma, 1);
        double finest = Math.min(fixedGrid.spacing(0), fixedGrid.spacing(1));
        if (!fixedGrid.is2D()) {
            finest = Math.min(finest, fixedGrid.spacing(2));
        }
        int[] stride = new int[3];
        for (int a = 0; a < 3; a++) {
            stride[a] = Math.max(1, (int) (subsampling * finest / fixedGrid.spacing(a)));
        }
        List<PairTerm> terms = new ArrayList<>();
        for (MaskPair pair : pairs) {
            terms.add(new PairTerm(MaskBox.of(pair.fixed(), fixedMargin).blur(fixedSigma),
                    MaskBox.of(pair.moving(), movingMargin).blur(movingSigma), pair.weight() / totalWeight, stride));
        }
        return terms;
    }

    private static double meanHardDice(List<PairTerm> terms, ControlGrid control, double[] base, double[] jacobian) {
        int maxBox = terms.stream().mapToInt(PairTerm::samples).max().orElse(0);
        PairTerm.Scratch scratch = new PairTerm.Scratch(maxBox);
        return terms.stream().mapToDouble(t -> t.hardDice(control, base, jacobian, scratch)).average().orElse(0);
    }

    /** Total displacement in mm: (initial transform - identity) + residual converted from fixed voxels to mm. */
    private static DisplacementField toField(Geometry grid, double[] matrix, ControlGrid control) {
        double[] toPatient = grid.voxelToPatient();
        float[] vectors = new float[3 * grid.voxelCount()];
        double[] r = new double[3], cornerWeights = new double[8];
        int[] cornerNodes = new int[8];
        int v = 0;
        for (int k = 0; k < grid.nz; k++) {
            for (int j = 0; j < grid.ny; j++) {
                for (int i = 0; i < grid.nx; i++, v++) {
                    double[] p = grid.toPatient(i, j, k);
                    double[] moved = Geometry.apply(matrix, p[0], p[1], p[2]);
                    control.interpolate(i, j, k, r, cornerNodes, cornerWeights);
                    for (int c = 0; c < 3; c++) {
                        double residualMm = toPatient[c * 4] * r[0] + toPatient[c * 4 + 1] * r[1]
                                + toPatient[c * 4 + 2] * r[2];
                        vectors[3 * v + c] = (float) (moved[c] - p[c] + residualMm);
                    }
                }
            }
        }
        return new DisplacementField(grid, vectors);
    }

    private static void checkGrids(Geometry fixedGrid, Geometry movingGrid, List<MaskPair> pairs) {
        for (int p = 0; p < pairs.size(); p++) {
            if (!pairs.get(p).fixed().geometry().sameGrid(fixedGrid, IDENTITY_TOLERANCE_MM)
                    || !pairs.get(p).moving().geometry().sameGrid(movingGrid, IDENTITY_TOLERANCE_MM)) {
                throw new IllegalArgumentException("ROI pair " + p + " is not on the fixed/moving grids given");
            }
        }
    }

    /** Linear parts multiplied: a(3x3 of a 3x4) . b(3x3 of a 3x4), row-major 3x3. */
    private static double[] linearProduct(double[] a, double[] b) {
        double[] c = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int col = 0; col < 3; col++) {
                for (int t = 0; t < 3; t++) {
                    c[r * 3 + col] += a[r * 4 + t] * b[t * 4 + col];
                }
            }
        }
        return c;
    }

    private static double[] sigmaVoxels(Geometry g, double sigmaMm) {
        return new double[] {sigmaMm / g.spacing(0), sigmaMm / g.spacing(1), g.is2D() ? 0 : sigmaMm / g.spacing(2)};
    }

    /** Box margin per axis: at least {@code minimum} voxels and the blur's reach; none across a single slice. */
    private static int[] margin(Geometry g, double[] sigma, int minimum) {
        int[] size = {g.nx, g.ny, g.nz};
        int[] m = new int[3];
        for (int a = 0; a < 3; a++) {
            m[a] = size[a] == 1 ? 0 : Math.max(minimum, (int) Math.ceil(3 * sigma[a]) + 1);
        }
        return m;
    }

    private static double inPlaneSpacing(Geometry g) {
        return 0.5 * (g.spacing(0) + g.spacing(1));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
