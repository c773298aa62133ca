package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.image.Geometry;
import org.samreg.image.Interpolation;
import org.samreg.image.Volume;

class DerivedSeriesWriterTest {
    @TempDir
    Path out;

    /** The moving image sampled at the fixed grid's patient positions (trilinear, so values are fractional). */
    static Volume resample(DicomSeries fixed, DicomSeries moving) {
        Geometry f = fixed.volume().geometry(), m = moving.volume().geometry();
        float[] data = new float[f.voxelCount()];
        for (int k = 0; k < f.nz; k++) {
            for (int j = 0; j < f.ny; j++) {
                for (int i = 0; i < f.nx; i++) {
                    double[] p = f.toPatient(i + 0.3, j + 0.6, k);
                    double[] v = m.toVoxel(p[0], p[1], p[2]);
                    data[f.index(i, j, k)] = Interpolation.linear(moving.volume().data(), m.nx, m.ny, m.nz,
                            v[0], v[1], v[2], Float.NaN);
                }
            }
        }
        return Volume.grey(f, data);
    }

    @Test
    void resampledMovingSeriesValidatesAndReadsBack() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        Volume resampled = resample(fixed, moving);
        List<Path> files = new DerivedSeriesWriter(new UidGenerator()).write(fixed, moving, resampled, out);
        assertEquals(35, files.size());
        for (Path f : files) {
            assertEquals(List.of(), DicomTestSupport.ownWarnings(f, DicomTestSupport.firstFile(DicomTestSupport.hfs())),
                    "dciodvfy warnings for " + f);
        }
        assertEquals("MR " + fixed.frameOfReferenceUid(), DicomTestSupport.pydicom(files.get(0),
                "print(ds.Modality, ds.FrameOfReferenceUID); assert ds.pixel_array.shape == (256, 256)"));

        DicomSeries read = DicomSeriesReader.read(out);
        assertTrue(read.volume().geometry().sameGrid(fixed.volume().geometry(), 1e-6));
        assertEquals(fixed.frameOfReferenceUid(), read.frameOfReferenceUid());
        assertEquals(fixed.studyInstanceUid(), read.studyInstanceUid());
        assertNotEquals(fixed.seriesInstanceUid(), read.seriesInstanceUid());
        // the MR source's own integers, without a Modality LUT
        float[] expected = resampled.data(), actual = read.volume().data();
        for (int n = 0; n < expected.length; n++) {
            float e = Float.isNaN(expected[n]) ? resampled.range()[0] : expected[n];
            assertEquals(Math.rint(e), actual[n], 0.0, "voxel " + n);
        }
        assertEquals("False False", DicomTestSupport.pydicom(files.get(0),
                "print('RescaleSlope' in ds, 'RescaleIntercept' in ds)"));
    }

    @Test
    void slicesCarryTheFixedSeriesLabelsAndStudy() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        List<Path> files = new DerivedSeriesWriter(new UidGenerator()).write(fixed, moving, resample(fixed, moving),
                out);
        String labels = "print(ds.InstanceNumber, ds.SliceLocation, ds.SliceThickness)";
        String study = "print(ds.PatientAge, ds.PatientSize, ds.PatientWeight, 'Laterality' in ds,"
                + " ds.WindowCenter, ds.WindowWidth)";
        DicomSeries.SliceReference first = fixed.slices().get(0);
        Path source = DicomTestSupport.hfs().resolve(sourceFile(first.sopInstanceUid()));
        assertEquals(DicomTestSupport.pydicom(source, labels), DicomTestSupport.pydicom(files.get(0), labels));
        for (int k : new int[] {1, 17, 34}) {
            assertEquals(fixed.slices().get(k).instanceNumber() + " " + fixed.slices().get(k).sliceLocation(),
                    DicomTestSupport.pydicom(files.get(k), "print(ds.InstanceNumber, ds.SliceLocation)"));
        }
        // the study of the fixed series; the window of the moving series, whose values these are
        assertEquals("051Y 1.8796037616667 92.9864476785 False 839 1549",
                DicomTestSupport.pydicom(files.get(0), study));
    }

    /** The file of the HFS series holding the given instance. */
    private static String sourceFile(String sopInstanceUid) throws Exception {
        try (var files = java.nio.file.Files.list(DicomTestSupport.hfs())) {
            for (Path f : files.sorted().toList()) {
                if (DicomAttributes.string(DicomAttributes.readFile(f), "SOPInstanceUID").equals(sopInstanceUid)) {
                    return f.getFileName().toString();
                }
            }
        }
        throw new AssertionError("no file for " + sopInstanceUid);
    }
}
