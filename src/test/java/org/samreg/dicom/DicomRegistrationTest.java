package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.SamRegVersion;
import org.samreg.everything.EverythingSettings;
import org.samreg.field.DisplacementField;
import org.samreg.field.InitialAlignment;
import org.samreg.field.Warper;
import org.samreg.image.Geometry;
import org.samreg.image.Mask;
import org.samreg.image.Prerequisites;
import org.samreg.image.Progress;
import org.samreg.match.RoiPair;
import org.samreg.metrics.Overlap;
import org.samreg.pipeline.DicomRegistration;
import org.samreg.pipeline.RegistrationSettings;
import org.samreg.pipeline.RunRecord;
import org.samreg.pipeline.SamRegistration;
import org.samreg.sam.ModelManifest;
import org.samreg.sam.SamModel;

/**
 * A real registration of five HFS slices to a copy of themselves moved by a known translation in patient space
 * (shifted Image Position Patient, new frame of reference): the DICOM outputs must validate, read back to what
 * was written, and carry the translation.
 */
class DicomRegistrationTest {
    /** Patient-space shift of the moving copy (mm): in-plane and across the sagittal slices. */
    private static final double[] SHIFT = {1.5, 6.2, -4.4};

    @TempDir
    static Path dir;
    private static DicomSeries fixed;
    private static DicomSeries moving;
    private static DicomRegistration.Outputs outputs;

    @BeforeAll
    static void registerShiftedCopy() throws Exception {
        ModelManifest manifest = ModelManifest.loadDefault();
        Prerequisites.require(manifest.filesPresent(), "SAM model absent");
        List<Path> slices;
        try (Stream<Path> s = Files.list(DicomTestSupport.hfs())) {
            slices = s.sorted().toList().subList(15, 20);
        }
        Path fixedDir = Files.createDirectories(dir.resolve("fixed"));
        Path movingDir = Files.createDirectories(dir.resolve("moving"));
        UidGenerator uids = new UidGenerator();
        String seriesUid = uids.newUid(), frameUid = uids.newUid();
        for (Path slice : slices) {
            Files.copy(slice, fixedDir.resolve(slice.getFileName()));
            writeShifted(slice, movingDir.resolve(slice.getFileName()), seriesUid, frameUid, uids.newUid());
        }
        fixed = DicomSeriesReader.read(fixedDir);
        moving = DicomSeriesReader.read(movingDir);
        EverythingSettings coarse = EverythingSettings.defaults().calibratedFor(manifest).withPointsPerSide(12);
        RegistrationSettings d = RegistrationSettings.defaults();
        try (SamModel model = new SamModel(manifest, false)) {
            SamRegistration engine = new SamRegistration(model,
                    new RegistrationSettings(coarse, d.match(), d.field(), d.maxInPlaneSize()));
            outputs = new DicomRegistration(engine, uids).register(fixed, moving, InitialAlignment.HEADER,
                    dir.resolve("out"), Progress.NONE);
        }
    }

    @Test
    void everyOutputValidatesAndPydicomReadsIt() throws Exception {
        Path fixedSource = DicomTestSupport.firstFile(dir.resolve("fixed"));
        for (Path file : outputs.allFiles()) {
            Path source = file.equals(outputs.movingSeg()) ? DicomTestSupport.firstFile(dir.resolve("moving"))
                    : fixedSource;
            assertEquals(List.of(), DicomTestSupport.ownWarnings(file, source), "dciodvfy warnings for " + file);
        }
        assertEquals("1.2.840.10008.5.1.4.1.1.66.3 " + fixed.frameOfReferenceUid(),
                DicomTestSupport.pydicom(outputs.registration(), "print(ds.SOPClassUID, ds.FrameOfReferenceUID)"));
        assertEquals(fixed.slices().size(), outputs.derivedSeries().size());
        for (Path file : List.of(outputs.fixedSeg(), outputs.registration(), outputs.derivedSeries().get(0))) {
            assertEquals("SAMReg " + SamRegVersion.VERSION, DicomTestSupport.pydicom(file,
                    "print(ds.Manufacturer, ds.SoftwareVersions)"));
        }
        assertTrue(Files.readString(outputs.registration().resolveSibling(RunRecord.FILE))
                .contains("\"version\": \"" + SamRegVersion.VERSION + "\""));
    }

    @Test
    void outputsAgreeWithTheirStudies() throws Exception {
        List<Path> fixedStudy = new ArrayList<>(listing(dir.resolve("fixed")));
        fixedStudy.addAll(List.of(outputs.fixedSeg(), outputs.registration()));
        fixedStudy.addAll(outputs.derivedSeries());
        assertEquals(List.of(), DicomTestSupport.dcentvfy(fixedStudy));
        List<Path> movingStudy = new ArrayList<>(listing(dir.resolve("moving")));
        movingStudy.add(outputs.movingSeg());
        assertEquals(List.of(), DicomTestSupport.dcentvfy(movingStudy));
    }

    @Test
    void bothSegsNumberTheSamePairsOneToN() throws Exception {
        String script = "print([(s.SegmentNumber, s.SegmentLabel) for s in ds.SegmentSequence])";
        String fixedSegments = DicomTestSupport.pydicom(outputs.fixedSeg(), script);
        assertEquals(fixedSegments, DicomTestSupport.pydicom(outputs.movingSeg(), script));
        assertEquals(outputs.result().pairs().stream().map(p -> "ROI pair " + p.number()).sorted().toList(),
                SegReader.read(outputs.fixedSeg(), fixed.volume().geometry()).segments().values().stream()
                        .map(SegReader.Segment::label).sorted().toList());
        SegReader.Segmentation read = SegReader.read(outputs.fixedSeg(), fixed.volume().geometry());
        assertEquals(java.util.stream.IntStream.rangeClosed(1, outputs.result().pairs().size()).boxed().toList(),
                new ArrayList<>(read.segments().keySet()));
    }

    @Test
    void outputsAreReadableAsAnyOtherFileTheUserWrites() throws Exception {
        Path probe = Files.createFile(dir.resolve("out").resolve("probe"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(probe);
        Files.delete(probe);
        for (Path file : outputs.allFiles()) {
            assertEquals(expected, Files.getPosixFilePermissions(file), file.toString());
        }
    }

    private static List<Path> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void registrationObjectCarriesTheKnownTranslation() throws Exception {
        assertFalse(outputs.result().pairs().isEmpty(), "the shifted copy must yield ROI pairs");
        DisplacementField read = RegistrationReader.read(outputs.registration()).field();
        Geometry g = fixed.volume().geometry();
        double halfVoxel = 0.5 * Math.min(g.spacing(0), Math.min(g.spacing(1), g.spacing(2)));
        for (RoiPair pair : outputs.result().pairs()) {
            double[] c = pair.fixed().centroidPatient();
            double[] q = read.mapPoint(c);
            for (int a = 0; a < 3; a++) {
                assertEquals(SHIFT[a], q[a] - c[a], halfVoxel, "axis " + a + " at pair " + pair.number());
            }
        }
    }

    @Test
    void readBackFieldAndSegmentsEqualWhatWasWritten() throws Exception {
        DisplacementField written = outputs.result().field().field();
        DisplacementField read = RegistrationReader.read(outputs.registration()).field();
        assertArrayEquals(written.vectors(), read.vectors(), 2e-5f);
        SegReader.Segmentation seg = SegReader.read(outputs.movingSeg(), moving.volume().geometry());
        for (SegReader.Segment s : seg.segments().values()) {
            RoiPair pair = outputs.result().pairs().stream().filter(p -> s.label().equals("ROI pair " + p.number()))
                    .findFirst().orElseThrow();
            Mask expected = pair.moving().resampled(moving.volume().geometry());
            assertArrayEquals(expected.voxels(), s.mask().voxels(), s.label());
        }
    }

    @Test
    void warpingWithTheReadBackObjectGivesTheSameDice() throws Exception {
        DisplacementField read = RegistrationReader.read(outputs.registration()).field();
        DisplacementField inMemory = outputs.result().field().field();
        SegReader.Segmentation fixedSeg = SegReader.read(outputs.fixedSeg(), fixed.volume().geometry());
        SegReader.Segmentation movingSeg = SegReader.read(outputs.movingSeg(), moving.volume().geometry());
        for (int k : fixedSeg.segments().keySet()) {
            Mask f = fixedSeg.segments().get(k).mask(), m = movingSeg.segments().get(k).mask();
            double diceMemory = Overlap.dice(f, Warper.warpMask(m, inMemory).resampled(f.geometry()));
            double diceRead = Overlap.dice(f, Warper.warpMask(m, read).resampled(f.geometry()));
            assertEquals(diceMemory, diceRead, 1e-3, "segment " + k);
            assertTrue(diceRead > 0.5, "segment " + k + " Dice " + diceRead);
        }
    }

    private static void writeShifted(Path source, Path target, String seriesUid, String frameUid, String sopUid)
            throws Exception {
        AttributeList list = new AttributeList();
        list.read(source.toString());
        Attribute position = list.get(TagFromName.ImagePositionPatient);
        double[] p = position.getDoubleValues();
        position.removeValues();
        for (int a = 0; a < 3; a++) {
            position.addValue(p[a] + SHIFT[a]);
        }
        list.replaceWithValueIfPresent(TagFromName.SeriesInstanceUID, seriesUid);
        list.replaceWithValueIfPresent(TagFromName.FrameOfReferenceUID, frameUid);
        list.replaceWithValueIfPresent(TagFromName.SOPInstanceUID, sopUid);
        list.replaceWithValueIfPresent(TagFromName.MediaStorageSOPInstanceUID, sopUid);
        list.write(target.toString(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }
}
