package org.samreg.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.samreg.image.AtomicFiles;
import org.samreg.image.Mask;
import org.samreg.image.Progress;
import org.samreg.match.RoiPair;

/**
 * Registers two DICOM series and writes the result as DICOM: a SEG for each series whose segment k is ROI pair k
 * on both sides, a Deformable Spatial Registration (fixed = registered frame of reference, moving = source), and
 * the moving series resampled onto the fixed grid as a derived series in the fixed frame of reference.
 */
public final class DicomRegistration {
    private static final Logger LOG = Logger.getLogger(DicomRegistration.class.getName());
    /** The subfolder of the output folder that holds the resampled moving series. */
    public static final String RESAMPLED_FOLDER = "resampled-moving";
    private final SamRegistration registration;
    private final UidGenerator uids;

    /** Everything a DICOM registration wrote, and the engine's result behind it. */
    public record Outputs(Path fixedSeg, Path movingSeg, Path registration, List<Path> derivedSeries,
                          RegistrationResult result) {
        public List<Path> allFiles() {
            List<Path> all = new ArrayList<>(List.of(fixedSeg, movingSeg, registration));
            all.addAll(derivedSeries);
            return all;
        }

        /**
         * What a viewer that ignores Deformable Spatial Registrations (Weasis) draws, in load order: the resampled
         * series (in the fixed frame of reference), then the two SEGs, each on the series it references.
         */
        public List<Path> viewerFiles() {
            List<Path> shown = new ArrayList<>(derivedSeries);
            shown.addAll(List.of(fixedSeg, movingSeg));
            return shown;
        }
    }

    public DicomRegistration(SamRegistration registration, UidGenerator uids) {
        this.registration = registration;
        this.uids = uids;
    }

    /** Registers and writes the DICOM outputs into {@code outDir}. */
    public Outputs register(DicomSeries fixed, DicomSeries moving, InitialAlignment alignment, Path outDir,
            Progress progress) throws IOException {
        return write(fixed, moving, register(fixed, moving, alignment, progress), outDir, progress);
    }

    /** Registers the two series; fails where no ROI pair matched, since the SEGs would be empty. */
    public RegistrationResult register(DicomSeries fixed, DicomSeries moving, InitialAlignment alignment,
            Progress progress) {
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
        return r;
    }

    /** Writes the DICOM outputs of a registration of the two series into {@code outDir}. */
    public Outputs write(DicomSeries fixed, DicomSeries moving, RegistrationResult r, Path outDir, Progress progress)
            throws IOException {
        FieldResult field = r.field();
        progress.update("writing DICOM results", 0, 4);
        SegWriter.Written segs = new SegWriter(uids).write(fixed, moving, segments(r.pairs(), fixed, moving), outDir);
        progress.update("writing DICOM results", 2, 4);
        Path reg = new RegistrationWriter(uids).write(fixed, moving, field.initialMatrix(), field.field(), outDir);
        progress.update("writing DICOM results", 3, 4);
        List<Path> derived = new DerivedSeriesWriter(uids).write(fixed, moving,
                Warper.warp(moving.volume(), field.field(), fixed.volume().geometry()).greyscale(),
                outDir.resolve(RESAMPLED_FOLDER));
        AtomicFiles.writeString(outDir.resolve(RunRecord.FILE), r.run().json());
        progress.update("writing DICOM results", 4, 4);
        return new Outputs(segs.fixedSeg(), segs.movingSeg(), reg, derived, r);
    }

    /**
     * The pairs on the series' own grids (the engine may have worked on a shrunk copy); a pair whose mask comes out
     * empty on either side is left out of both SEGs, so that their segments stay paired.
     */
    private static List<SegWriter.PairedSegment> segments(List<RoiPair> pairs, DicomSeries fixed,
            DicomSeries moving) {
        List<SegWriter.PairedSegment> out = new ArrayList<>();
        for (RoiPair p : pairs) {
            Mask f = p.fixed().resampled(fixed.volume().geometry());
            Mask m = p.moving().resampled(moving.volume().geometry());
            if (f.isEmpty() || m.isEmpty()) {
                LOG.info("ROI pair " + p.number() + " has no voxel on the " + (f.isEmpty() ? "fixed" : "moving")
                        + " series grid; it is left out of the SEGs");
            } else {
                out.add(new SegWriter.PairedSegment(p.number(), f, m, p.similarity()));
            }
        }
        return out;
    }
}
