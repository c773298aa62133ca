package org.samreg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samreg.field.DisplacementField;
import org.samreg.field.FieldJacobian;
import org.samreg.field.Warper;
import org.samreg.image.AtomicFiles;
import org.samreg.image.ImageFiles;
import org.samreg.image.ImageFiles.LabelEncoding;
import org.samreg.image.NiftiIO;
import org.samreg.image.Progress;
import org.samreg.image.Volume;
import org.samreg.metrics.LabelSet;
import org.samreg.metrics.Landmarks;
import org.samreg.pipeline.InputImages;
import org.samreg.pipeline.RegistrationResult;
import org.samreg.pipeline.ResultWriter;
import org.samreg.pipeline.RunRecord;
import org.samreg.pipeline.SamRegistration;

/**
 * Registers every pair of a benchmark manifest and scores it against its ground truth, which is read only after
 * registering and only for scoring. Per pair it writes {@code <out>/<id>/}{@value RunRecord#FILE} (what made it),
 * {@code <out>/<id>/warped_moving_labels.nii.gz} (same encoding as the input labels) or
 * {@code <out>/<id>/mapped_landmarks.txt} (fixed landmarks mapped into the moving image, pixels).
 */
public final class Benchmark {
    public static final String WARPED_LABELS = "warped_moving_labels.nii.gz";
    public static final String MAPPED_LANDMARKS = "mapped_landmarks.txt";

    private final SamRegistration registration;
    private final ElastixBaseline elastix;
    private final Progress progress;

    /** {@code elastix}: the baseline to run beside ours on every pair, or null. */
    public Benchmark(SamRegistration registration, ElastixBaseline elastix, Progress progress) {
        this.registration = registration;
        this.elastix = elastix;
        this.progress = progress;
    }

    public List<PairScore> run(BenchmarkPair pair, Path outDir) throws IOException {
        Volume fixed = InputImages.read(pair.fixed());
        Volume moving = InputImages.read(pair.moving());
        SamRegistration engine = pair.fundusPhotograph() ? registration.forFundusPhotographs() : registration;
        engine = pair.interSubjectOneModality() ? engine.forInterSubject() : engine;
        engine = pair.twoModalities() ? engine.forTwoModalities() : engine;
        RegistrationResult r = engine.register(fixed, moving, pair.alignment(), progress);
        Path dir = outDir.resolve(pair.id());
        Files.createDirectories(dir);
        ResultWriter.writeOverview(dir.resolve(ResultWriter.OVERVIEW), r);
        AtomicFiles.writeString(dir.resolve(RunRecord.FILE), r.run().json());
        ElastixBaseline.Run baseline = null;
        if (elastix != null) {
            progress.update("elastix", 0, 1);
            baseline = elastix.register(fixed, moving, pair.alignment(), dir.resolve("elastix"));
        }
        PairScore.Run run = new PairScore.Run(r.fixedRois(), r.movingRois(), r.pairs().size(), r.timings(),
                r.dense() != null ? r.dense().jacobian() : FieldJacobian.of(r.field().field()),
                baseline == null ? Double.NaN : baseline.seconds(),
                baseline == null ? null : FieldJacobian.of(baseline.field()));
        DisplacementField roiMethod = engine.roiMethodField(r, pair.alignment(), progress).field();
        List<DisplacementField> fields = new ArrayList<>(List.of(DisplacementField.zero(fixed.geometry()),
                roiMethod, r.field().field()));
        if (baseline != null) {
            fields.add(baseline.field());
        }
        List<Map<String, PairScore.Score>> scores = new ArrayList<>();
        if (pair.hasLabels()) {
            Labels labels = new Labels(pair, fixed);
            for (int f = 0; f < fields.size(); f++) {
                scores.add(labels.score(fields.get(f), f == 2 ? dir.resolve(WARPED_LABELS) : null));
            }
        } else {
            Landmarks lm = Landmarks.read(pair.landmarks());
            for (int f = 0; f < fields.size(); f++) {
                scores.add(scoreLandmarks(lm, fixed, moving, fields.get(f), f == 2 ? dir.resolve(MAPPED_LANDMARKS) : null));
            }
        }
        List<PairScore> out = new ArrayList<>();
        for (String label : scores.get(0).keySet()) {
            out.add(new PairScore(pair.id(), pair.group(), label, scores.get(0).get(label), scores.get(1).get(label),
                    scores.get(2).get(label), baseline == null ? PairScore.Score.NOT_RUN : scores.get(3).get(label),
                    run));
        }
        return out;
    }

    /** The pair's ground-truth labels, read only for scoring. */
    private static final class Labels {
        private final LabelEncoding encoding;
        private final Volume fixed;
        private final LabelSet truth;
        private final List<Volume> moving;

        Labels(BenchmarkPair pair, Volume fixed) throws IOException {
            encoding = LabelEncoding.parse(pair.labelEncoding());
            this.fixed = fixed;
            truth = labelSet(ImageFiles.readLabels(pair.fixedLabels(), encoding), encoding);
            moving = ImageFiles.readLabels(pair.movingLabels(), encoding);
        }

        /** Dice and centroid TRE per label through {@code field}; the warped labels go to {@code file} unless null. */
        Map<String, PairScore.Score> score(DisplacementField field, Path file) throws IOException {
            List<Volume> warped = warpLabels(moving, field, fixed, encoding);
            if (file != null && encoding == LabelEncoding.VALUES) {
                NiftiIO.writeLabels(file, warped.get(0));
            } else if (file != null) {
                NiftiIO.writeChannels(file, warped);
            }
            Map<String, PairScore.Score> out = new LinkedHashMap<>();
            truth.diceAndCentroidTre(labelSet(warped, encoding))
                    .forEach((label, v) -> out.put(label, new PairScore.Score(v[0], v[1])));
            return out;
        }
    }

    /** Mean landmark error through {@code field}; the mapped landmarks go to {@code file} unless null. */
    private static Map<String, PairScore.Score> scoreLandmarks(Landmarks lm, Volume fixed, Volume moving,
            DisplacementField field, Path file) throws IOException {
        List<double[]> mapped = lm.mapFixed(fixed.geometry(), moving.geometry(), field::mapPoint);
        if (file != null) {
            StringBuilder sb = new StringBuilder();
            for (double[] p : mapped) {
                sb.append(String.format(Locale.ROOT, "%.3f %.3f%n", p[0], p[1]));
            }
            AtomicFiles.writeString(file, sb.toString());
        }
        return Map.of("landmarks", new PairScore.Score(Double.NaN, mean(lm.errorsMm(mapped, moving.geometry()))));
    }

    /** Moving labels onto the fixed grid: nearest neighbour for label values, linear >= 0.5 for binary channels. */
    private static List<Volume> warpLabels(List<Volume> labels, DisplacementField field, Volume fixed,
            LabelEncoding encoding) {
        List<Volume> out = new ArrayList<>();
        for (Volume l : labels) {
            if (encoding == LabelEncoding.VALUES) {
                out.add(Warper.warpLabels(l, field, fixed.geometry()));
            } else {
                Volume w = Warper.warp(l, field, fixed.geometry());
                float[] d = w.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = d[i] >= 0.5f ? 1f : 0f;
                }
                out.add(w);
            }
        }
        return out;
    }

    private static LabelSet labelSet(List<Volume> labels, LabelEncoding encoding) {
        return encoding == LabelEncoding.VALUES ? LabelSet.fromValues(labels.get(0)) : LabelSet.fromChannels(labels);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
