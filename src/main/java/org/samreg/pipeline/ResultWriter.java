package org.samreg.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.samreg.field.Warper;
import org.samreg.image.AtomicFiles;
import org.samreg.image.Geometry;
import org.samreg.image.NiftiIO;
import org.samreg.image.RasterIO;
import org.samreg.image.VectorImage;
import org.samreg.image.Volume;
import org.samreg.match.RoiPair;
import org.samreg.report.OverviewPicture;

/**
 * Writes a registration's outputs into a folder: ROI pair label images (same number = same pair on both sides),
 * the displacement field, the warped moving image, a pair table, an overview picture and the {@link RunRecord}. Everything is first
 * written into a hidden staging folder beside the outputs and moved in only when all of it is complete, so a
 * failure leaves nothing half-written behind.
 */
public final class ResultWriter {
    public static final String FIXED_ROIS = "fixed_rois.nii.gz";
    public static final String MOVING_ROIS = "moving_rois.nii.gz";
    public static final String FIELD = "displacement_field.nii.gz";
    public static final String WARPED = "warped_moving.nii.gz";
    public static final String WARPED_PNG = "warped_moving.png";
    public static final String PAIRS = "roi_pairs.csv";
    public static final String OVERVIEW = "overview.png";

    private ResultWriter() {
    }

    /** More outputs of the same registration, written into the staging folder with the others. */
    @FunctionalInterface
    public interface StagedOutputs {
        void writeInto(Path staging) throws IOException;
    }

    /** @return the files written, in the output folder */
    public static List<Path> write(Path outDir, Volume fixed, Volume moving, RegistrationResult r) throws IOException {
        return write(outDir, fixed, moving, r, staging -> { });
    }

    /**
     * Writes the outputs and {@code more} (e.g. the DICOM objects, in a subfolder) and publishes them together.
     *
     * @return the files written, in the output folder and its subfolders
     */
    public static List<Path> write(Path outDir, Volume fixed, Volume moving, RegistrationResult r,
            StagedOutputs more) throws IOException {
        requireWritable(outDir);
        Files.createDirectories(outDir);
        Path staging = Files.createTempDirectory(outDir, ".samreg-partial-");
        try {
            Volume fixedPairs = pairLabels(r.fixedWorking().geometry(), r.pairs(), true);
            Volume movingPairs = pairLabels(r.movingWorking().geometry(), r.pairs(), false);
            NiftiIO.writeLabels(staging.resolve(FIXED_ROIS), fixedPairs);
            NiftiIO.writeLabels(staging.resolve(MOVING_ROIS), movingPairs);
            NiftiIO.writeField(staging.resolve(FIELD), new VectorImage(r.field().field().grid(),
                    r.field().field().vectors()));
            Volume warped = Warper.warp(moving, r.field().field(), fixed.geometry());
            NiftiIO.writeScalar(staging.resolve(WARPED), warped.greyscale());
            if (fixed.geometry().is2D()) {
                writePng(staging.resolve(WARPED_PNG), warped);
            }
            AtomicFiles.writeString(staging.resolve(PAIRS), pairTable(r.pairs()));
            writeOverview(staging.resolve(OVERVIEW), r, fixedPairs, movingPairs);
            AtomicFiles.writeString(staging.resolve(RunRecord.FILE), r.run().json());
            more.writeInto(staging);
            return publish(staging, outDir);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }

    /**
     * Fails at once, before any registration, where outputs could not be written into {@code outDir}: a file in
     * its place or above it, a folder that cannot be written. Creates nothing.
     */
    public static void requireWritable(Path outDir) throws IOException {
        Path existing = outDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("cannot write results into " + outDir + ": no folder of its path exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new IOException("cannot write results into " + outDir + ": " + existing + " is a file, not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".samreg-probe-", ".tmp"));
        } catch (IOException e) {
            throw new IOException("cannot write results into " + outDir + ": " + existing + " is not writable ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Moves every staged entry into the output folder; an entry that is a folder replaces the folder of the same
     * name whole (an earlier run's DICOM objects do not mix with this run's).
     */
    private static List<Path> publish(Path staging, Path outDir) throws IOException {
        List<Path> entries;
        try (Stream<Path> files = Files.list(staging)) {
            entries = files.sorted().toList();
        }
        List<Path> published = new ArrayList<>();
        for (Path entry : entries) {
            Path target = outDir.resolve(entry.getFileName());
            if (Files.isDirectory(target)) {
                Path old = Files.createTempDirectory(outDir, ".samreg-replaced-");
                Path aside = Files.move(target, old.resolve(entry.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                try {
                    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
                    throw e;
                }
                AtomicFiles.deleteTree(old);
            } else {
                Files.move(entry, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            try (Stream<Path> files = Files.walk(target)) {
                files.filter(Files::isRegularFile).sorted().forEach(published::add);
            }
        }
        return published;
    }

    /** The registration's {@link OverviewPicture}, on its working grids. */
    public static void writeOverview(Path png, RegistrationResult r) throws IOException {
        writeOverview(png, r, pairLabels(r.fixedWorking().geometry(), r.pairs(), true),
                pairLabels(r.movingWorking().geometry(), r.pairs(), false));
    }

    private static void writeOverview(Path png, RegistrationResult r, Volume fixedPairs, Volume movingPairs)
            throws IOException {
        OverviewPicture.write(png, r.fixedWorking(), r.movingWorking(),
                Warper.warp(r.movingWorking(), r.field().field()), fixedPairs, movingPairs);
    }

    /** Pair numbers on a grid; where ROIs overlap, the more similar pair wins. */
    static Volume pairLabels(Geometry grid, List<RoiPair> pairs, boolean fixedSide) {
        float[] labels = new float[grid.voxelCount()];
        List<RoiPair> weakestFirst = pairs.stream()
                .sorted(Comparator.comparingDouble(RoiPair::similarity)).toList();
        for (RoiPair p : weakestFirst) {
            for (int v : (fixedSide ? p.fixed() : p.moving()).voxels()) {
                labels[v] = p.number();
            }
        }
        return Volume.grey(grid, labels);
    }

    static String pairTable(List<RoiPair> pairs) {
        StringBuilder sb = new StringBuilder("pair,similarity,fixed_voxels,moving_voxels,"
                + "fixed_centroid_x_mm,fixed_centroid_y_mm,fixed_centroid_z_mm,"
                + "moving_centroid_x_mm,moving_centroid_y_mm,moving_centroid_z_mm\n");
        for (RoiPair p : pairs) {
            double[] cf = p.fixed().centroidPatient(), cm = p.moving().centroidPatient();
            sb.append(String.format(Locale.ROOT, "%d,%.4f,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n", p.number(),
                    p.similarity(), p.fixed().size(), p.moving().size(), cf[0], cf[1], cf[2], cm[0], cm[1], cm[2]));
        }
        return sb.toString();
    }

    private static void writePng(Path file, Volume image) throws IOException {
        if (image.components() == 3) {
            RasterIO.writeRgb(file, image);
        } else {
            float[] range = image.range();
            RasterIO.writeGrey(file, image, range[0], range[1]);
        }
    }
}
