package org.samreg.dense;

import java.util.Arrays;
import java.util.List;
import org.samreg.field.DisplacementField;
import org.samreg.field.FieldJacobian;
import org.samreg.field.MaskPair;
import org.samreg.image.Geometry;
import org.samreg.image.Interpolation;
import org.samreg.image.Progress;
import org.samreg.image.Volume;

/**
 * The dense stage: refines a start field (an initial alignment) with the images themselves, the way ConvexAdam
 * does: MIND-SSC descriptors of both images, a coupled convex search on a coarse grid, then Adam with diffusion
 * regularisation, first on a rough grid and then on the working grid. The matched ROI pairs, when there are any,
 * join the descriptors as extra channels (each pair a distinct code, blurred masks), so that a structure SAM matched
 * pulls its partner along while the image term, everywhere else, outweighs a wrong pair.
 * <p>
 * Both images are compared on the working grid, the moving one resampled through the start field, so the result is
 * the start composed with a residual: fixed point p maps to start(p + r(p)).
 */
public final class DenseRegistration {
    /** Code channels carrying the ROI pairs. */
    private static final int ROI_CODES = 3;
    private static final int MIN_AXIS_FOR_COARSENING = 24;
    /** Box-averaging factors of the affine stage's levels, coarse to fine. */
    private static final int[] AFFINE_LEVELS = {4, 2};
    /**
     * Displacements the coarse search tries at most: acdc's window at +-6 voxels in-plane, +-4 across slices. A slice
     * pair searches up to the setting's half-width (8: the retina pair's landmark error 14.1 px, against 23.3 px at
     * 6); in a volume the window grows with the cube of it (acdc at +-8: the stage 19.6 s instead of 8.6 s, the
     * field folded, lambda doubled, Dice 0.794 instead of 0.815, hybrid).
     */
    static final int MAX_SEARCH_DISPLACEMENTS = 13 * 13 * 9;
    /**
     * The rough optimisation level has this many times fewer voxels than the fine one, and its diffusion weight is
     * this many times the setting's. Against the search's field going straight to the fine level (image term alone):
     * cardiac-2d 0.925 to 0.955, prostate-2d 0.635 to 0.649, acdc 0.859 to 0.863 (TRE 1.67 to 1.44 mm), the retina's
     * landmarks 14.1 to 8.6 px; at the setting's lambda cardiac-2d reached only 0.948, and a third level, 16 times
     * rougher, lowered prostate-2d to 0.590.
     */
    private static final int ROUGH_LEVEL_REDUCTION = 4;
    private static final double ROUGH_LEVEL_LAMBDA_FACTOR = 4;
    private static final double MAX_FOLDED_FRACTION = 0.001;
    private static final int FOLDING_RETRIES = 4;
    private static final double FOLDING_LAMBDA_FACTOR = 2;

    private final DenseSettings settings;

    public DenseRegistration(DenseSettings settings) {
        this.settings = settings;
    }

    /**
     * @param field       final field, on the start field's grid
     * @param costBefore  image term (mean squared descriptor difference) at the start
     * @param costAfter   the same through the final field
     * @param lambda      the regulariser's weight used: the setting's, raised where the field folded
     * @param start       which of the candidate start fields it started from
     */
    public record Result(DisplacementField field, double costBefore, double costAfter, FieldJacobian jacobian,
                         double lambda, double seconds, int start) {
    }

    /** {@code fixed} must lie on the start field's grid; {@code pairs} may be empty. */
    public Result refine(Volume fixed, Volume moving, DisplacementField start, List<MaskPair> pairs,
            Progress progress) {
        return refine(fixed, moving, List.of(start), pairs, progress);
    }

    /**
     * Starts from whichever of {@code starts} (fields on one grid, that of {@code fixed}) leaves the smaller image
     * term, e.g. the initial alignment or the ROI centroids' consensus.
     */
    public Result refine(Volume fixed, Volume moving, List<DisplacementField> starts, List<MaskPair> pairs,
            Progress progress) {
        long t0 = System.nanoTime();
        Geometry fixedGrid = starts.get(0).grid();
        if (!fixed.geometry().sameGrid(fixedGrid, 1e-3)) {
            throw new IllegalArgumentException("the fixed image is not on the start field's grid");
        }
        progress.update("dense: descriptors", 0, 1);
        Volume fixedGrey = fixed.greyscale(), movingGrey = moving.greyscale();
        boolean withRois = !pairs.isEmpty() && settings.roiWeight() > 0;
        // the search and the affine stage see the images on a grid sized for their reach, the optimisation on a
        // finer one sized for detail
        Level search = new Level(fixedGrey, fixedGrid, workingFactors(fixedGrid, settings.searchVoxels()),
                settings.anisotropy());
        int[] fineFactors = workingFactors(fixedGrid, settings.maxVoxels());
        Level fine = Arrays.equals(fineFactors, search.factors) ? search
                : new Level(fixedGrey, fixedGrid, fineFactors, settings.anisotropy());
        int imageChannels = fine.fixedMind.count();
        float roiScale = (float) Math.sqrt(settings.roiWeight() * imageChannels / ROI_CODES);
        int chosen = 0;
        Features startMind = fine.movingMind(movingGrey, starts.get(0));
        double startCost = imageTerm(fine, startMind);
        for (int i = 1; i < starts.size(); i++) {
            Features mind = fine.movingMind(movingGrey, starts.get(i));
            double cost = imageTerm(fine, mind);
            if (cost < startCost) {
                chosen = i;
                startCost = cost;
                startMind = mind;
            }
        }
        DisplacementField start = starts.get(chosen);

        DisplacementField aligned = start;
        if (settings.affineIterations() > 0) {
            float[] movingOnSearch = onWorkingGrid(movingGrey.data(), movingGrey.geometry(), start, search.grid)
                    .channels[0];
            double[] p = affine(search.fixedGrey, movingOnSearch, search.grid, search.planar, progress);
            if (p != null) {
                aligned = composed(start, search.grid, AffineOptimiser.displacement(p, frame(search.grid),
                        search.grid.nx, search.grid.ny, search.grid.nz, new int[] {1, 1, 1}));
            }
        }

        progress.update("dense: coarse search", 0, 1);
        Geometry searchGrid = search.grid;
        int[] size = {searchGrid.nx, searchGrid.ny, searchGrid.nz};
        int[] coarse = new int[3];
        double[] coarseSpacing = new double[3];
        for (int a = 0; a < 3; a++) {
            coarse[a] = size[a] >= MIN_AXIS_FOR_COARSENING ? 2 : 1;
            coarseSpacing[a] = searchGrid.spacing(a) * coarse[a];
        }
        int[] halfWidth = new int[3];
        double extent = Math.max(fixedGrid.nx * fixedGrid.spacing(0), Math.max(fixedGrid.ny * fixedGrid.spacing(1),
                fixedGrid.nz * fixedGrid.spacing(2)));
        for (int a = 0; a < 3; a++) {
            int cells = (size[a] + coarse[a] - 1) / coarse[a];
            halfWidth[a] = Math.min(Math.min(settings.maxHalfWidth(), (cells - 1) / 2),
                    (int) Math.round(settings.searchFraction() * extent / coarseSpacing[a]));
        }
        withinSearchBudget(halfWidth);
        Features searchFixed = search.fixedFeatures(pairs, withRois, roiScale, fixedGrid, start);
        // the moving descriptors on the fine grid through the start are those the start was chosen by
        Features searchMoving = search == fine && aligned == start
                ? fine.withRoiCodes(startMind, aligned, pairs, withRois, roiScale)
                : search.movingFeatures(movingGrey, aligned, pairs, withRois, roiScale);
        float[][] coarseField = ConvexSearch.displacement(searchFixed.pooled(coarse), searchMoving.pooled(coarse),
                halfWidth, coarseSpacing);
        // Adam first on a grid of a quarter of the optimisation grid's voxels, more strongly regularised, so that
        // the fine level starts near the large motion and refines detail (as elastix's and ConvexAdam's pyramids do)
        Level rough = new Level(fixedGrey, fixedGrid,
                workingFactors(fixedGrid, fine.grid.voxelCount() / ROUGH_LEVEL_REDUCTION), settings.anisotropy());
        float[][] roughResidual = new InstanceOptimiser(
                rough.fixedFeatures(pairs, withRois, roiScale, fixedGrid, start),
                rough.movingFeatures(movingGrey, aligned, pairs, withRois, roiScale), imageChannels,
                rough.grid.spacing(), ROUGH_LEVEL_LAMBDA_FACTOR * settings.lambda())
                .optimise(resampled(coarseField, pooledGeometry(searchGrid, coarse), rough.grid),
                        settings.iterations(), settings.stepVoxels(), progress, "dense: optimisation, rough level");
        float[][] startResidual = resampled(roughResidual, rough.grid, fine.grid);

        Features fixedFeatures = fine == search ? searchFixed
                : fine.fixedFeatures(pairs, withRois, roiScale, fixedGrid, start);
        Features movingFeatures = fine == search ? searchMoving
                : aligned == start ? fine.withRoiCodes(startMind, aligned, pairs, withRois, roiScale)
                : fine.movingFeatures(movingGrey, aligned, pairs, withRois, roiScale);

        // the regulariser is raised until the field folds on (almost) no voxel
        double lambda = settings.lambda();
        DisplacementField field = null;
        FieldJacobian jacobian = null;
        float[][] residual = null;
        for (int attempt = 0; attempt <= FOLDING_RETRIES; attempt++, lambda *= FOLDING_LAMBDA_FACTOR) {
            InstanceOptimiser optimiser = new InstanceOptimiser(fixedFeatures, movingFeatures, imageChannels,
                    fine.grid.spacing(), lambda);
            residual = optimiser.optimise(startResidual, settings.iterations(), settings.stepVoxels(), progress,
                    "dense: optimisation");
            field = composed(aligned, fine.grid, residual);
            jacobian = FieldJacobian.of(field);
            if (jacobian.foldedFraction() <= MAX_FOLDED_FRACTION) {
                break;
            }
        }
        InstanceOptimiser imageOnly = new InstanceOptimiser(firstChannels(fixedFeatures, imageChannels),
                firstChannels(movingFeatures, imageChannels), imageChannels, fine.grid.spacing(), 0);
        return new Result(field, startCost, imageOnly.dataTerm(residual, null), jacobian, lambda,
                (System.nanoTime() - t0) / 1e9, chosen);
    }

    /** The image term (mean squared descriptor difference) on {@code level} against {@code movingMind}, no residual. */
    private static double imageTerm(Level level, Features movingMind) {
        return new InstanceOptimiser(level.fixedMind, movingMind, level.fixedMind.count(), level.grid.spacing(), 0)
                .dataTerm(new float[3][level.grid.voxelCount()], null);
    }

    /**
     * One grid the images are compared on: the fixed grid box-averaged by {@code factors}, the fixed image and its
     * MIND-SSC descriptors there.
     */
    private static final class Level {
        final Geometry grid;
        final int[] factors;
        final float[] fixedGrey;
        final boolean planar;
        final Features fixedMind;

        Level(Volume fixedImage, Geometry fixedGrid, int[] factors, double anisotropy) {
            this.factors = factors;
            this.grid = pooledGeometry(fixedGrid, factors);
            this.fixedGrey = new Features(fixedGrid.nx, fixedGrid.ny, fixedGrid.nz,
                    new float[][] {fixedImage.data()}).pooled(factors).channels[0];
            double inPlane = 0.5 * (grid.spacing(0) + grid.spacing(1));
            this.planar = grid.nz == 1 || grid.spacing(2) > anisotropy * inPlane;
            this.fixedMind = Mind.of(this.fixedGrey, grid.nx, grid.ny, grid.nz, planar);
        }

        Features fixedFeatures(List<MaskPair> pairs, boolean withRois, float roiScale, Geometry fixedGrid,
                DisplacementField start) {
            return withRois ? fixedMind.with(roiCodes(pairs, true, fixedGrid, start, grid, factors), roiScale)
                    : fixedMind;
        }

        /** The moving image's descriptors (and ROI codes) here, resampled through {@code through}. */
        Features movingFeatures(Volume movingGrey, DisplacementField through, List<MaskPair> pairs, boolean withRois,
                float roiScale) {
            return withRoiCodes(movingMind(movingGrey, through), through, pairs, withRois, roiScale);
        }

        /** The moving image's MIND-SSC descriptors here, resampled through {@code through}. */
        Features movingMind(Volume movingGrey, DisplacementField through) {
            float[] grey = onWorkingGrid(movingGrey.data(), movingGrey.geometry(), through, grid).channels[0];
            return Mind.of(grey, grid.nx, grid.ny, grid.nz, planar);
        }

        /** {@code mind} (the moving descriptors through {@code through}) with the moving ROI codes, if asked for. */
        Features withRoiCodes(Features mind, DisplacementField through, List<MaskPair> pairs, boolean withRois,
                float roiScale) {
            return withRois ? mind.with(roiCodes(pairs, false, null, through, grid, null), roiScale) : mind;
        }
    }

    /**
     * The affine stage, coarse to fine ({@link #AFFINE_LEVELS}): descriptors of both images box-averaged by each
     * level's factor, so that the coarse level sees large structures and reaches far. Returns the parameters, or null
     * where they do not lower the image term on the finest level.
     */
    private double[] affine(float[] fixedOnWork, float[] movingOnWork, Geometry work, boolean planar,
            Progress progress) {
        double[] p = new double[12];
        AffineOptimiser last = null;
        int[] size = {work.nx, work.ny, work.nz};
        AffineOptimiser.Frame frame = frame(work);
        for (int level : AFFINE_LEVELS) {
            int[] f = new int[3];
            for (int a = 0; a < 3; a++) {
                f[a] = size[a] >= MIN_AXIS_FOR_COARSENING * level / 2 ? level : 1;
            }
            Features fixed = new Features(work.nx, work.ny, work.nz, new float[][] {fixedOnWork}).pooled(f);
            Features moving = new Features(work.nx, work.ny, work.nz, new float[][] {movingOnWork}).pooled(f);
            Features fixedMind = Mind.of(fixed.channels[0], fixed.nx, fixed.ny, fixed.nz, planar);
            last = new AffineOptimiser(fixedMind, Mind.of(moving.channels[0], moving.nx, moving.ny, moving.nz, planar),
                    fixedMind.count(), frame, f);
            p = last.optimise(p, settings.affineIterations(), 0.5 * (work.spacing(0) * f[0] + work.spacing(1) * f[1]),
                    progress, "dense: affine, level " + level);
        }
        return last.cost(p) < last.cost(new double[12]) ? p : null;
    }

    private static AffineOptimiser.Frame frame(Geometry work) {
        return new AffineOptimiser.Frame(new int[] {work.nx, work.ny, work.nz}, work.spacing());
    }

    /**
     * Narrows the widest axes of the search window until it holds at most {@link #MAX_SEARCH_DISPLACEMENTS}: the
     * cost volume (one value per displacement and coarse voxel) is the search's time and memory.
     */
    static void withinSearchBudget(int[] halfWidth) {
        while ((2L * halfWidth[0] + 1) * (2 * halfWidth[1] + 1) * (2 * halfWidth[2] + 1) > MAX_SEARCH_DISPLACEMENTS) {
            int widest = 0;
            for (int a = 1; a < 3; a++) {
                widest = halfWidth[a] > halfWidth[widest] ? a : widest;
            }
            halfWidth[widest]--;
        }
    }

    /** Integer factors per axis: the finest axis (in mm) is coarsened first, until the grid is small enough. */
    static int[] workingFactors(Geometry g, int maxVoxels) {
        int[] size = {g.nx, g.ny, g.nz};
        int[] f = {1, 1, 1};
        while (cells(size, f) > maxVoxels) {
            int axis = -1;
            for (int a = 0; a < 3; a++) {
                if (size[a] > f[a] && (axis < 0 || g.spacing(a) * f[a] < g.spacing(axis) * f[axis])) {
                    axis = a;
                }
            }
            f[axis]++;
        }
        return f;
    }

    private static long cells(int[] size, int[] f) {
        long n = 1;
        for (int a = 0; a < 3; a++) {
            n *= (size[a] + f[a] - 1) / f[a];
        }
        return n;
    }

    /** The grid of box averages over f[0] x f[1] x f[2] blocks: voxel 0 at the centre of the first block. */
    static Geometry pooledGeometry(Geometry g, int[] f) {
        double[] spacing = g.spacing();
        for (int a = 0; a < 3; a++) {
            spacing[a] *= f[a];
        }
        double[] origin = g.toPatient((f[0] - 1) / 2.0, (f[1] - 1) / 2.0, (f[2] - 1) / 2.0);
        return new Geometry((g.nx + f[0] - 1) / f[0], (g.ny + f[1] - 1) / f[1], (g.nz + f[2] - 1) / f[2], spacing,
                origin, g.direction());
    }

    /**
     * Moving-grid data on the working grid through the start field: first box-averaged to about the working
     * spacing (no aliasing), then sampled linearly, edge values continued outside the moving image.
     */
    private static Features onWorkingGrid(float[] data, Geometry movingGrid, DisplacementField start, Geometry work) {
        return onWorkingGrid(new float[][] {data}, movingGrid, start, work);
    }

    private static Features onWorkingGrid(float[][] data, Geometry movingGrid, DisplacementField start,
            Geometry work) {
        double target = Math.min(work.spacing(0), Math.min(work.spacing(1), work.nz == 1 ? Double.MAX_VALUE
                : work.spacing(2)));
        int[] f = new int[3];
        for (int a = 0; a < 3; a++) {
            f[a] = Math.max(1, (int) Math.floor(target / movingGrid.spacing(a) + 1e-6));
        }
        Features pooled = new Features(movingGrid.nx, movingGrid.ny, movingGrid.nz, data).pooled(f);
        Geometry source = pooledGeometry(movingGrid, f);
        float[][] out = new float[data.length][work.voxelCount()];
        int v = 0;
        for (int k = 0; k < work.nz; k++) {
            for (int j = 0; j < work.ny; j++) {
                for (int i = 0; i < work.nx; i++, v++) {
                    double[] q = start.mapPoint(work.toPatient(i, j, k));
                    double[] m = source.toVoxel(q[0], q[1], q[2]);
                    double x = Features.clamp(m[0], source.nx - 1), y = Features.clamp(m[1], source.ny - 1);
                    double z = Features.clamp(m[2], source.nz - 1);
                    for (int c = 0; c < data.length; c++) {
                        out[c][v] = Interpolation.linear(pooled.channels[c], source.nx, source.ny, source.nz, x, y,
                                z, 0f);
                    }
                }
            }
        }
        return new Features(work.nx, work.ny, work.nz, out);
    }

    /**
     * The ROI pairs as {@value #ROI_CODES} channels on the working grid: each pair adds its own unit code
     * vector inside its mask (fixed side on the fixed grid, moving side through the start field), blurred.
     */
    private static Features roiCodes(List<MaskPair> pairs, boolean fixedSide, Geometry fixedGrid,
            DisplacementField start, Geometry work, int[] factors) {
        Geometry grid = fixedSide ? fixedGrid : pairs.get(0).moving().geometry();
        float[][] codes = new float[ROI_CODES][grid.voxelCount()];
        double totalWeight = pairs.stream().mapToDouble(MaskPair::weight).sum();
        for (int p = 0; p < pairs.size(); p++) {
            double[] code = fibonacciDirection(p, pairs.size());
            double w = pairs.get(p).weight() * pairs.size() / totalWeight;
            for (int v : (fixedSide ? pairs.get(p).fixed() : pairs.get(p).moving()).voxels()) {
                for (int c = 0; c < ROI_CODES; c++) {
                    codes[c][v] += (float) (w * code[c]);
                }
            }
        }
        Features f = fixedSide ? new Features(grid.nx, grid.ny, grid.nz, codes).pooled(factors)
                : onWorkingGrid(codes, grid, start, work);
        for (int c = 0; c < ROI_CODES; c++) {
            f.channels[c] = Features.boxMeans(f.channels[c], 2, work.nx, work.ny, work.nz, false);
        }
        return f;
    }

    /** Point {@code i} of {@code n} spread evenly over the unit sphere. */
    private static double[] fibonacciDirection(int i, int n) {
        double z = 1 - (2 * i + 1) / (double) n;
        double r = Math.sqrt(Math.max(0, 1 - z * z));
        double phi = i * Math.PI * (3 - Math.sqrt(5));
        return new double[] {r * Math.cos(phi), r * Math.sin(phi), z};
    }

    /**
     * A displacement in voxels of grid {@code from} resampled (linearly, by position) onto grid {@code to}, in its
     * voxels; both grids share their axes, as box-averaged copies of one grid do.
     */
    private static float[][] resampled(float[][] displacement, Geometry from, Geometry to) {
        Features d = new Features(from.nx, from.ny, from.nz, displacement);
        float[][] out = new float[3][to.voxelCount()];
        float[] s = new float[3];
        int v = 0;
        for (int k = 0; k < to.nz; k++) {
            for (int j = 0; j < to.ny; j++) {
                for (int i = 0; i < to.nx; i++, v++) {
                    double[] p = to.toPatient(i, j, k);
                    double[] q = from.toVoxel(p[0], p[1], p[2]);
                    d.sample(q[0], q[1], q[2], s, null);
                    for (int a = 0; a < 3; a++) {
                        out[a][v] = (float) (s[a] * from.spacing(a) / to.spacing(a));
                    }
                }
            }
        }
        return out;
    }

    /** start(p + r(p)) - p on the start field's grid, r interpolated from the working grid and taken to mm. */
    private static DisplacementField composed(DisplacementField start, Geometry work, float[][] residual) {
        Geometry grid = start.grid();
        Features r = new Features(work.nx, work.ny, work.nz, residual);
        double[] toMm = work.voxelToPatient();
        float[] vectors = new float[3 * grid.voxelCount()];
        float[] s = new float[3];
        int v = 0;
        for (int k = 0; k < grid.nz; k++) {
            for (int j = 0; j < grid.ny; j++) {
                for (int i = 0; i < grid.nx; i++, v++) {
                    double[] p = grid.toPatient(i, j, k);
                    double[] w = work.toVoxel(p[0], p[1], p[2]);
                    r.sample(w[0], w[1], w[2], s, null);
                    double[] q = new double[3];
                    for (int c = 0; c < 3; c++) {
                        q[c] = p[c] + toMm[4 * c] * s[0] + toMm[4 * c + 1] * s[1] + toMm[4 * c + 2] * s[2];
                    }
                    double[] mapped = start.mapPoint(q);
                    for (int c = 0; c < 3; c++) {
                        vectors[3 * v + c] = (float) (mapped[c] - p[c]);
                    }
                }
            }
        }
        return new DisplacementField(grid, vectors);
    }

    private static Features firstChannels(Features f, int count) {
        float[][] c = new float[count][];
        System.arraycopy(f.channels, 0, c, 0, count);
        return new Features(f.nx, f.ny, f.nz, c);
    }
}
