package org.samreg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samreg.field.DisplacementField;
import org.samreg.field.Warper;
import org.samreg.image.AtomicFiles;
import org.samreg.image.ImageFiles.LabelEncoding;
import org.samreg.image.ImageFiles;
import org.samreg.image.NiftiIO;
import org.samreg.image.Progress;
import org.samreg.image.Volume;
import org.samreg.metrics.LabelSet;
import org.samreg.metrics.Landmarks;
import org.samreg.pipeline.InputImages;
import org.samreg.pipeline.RegistrationResult;
import org.samreg.pipeline.SamRegistration;

/**
 * Registers every pair of a benchmark manifest and scores it against its ground truth, which is read only after
 * registering and only for scoring. Per pair it writes {@code <out>/<id>/warped_moving_labels.nii.gz} (same
 * encoding as the input labels) or {@code <out>/<id>/mapped_landmarks.txt} (fixed landmarks mapped into the
 * moving image, pixels).
 */
public final class Benchmark {
    public static final String WARPED_LABELS = "warped_moving_labels.nii.gz";
    public static final String MAPPED_LANDMARKS = "mapped_landmarks.txt";

    private final SamRegistration registration;
    private final Progress progress;

    public Benchmark(SamRegistration registration, Progress progress) {
        this.registration = registration;
        this.progress = progress;
    }

    public List<PairScore> run(BenchmarkPair pair, Path outDir) throws IOException {
        Volume fixed = InputImages.read(pair.fixed());
        Volume moving = InputImages.read(pair.moving());
        SamRegistration engine = pair.fundusPhotograph() ? registration.forFundusPhotographs() : registration;
        RegistrationResult r = engine.register(fixed, moving, pair.alignment(), progress);
        DisplacementField field = r.field().field();
        Path dir = outDir.resolve(pair.id());
        Files.createDirectories(dir);
        return pair.hasLabels() ? scoreLabels(pair, fixed, r, dir) : scoreLandmarks(pair, fixed, moving, r, dir);
    }

    private List<PairScore> scoreLabels(BenchmarkPair pair, Volume fixed, RegistrationResult r, Path dir)
            throws IOException {
        LabelEncoding encoding = LabelEncoding.parse(pair.labelEncoding());
        List<Volume> fixedLabels = ImageFiles.readLabels(pair.fixedLabels(), encoding);
        List<Volume> movingLabels = ImageFiles.readLabels(pair.movingLabels(), encoding);
        DisplacementField identity = DisplacementField.zero(fixed.geometry());
        List<Volume> warped = warpLabels(movingLabels, r.field().field(), fixed, encoding);
        List<Volume> unregistered = warpLabels(movingLabels, identity, fixed, encoding);
        if (encoding == LabelEncoding.VALUES) {
            NiftiIO.writeLabels(dir.resolve(WARPED_LABELS), warped.get(0));
        } else {
            NiftiIO.writeChannels(dir.resolve(WARPED_LABELS), warped);
        }
        LabelSet truth = labelSet(fixedLabels, encoding);
        Map<String, double[]> after = truth.diceAndCentroidTre(labelSet(warped, encoding));
        Map<String, double[]> before = truth.diceAndCentroidTre(labelSet(unregistered, encoding));
        List<PairScore> scores = new ArrayList<>();
        for (String label : truth.labels().keySet()) {
            scores.add(score(pair, label, before.get(label)[0], after.get(label)[0], before.get(label)[1],
                    after.get(label)[1], r));
        }
        return scores;
    }

    private List<PairScore> scoreLandmarks(BenchmarkPair pair, Volume fixed, Volume moving, RegistrationResult r,
            Path dir) throws IOException {
        Landmarks lm = Landmarks.read(pair.landmarks());
        List<double[]> mapped = lm.mapFixed(fixed.geometry(), moving.geometry(), r.field().field()::mapPoint);
        List<double[]> unmapped = lm.mapFixed(fixed.geometry(), moving.geometry(), p -> p);
        StringBuilder sb = new StringBuilder();
        for (double[] p : mapped) {
            sb.append(String.format(Locale.ROOT, "%.3f %.3f%n", p[0], p[1]));
        }
        AtomicFiles.write(dir.resolve(MAPPED_LANDMARKS), out -> out.write(sb.toString().getBytes()));
        double before = mean(lm.errorsMm(unmapped, moving.geometry()));
        double after = mean(lm.errorsMm(mapped, moving.geometry()));
        return List.of(score(pair, "landmarks", Double.NaN, Double.NaN, before, after, r));
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

    private static PairScore score(BenchmarkPair pair, String label, double diceBefore, double diceAfter,
            double treBefore, double treAfter, RegistrationResult r) {
        RegistrationResult.Timings t = r.timings();
        return new PairScore(pair.id(), pair.group(), label, diceBefore, diceAfter, treBefore, treAfter,
                r.fixedRois(), r.movingRois(), r.pairs().size(), t.encoder(), t.decoder(), t.matching(), t.field());
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
