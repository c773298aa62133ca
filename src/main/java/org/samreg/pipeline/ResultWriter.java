package org.samreg.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * the displacement field, the warped moving image, a pair table and an overview picture. Everything is first
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

    /** @return the files written, in the output folder */
    public static List<Path> write(Path outDir, Volume fixed, Volume moving, RegistrationResult r) throws IOException {
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
            Files.writeString(staging.resolve(PAIRS), pairTable(r.pairs()), StandardCharsets.UTF_8);
            writeOverview(staging.resolve(OVERVIEW), r, fixedPairs, movingPairs);
            try (Stream<Path> files = Files.list(staging)) {
                return files.sorted().map(f -> move(f, outDir.resolve(f.getFileName()))).toList();
            }
        } finally {
            AtomicFiles.deleteTree(staging);
        }
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

    private static Path move(Path from, Path to) {
        try {
            return Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
