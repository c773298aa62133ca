package org.samreg.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import org.samreg.dicom.DerivedSeriesWriter;
import org.samreg.dicom.DicomSeries;
import org.samreg.dicom.RegistrationWriter;
import org.samreg.dicom.SegWriter;
import org.samreg.dicom.UidGenerator;
import org.samreg.field.FieldResult;
import org.samreg.field.InitialAlignment;
import org.samreg.field.Warper;
import org.samreg.image.Progress;
import org.samreg.match.RoiPair;

/**
 * Registers two DICOM series and writes the result as DICOM: a SEG for each series whose segment k is ROI pair k
 * on both sides, a Deformable Spatial Registration (fixed = registered frame of reference, moving = source), and
 * the moving series resampled onto the fixed grid as a derived series in the fixed frame of reference.
 */
public final class DicomRegistration {
    private static final Logger LOG = Logger.getLogger(DicomRegistration.class.getName());
    private final SamRegistration registration;
    private final UidGenerator uids;

    /** Everything a DICOM registration wrote, and the engine's result behind it. */
    public record Outputs(Path fixedSeg, Path movingSeg, Path registration, List<Path> derivedSeries,
                          RegistrationResult result) {
        public List<Path> allFiles() {
            List<Path> all = new java.util.ArrayList<>(List.of(fixedSeg, movingSeg, registration));
            all.addAll(derivedSeries);
            return all;
        }
    }

    public DicomRegistration(SamRegistration registration, UidGenerator uids) {
        this.registration = registration;
        this.uids = uids;
    }

    public Outputs register(DicomSeries fixed, DicomSeries moving, InitialAlignment alignment, Path outDir,
            Progress progress) throws IOException {
        if (alignment == InitialAlignment.HEADER && !Objects.equals(fixed.frameOfReferenceUid(),
                moving.frameOfReferenceUid())) {
            LOG.warning("series " + fixed.seriesInstanceUid() + " and " + moving.seriesInstanceUid()
                    + " have different frames of reference, so their patient coordinates may be unrelated; registering"
                    + " from them as they are (register --initial-alignment CENTRES starts from the image centres"
                    + " aligned)");
        }
        RegistrationResult r = registration.register(fixed.volume(), moving.volume(), alignment, progress);
        if (r.pairs().isEmpty()) {
            throw new IllegalStateException("no ROI pairs matched between series " + fixed.seriesInstanceUid()
                    + " and " + moving.seriesInstanceUid() + " (" + r.fixedRois() + " and " + r.movingRois()
                    + " ROIs found): nothing was written; lower the thresholds (--iou, --stability, --similarity)"
                    + " or check that the series show the same anatomy");
        }
        FieldResult field = r.field();
        progress.update("writing DICOM results", 0, 4);
        Path fixedSeg = new SegWriter(uids).write(fixed, segments(r.pairs(), fixed, true), outDir);
        progress.update("writing DICOM results", 1, 4);
        Path movingSeg = new SegWriter(uids).write(moving, segments(r.pairs(), moving, false), outDir);
        progress.update("writing DICOM results", 2, 4);
        Path reg = new RegistrationWriter(uids).write(fixed, moving, field.initialMatrix(), field.field(), outDir);
        progress.update("writing DICOM results", 3, 4);
        List<Path> derived = new DerivedSeriesWriter(uids).write(fixed, moving,
                Warper.warp(moving.volume(), field.field(), fixed.volume().geometry()).greyscale(),
                outDir.resolve("resampled-moving"));
        progress.update("writing DICOM results", 4, 4);
        return new Outputs(fixedSeg, movingSeg, reg, derived, r);
    }

    /** Pair k as segment k, on the series' own grid (the engine may have worked on a shrunk copy). */
    private static List<SegWriter.Segment> segments(List<RoiPair> pairs, DicomSeries series, boolean fixedSide) {
        return pairs.stream()
                .map(p -> new SegWriter.Segment(p.number(),
                        (fixedSide ? p.fixed() : p.moving()).resampled(series.volume().geometry()), p.similarity()))
                .filter(s -> !s.mask().isEmpty())
                .toList();
    }
}
