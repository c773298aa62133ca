package org.samreg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.SamRegVersion;
import org.samreg.field.DisplacementField;
import org.samreg.field.InitialAlignment;
import org.samreg.field.Warper;
import org.samreg.image.Geometry;
import org.samreg.image.ImageFiles;
import org.samreg.image.Mask;
import org.samreg.image.NiftiIO;
import org.samreg.image.Prerequisites;
import org.samreg.image.RasterIO;
import org.samreg.image.SharedData;
import org.samreg.image.VectorImage;
import org.samreg.image.Volume;
import org.samreg.metrics.Overlap;
import org.samreg.pacs.PacsException;
import org.samreg.pipeline.Method;
import org.samreg.pipeline.ResultWriter;
import org.samreg.pipeline.RunRecord;
import org.samreg.sam.Weights;
import org.samreg.sam.ModelException;
import org.samreg.sam.ModelManifest;
import picocli.CommandLine;

/**
 * {@code samreg register} end to end on a real pair; bad input: one clear error line, the bad-input exit code, and
 * no output folder left behind; {@code --debug} adds the stack trace; each kind of error has its exit code.
 */
class RegisterCommandTest {
    @TempDir
    Path dir;

    @Test
    void unreadableFileIsNamedAndNothingIsWritten() throws Exception {
        Path broken = dir.resolve("broken.nii.gz");
        Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        String err = runExpectingFailure(broken, texture2D("moving.png", 1));
        assertTrue(err.contains(broken.toString()), err);
    }

    @Test
    void twoDimensionalAndThreeDimensionalImagesAreRefused() throws Exception {
        Path volume = dir.resolve("moving.nii.gz");
        Random r = new Random(2);
        float[] data = new float[32 * 32 * 8];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat() * 100;
        }
        NiftiIO.writeScalar(volume, Volume.grey(Geometry.axisAligned(32, 32, 8, 1, 1, 2), data));
        String err = runExpectingFailure(texture2D("fixed.png", 3), volume);
        assertTrue(err.contains("both must be 2D or both 3D"), err);
    }

    @Test
    void emptyImageIsRefused() throws Exception {
        Path blank = dir.resolve("blank.png");
        RasterIO.writeGrey(blank, Volume.grey(Geometry.axisAligned(64, 64, 1, 1, 1, 1), new float[64 * 64]), 0, 1);
        String err = runExpectingFailure(blank, texture2D("moving.png", 4));
        assertTrue(err.contains(blank.toString()), err);
    }

    @Test
    void anOutputFolderThatCannotBeWrittenIsRefusedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "a file, not a folder");
        for (Path out : List.of(file, file.resolve("results"))) {
            StringWriter err = new StringWriter();
            CommandLine cl = SamRegCommand.commandLine();
            cl.setErr(new PrintWriter(err, true));
            long t0 = System.nanoTime();
            int code = cl.execute("register", "--fixed", texture2D("fixed.png", 6).toString(), "--moving",
                    texture2D("moving.png", 7).toString(), "--out", out.toString());
            assertEquals(SamRegCommand.BAD_INPUT, code, err.toString());
            assertTrue(err.toString().contains(file + " is a file, not a folder"), err.toString());
            // refused before the model opens (which alone takes seconds)
            assertTrue(System.nanoTime() - t0 < 2e9, "took " + (System.nanoTime() - t0) / 1e9 + " s");
        }
        assertEquals("a file, not a folder", Files.readString(file));
    }

    @Test
    void dicomOutputsArePublishedWithTheOthersAndReplaceAnEarlierRunsWhole() throws Exception {
        Path hfs = SharedData.require("data/dicom/decubitus/HFS_t1_sag");
        Prerequisites.require(ModelManifest.loadDefault().filesPresent(), "SAM model files absent");
        Path fixed = Files.createDirectories(dir.resolve("fixed")), moving = Files.createDirectories(dir.resolve("moving"));
        try (var files = Files.list(hfs)) {
            List<Path> slices = files.sorted().toList();
            for (Path s : slices.subList(16, 19)) {
                Files.copy(s, fixed.resolve(s.getFileName()));
            }
            for (Path s : slices.subList(17, 20)) {
                Files.copy(s, moving.resolve(s.getFileName()));
            }
        }
        Path out = dir.resolve("out");
        Path stale = Files.createDirectories(out.resolve(RegisterCommand.DICOM_FOLDER)).resolve("SEG_stale.dcm");
        Files.writeString(stale, "an earlier run's object");
        StringWriter err = new StringWriter();
        CommandLine cl = SamRegCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("register", "--fixed", fixed.toString(), "--moving", moving.toString(), "--out",
                out.toString(), "--points-per-side", "12", "--method", "roi");
        assertEquals(0, code, err.toString());
        assertFalse(Files.exists(stale), "the earlier run's DICOM folder is replaced whole");
        try (var files = Files.list(out.resolve(RegisterCommand.DICOM_FOLDER))) {
            assertEquals(3, files.filter(f -> f.toString().endsWith(".dcm")).count(), "two SEGs and the REG");
        }
        try (var files = Files.list(out.resolve(RegisterCommand.DICOM_FOLDER).resolve("resampled-moving"))) {
            assertEquals(3, files.count(), "the resampled series, slice for slice");
        }
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith(".")).toList(),
                    "no staging folder left");
        }
    }

    @Test
    void registersARealPairEndToEnd() throws Exception {
        Path pair = SharedData.require("data/pairs/2d/cardiac_2d");
        Prerequisites.require(ModelManifest.loadDefault().filesPresent(), "SAM model files absent");
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        CommandLine cl = SamRegCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("register", "--fixed", pair.resolve("image1.png").toString(), "--moving",
                pair.resolve("image2.png").toString(), "--out", out.toString());
        assertEquals(0, code, err.toString());
        for (String file : List.of(ResultWriter.FIELD, ResultWriter.WARPED, ResultWriter.WARPED_PNG,
                ResultWriter.PAIRS, ResultWriter.OVERVIEW, ResultWriter.FIXED_ROIS, ResultWriter.MOVING_ROIS)) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        // the field as written, read back, brings the moving left ventricle onto the fixed one
        VectorImage written = NiftiIO.readField(out.resolve(ResultWriter.FIELD));
        Volume fixedLabel = ImageFiles.read(pair.resolve("label1.png"));
        Volume movingLabel = ImageFiles.read(pair.resolve("label2.png"));
        assertTrue(written.grid().sameGrid(fixedLabel.geometry(), 1e-6), "the field lies on the fixed grid");
        Volume warped = Warper.warpLabels(movingLabel, new DisplacementField(written.grid(), written.vectors()),
                fixedLabel.geometry());
        double before = Overlap.dice(mask(fixedLabel), mask(Volume.grey(fixedLabel.geometry(), movingLabel.data())));
        double after = Overlap.dice(mask(fixedLabel), mask(warped));
        assertTrue(before < 0.85 && after > 0.93, "left ventricle Dice " + before + " -> " + after);

        // what made the result is written beside it, as elastix writes its parameter file
        RunRecord run = RunRecord.fromJson(Files.readString(out.resolve(RunRecord.FILE)));
        ModelManifest model = ModelManifest.loadDefault();
        assertEquals(SamRegVersion.VERSION, run.version());
        assertTrue(run.version().matches("\\d+\\.\\d+\\.\\d+.*"), run.version());
        assertEquals(new RunRecord.Model(model.name(), model.encoderSha256(), model.decoderSha256(), Weights.INT8),
                run.model());
        assertEquals(16, run.settings().everything().pointsPerSide());
        assertEquals(Method.HYBRID, run.settings().method());
        assertEquals(InitialAlignment.HEADER, run.initialAlignment());
    }

    @Test
    void versionIsTheBuildsVersion() {
        StringWriter text = new StringWriter();
        CommandLine cl = SamRegCommand.commandLine();
        cl.setOut(new PrintWriter(text, true));
        assertEquals(0, cl.execute("--version"));
        assertEquals("samreg " + SamRegVersion.VERSION, text.toString().strip());
    }

    private static Mask mask(Volume labels) {
        boolean[] inside = new boolean[labels.geometry().voxelCount()];
        for (int v = 0; v < inside.length; v++) {
            inside[v] = labels.data()[v] > 0;
        }
        return Mask.fromDense(labels.geometry(), inside);
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Path missing = dir.resolve("missing.png");
        StringWriter err = new StringWriter();
        CommandLine cl = SamRegCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("register", "--debug", "--fixed", missing.toString(), "--moving",
                texture2D("moving.png", 5).toString(), "--out", dir.resolve("out").toString());
        assertEquals(SamRegCommand.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().startsWith("samreg: ") && err.toString().contains(missing.toString()), err.toString());
        assertTrue(err.toString().contains("\tat org.samreg."), "a stack trace: " + err);
    }

    @Test
    void eachKindOfErrorHasItsExitCode() {
        assertEquals(SamRegCommand.INTERNAL_ERROR, SamRegCommand.exitCode(new NullPointerException()));
        assertEquals(SamRegCommand.INTERNAL_ERROR, SamRegCommand.exitCode(new IllegalStateException("bug")));
        assertEquals(SamRegCommand.BAD_INPUT, SamRegCommand.exitCode(
                new UncheckedIOException(new NoSuchFileException("fixed.nii.gz"))));
        assertEquals(SamRegCommand.BAD_INPUT, SamRegCommand.exitCode(new IllegalArgumentException("--method x")));
        assertEquals(SamRegCommand.MODEL_ERROR, SamRegCommand.exitCode(new ModelException("encoder.onnx missing")));
        assertEquals(SamRegCommand.NETWORK_ERROR, SamRegCommand.exitCode(
                new IllegalStateException(new PacsException("association rejected"))));
        assertEquals(SamRegCommand.NETWORK_ERROR, SamRegCommand.exitCode(new UncheckedIOException(
                new SocketTimeoutException("read timed out"))));
    }

    private String runExpectingFailure(Path fixed, Path moving) {
        Path out = dir.resolve("out");
        StringWriter err = new StringWriter();
        CommandLine cl = SamRegCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("register", "--fixed", fixed.toString(), "--moving", moving.toString(),
                "--out", out.toString());
        assertEquals(SamRegCommand.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().startsWith("samreg: "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line, no stack trace: " + err);
        assertFalse(Files.exists(out), "no output folder after a failure");
        return err.toString();
    }

    private Path texture2D(String name, long seed) throws Exception {
        Random r = new Random(seed);
        float[] data = new float[64 * 64];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat() * 255;
        }
        Path file = dir.resolve(name);
        RasterIO.writeGrey(file, Volume.grey(Geometry.axisAligned(64, 64, 1, 1, 1, 1), data), 0, 255);
        return file;
    }
}
