package org.samreg.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.samreg.dense.DenseRegistration;
import org.samreg.dense.DenseSettings;
import org.samreg.everything.LocalContrast;
import org.samreg.everything.SegmentedRoi;
import org.samreg.everything.SliceSegmentation;
import org.samreg.everything.SliceSegmenter;
import org.samreg.field.DisplacementField;
import org.samreg.field.FieldResult;
import org.samreg.field.FieldSolver;
import org.samreg.field.InitialAlignment;
import org.samreg.field.MaskPair;
import org.samreg.field.Warper;
import org.samreg.image.Downsampling;
import org.samreg.image.Mask;
import org.samreg.image.Progress;
import org.samreg.image.Volume;
import org.samreg.match.FeatureGrid;
import org.samreg.match.Prototypes;
import org.samreg.match.Roi;
import org.samreg.match.RoiMatcher;
import org.samreg.match.RoiPair;
import org.samreg.metrics.Overlap;
import org.samreg.sam.ImageEmbedding;
import org.samreg.sam.IntensityWindow;
import org.samreg.sam.SamModel;

/**
 * The SAMReg method end to end: segment everything in both images slice by slice, turn each ROI into a feature
 * prototype, match prototypes across the images, and fit a dense displacement field to the matched ROI pairs.
 */
public final class SamRegistration {
    private final SamModel model;
    private final SliceSegmenter segmenter;
    private final RegistrationSettings settings;

    public SamRegistration(SamModel model, RegistrationSettings settings) {
        this.model = model;
        this.segmenter = settings.localContrast() > 0
                ? new SliceSegmenter(model, settings.everything(), new LocalContrast(settings.localContrast()))
                : new SliceSegmenter(model, settings.everything());
        this.settings = settings;
    }

    /** This registration for fundus photographs: with local contrast, at its default radius unless one is set. */
    public SamRegistration forFundusPhotographs() {
        return settings.localContrast() > 0 ? this
                : new SamRegistration(model, settings.withLocalContrast(LocalContrast.DEFAULT_RADIUS));
    }

    /**
     * This registration for two patients seen with one modality: the dense stage starts with its affine stage
     * (unless it has one already), since anatomy differs in size and shape between patients more than a local search
     * reaches. Not for two modalities: on MR to ultrasound the descriptors drive an affine astray.
     */
    public SamRegistration forInterSubject() {
        return settings.dense().affineIterations() > 0 ? this
                : new SamRegistration(model, settings.withMethod(settings.method(),
                        settings.dense().withAffineIterations(DenseSettings.AFFINE_ITERATIONS)));
    }

    /**
     * This registration for two modalities (MR to ultrasound): the dense stage's diffusion weight raised to
     * {@link DenseSettings#TWO_MODALITIES_LAMBDA}, unless it is set higher already.
     */
    public SamRegistration forTwoModalities() {
        return settings.dense().lambda() >= DenseSettings.TWO_MODALITIES_LAMBDA ? this
                : new SamRegistration(model, settings.withMethod(settings.method(),
                        settings.dense().withLambda(DenseSettings.TWO_MODALITIES_LAMBDA)));
    }

    /** Refuses pairs the method cannot register, before any costly work. */
    public static void requireCompatible(Volume fixed, Volume moving) {
        if (fixed.geometry().is2D() != moving.geometry().is2D()) {
            throw new IllegalArgumentException("cannot register a " + dims(moving) + " moving image to a "
                    + dims(fixed) + " fixed image: both must be 2D or both 3D");
        }
    }

    /** {@code alignment}: how the two images' coordinates relate before registering (see {@link InitialAlignment}). */
    public RegistrationResult register(Volume fixed, Volume moving, InitialAlignment alignment, Progress progress) {
        requireCompatible(fixed, moving);
        // the parallel streams of every stage run in the pool of the thread that starts them: this one
        ForkJoinPool pool = new ForkJoinPool(settings.workerThreads());
        try {
            return pool.submit(() -> registerInPool(fixed, moving, alignment, progress)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("registration interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private RegistrationResult registerInPool(Volume fixed, Volume moving, InitialAlignment alignment,
            Progress progress) {
        Volume f = workingCopy(fixed), m = workingCopy(moving);
        double[] encoderDecoder = new double[2];
        List<Roi> fixedRois = List.of(), movingRois = List.of();
        List<RoiPair> pairs = List.of();
        double matching = 0;
        if (settings.method().segments()) {
            fixedRois = segment(f, "fixed", progress, encoderDecoder);
            movingRois = segment(m, "moving", progress, encoderDecoder);
            long t0 = System.nanoTime();
            pairs = new RoiMatcher(settings.match()).match(movingRois, fixedRois, m.geometry().nz, f.geometry().nz);
            matching = (System.nanoTime() - t0) / 1e9;
            progress.update("matched " + pairs.size() + " ROI pairs", 1, 1);
        }

        List<MaskPair> maskPairs = maskPairs(pairs);
        FieldSolver solver = new FieldSolver(settings.field());
        FieldResult roiField = null;
        FieldResult field;
        DenseRegistration.Result dense = null;
        if (settings.method().refines()) {
            // from the initial alignment or the ROI centroids' consensus, whichever matches the images better, the
            // pairs as the dense stage's ROI term; not from the ROI method's field (acdc 0.858 against 0.832,
            // prostate-2d 0.637 against 0.597, cardiac-2d 0.958 against 0.953, the retina 8.6 px against 9.6): a
            // wrong pair that bends that field is composed into the result, as a term it is outweighed
            FieldResult consensus = solver.start(f.geometry(), m.geometry(), alignment, maskPairs);
            FieldResult aligned = solver.start(f.geometry(), m.geometry(), alignment);
            List<FieldResult> starts = Arrays.equals(consensus.initialMatrix(), aligned.initialMatrix())
                    ? List.of(consensus) : List.of(aligned, consensus);
            dense = new DenseRegistration(settings.dense()).refine(f, m,
                    starts.stream().map(FieldResult::field).toList(), consensus.used(), progress);
            FieldResult start = starts.get(dense.start());
            List<String> warnings = new ArrayList<>(consensus.warnings());
            if (start != consensus) {
                warnings.add("the dense stage started from the initial alignment, which matches the images better "
                        + "than the ROI centroids' consensus");
            }
            field = withPairDice(start.initialMatrix(), consensus.used(), warnings, dense.field());
        } else {
            roiField = solver.solve(f.geometry(), m.geometry(), maskPairs, alignment, progress);
            field = roiField;
        }
        return new RegistrationResult(f, m, pairs, field, roiField, dense, fixedRois.size(), movingRois.size(),
                new RegistrationResult.Timings(encoderDecoder[0], encoderDecoder[1], matching, field.seconds(),
                        dense == null ? 0 : dense.seconds()),
                RunRecord.of(alignment, model, settings));
    }

    /**
     * The ROI method's own field for a result of this registration: the one it fitted, or for the hybrid method
     * (which does not fit it) fitted now to the same pairs, e.g. to score the paper's method beside the final field.
     */
    public FieldResult roiMethodField(RegistrationResult r, InitialAlignment alignment, Progress progress) {
        if (r.roiField() != null) {
            return r.roiField();
        }
        return new FieldSolver(settings.field()).solve(r.fixedWorking().geometry(), r.movingWorking().geometry(),
                maskPairs(r.pairs()), alignment, progress);
    }

    private static List<MaskPair> maskPairs(List<RoiPair> pairs) {
        return pairs.stream().map(p -> new MaskPair(p.fixed(), p.moving())).toList();
    }

    /**
     * The final field from the start {@code matrix}, with the mean in-plane Dice of its pairs unregistered and through
     * it.
     */
    private static FieldResult withPairDice(double[] matrix, List<MaskPair> used, List<String> warnings,
            DisplacementField field) {
        DisplacementField none = DisplacementField.zero(field.grid());
        // in the slice plane: a pair's masks lie on single slices, which the field may move through-plane
        double before = used.stream().mapToDouble(p -> Overlap.inPlaneDice(p.fixed(), Warper.warpMask(p.moving(),
                none))).average().orElse(Double.NaN);
        double after = used.stream().mapToDouble(p -> Overlap.inPlaneDice(p.fixed(), Warper.warpMask(p.moving(),
                field))).average().orElse(Double.NaN);
        return new FieldResult(field, matrix, 0, 0, 0, before, after, used, 0, warnings);
    }

    private Volume workingCopy(Volume v) {
        return Downsampling.inPlane(v, Downsampling.factorFor(v.geometry(), settings.maxInPlaneSize()));
    }

    /**
     * Segments the slices {@link RegistrationSettings#segmentedSlices} chooses and keeps only the ROIs' prototypes,
     * so one embedding is alive at a time.
     */
    private List<Roi> segment(Volume v, String which, Progress progress, double[] encoderDecoder) {
        IntensityWindow window = IntensityWindow.of(v);
        int[] slices = settings.segmentedSlices(v.geometry().nz);
        List<Roi> rois = new ArrayList<>();
        for (int i = 0; i < slices.length; i++) {
            int k = slices[i];
            String stage = "segmenting " + which + " slice " + (k + 1) + " (" + (i + 1) + "/" + slices.length + ")";
            SliceSegmentation s = segmenter.segment(v, window, k, (unused, done, total) -> progress.update(stage, done, total));
            FeatureGrid grid = featureGrid(s.embedding());
            for (SegmentedRoi r : s.rois()) {
                rois.add(new Roi(k, Mask.ofSlice(v.geometry(), k, r.pixels()), Prototypes.of(grid, r.pixels())));
            }
            encoderDecoder[0] += s.stats().encoderSeconds();
            encoderDecoder[1] += s.stats().decoderSeconds();
        }
        return rois;
    }

    private static FeatureGrid featureGrid(ImageEmbedding e) {
        return new FeatureGrid(e.features(), e.channels(), e.gridHeight(), e.gridWidth(), e.validWidth(),
                e.validHeight(), e.imageWidth(), e.imageHeight());
    }

    private static String dims(Volume v) {
        return v.geometry().is2D() ? "2D" : "3D";
    }
}
