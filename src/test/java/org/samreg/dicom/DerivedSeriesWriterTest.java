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
        System.out.println("dciodvfy warnings for derived MR: " + DicomTestSupport.dciodvfyClean(files.get(0)));
        for (Path f : files.subList(1, files.size())) {
            DicomTestSupport.dciodvfyClean(f);
        }
        assertEquals("MR " + fixed.frameOfReferenceUid(), DicomTestSupport.pydicom(files.get(0),
                "print(ds.Modality, ds.FrameOfReferenceUID); assert ds.pixel_array.shape == (256, 256)"));

        DicomSeries read = DicomSeriesReader.read(out);
        assertTrue(read.volume().geometry().sameGrid(fixed.volume().geometry(), 1e-6));
        assertEquals(fixed.frameOfReferenceUid(), read.frameOfReferenceUid());
        assertEquals(fixed.studyInstanceUid(), read.studyInstanceUid());
        assertNotEquals(fixed.seriesInstanceUid(), read.seriesInstanceUid());
        float[] range = resampled.range();
        double step = (range[1] - range[0]) / 65535;
        float[] expected = resampled.data(), actual = read.volume().data();
        for (int n = 0; n < expected.length; n++) {
            float e = Float.isNaN(expected[n]) ? range[0] : expected[n];
            assertEquals(e, actual[n], step, "voxel " + n);
        }
    }
}
