package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.field.DisplacementField;
import org.samreg.image.Geometry;

class RegistrationWriterTest {
    @TempDir
    Path out;

    /** 5 degrees about the patient z axis plus a translation, fixed -> moving. */
    static double[] rigid() {
        double a = Math.toRadians(5), c = Math.cos(a), s = Math.sin(a);
        return new double[] {c, -s, 0, 10, s, c, 0, -5, 0, 0, 1, 3, 0, 0, 0, 1};
    }

    /** The complete mapping: the rigid part plus a smooth wobble of a few mm. */
    static DisplacementField smoothField(Geometry grid, double[] a) {
        float[] u = new float[3 * grid.voxelCount()];
        for (int k = 0, v = 0; k < grid.nz; k++) {
            for (int j = 0; j < grid.ny; j++) {
                for (int i = 0; i < grid.nx; i++, v += 3) {
                    double[] p = grid.toPatient(i, j, k);
                    double[] ap = Geometry.apply(a, p[0], p[1], p[2]);
                    u[v] = (float) (ap[0] - p[0] + 3 * Math.sin(p[1] / 40));
                    u[v + 1] = (float) (ap[1] - p[1] + 2 * Math.cos(p[2] / 30));
                    u[v + 2] = (float) (ap[2] - p[2] + 1.5 * Math.sin((p[0] + p[1]) / 50));
                }
            }
        }
        return new DisplacementField(grid, u);
    }

    @Test
    void hfsToHfpRegistrationValidatesAndRoundTrips() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        Geometry g = fixed.volume().geometry();
        Geometry coarse = g.withSize(64, 64, g.nz, new double[] {4 * g.spacing(0), 4 * g.spacing(1), g.spacing(2)});
        double[] pre = rigid();
        DisplacementField field = smoothField(coarse, pre);
        Path reg = new RegistrationWriter(new UidGenerator()).write(fixed, moving, pre, field, out);

        assertEquals(List.of(), DicomTestSupport.ownWarnings(reg, DicomTestSupport.firstFile(DicomTestSupport.hfs())));
        assertEquals(String.join(" ", "1.2.840.10008.5.1.4.1.1.66.3", fixed.frameOfReferenceUid(),
                        moving.frameOfReferenceUid(), "REG", Integer.toString(3 * coarse.voxelCount())),
                DicomTestSupport.pydicom(reg, """
                        item = [i for i in ds.DeformableRegistrationSequence if 'DeformableRegistrationGridSequence' in i][0]
                        grid = item.DeformableRegistrationGridSequence[0]
                        import struct
                        n = len(grid.VectorGridData) // 4
                        print(ds.SOPClassUID, ds.FrameOfReferenceUID, item.SourceFrameOfReferenceUID, ds.Modality, n)
                        """));

        RegistrationReader.Registration read = RegistrationReader.read(reg);
        assertEquals(fixed.frameOfReferenceUid(), read.frameOfReferenceUid());
        assertEquals(moving.frameOfReferenceUid(), read.sourceFrameOfReferenceUid());
        assertArrayEquals(pre, read.preMatrix(), 1e-13);
        assertEquals(true, read.field().grid().sameGrid(coarse, 1e-9));
        float[] expected = field.vectors(), actual = read.field().vectors();
        for (int n = 0; n < expected.length; n++) {
            // one float32 rounding of the stored residual vector: a few ulps of the vector magnitudes
            assertEquals(expected[n], actual[n], 2e-5, "component " + n);
        }
        assertArrayEquals(RegistrationWriter.gridVectors(field, read.preMatrix()), read.gridVectors().vectors());
        // the DICOM equation q = Mpre p + D(p) gives the field's moving point
        double[] p = coarse.toPatient(10, 20, 5);
        float[] d = read.gridVectors().vectors();
        int v = 3 * coarse.index(10, 20, 5);
        double[] q = field.mapVoxel(10, 20, 5);
        for (int c = 0; c < 3; c++) {
            double mpre = pre[4 * c] * p[0] + pre[4 * c + 1] * p[1] + pre[4 * c + 2] * p[2] + pre[4 * c + 3];
            assertEquals(q[c], mpre + d[v + c], 1e-4);
        }
    }

    @Test
    void identityPreMatrixOnSingleSliceRoundTripsExactly() throws Exception {
        Path slice;
        try (Stream<Path> s = Files.list(DicomTestSupport.hfs())) {
            slice = s.sorted().skip(17).findFirst().orElseThrow();
        }
        DicomSeries fixed = DicomSeriesReader.read(slice);
        DicomSeries moving = DicomSeriesReader.read(DicomTestSupport.hfp());
        double[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        DisplacementField field = smoothField(fixed.volume().geometry(), identity);
        Path reg = new RegistrationWriter(new UidGenerator("1.2.826.0.1.3680043.10.999")).write(fixed, moving,
                identity, field, out);
        DicomTestSupport.dciodvfyClean(reg);
        RegistrationReader.Registration read = RegistrationReader.read(reg);
        assertArrayEquals(field.vectors(), read.field().vectors());
        assertArrayEquals(field.vectors(), read.gridVectors().vectors());
    }

    @Test
    void seriesSharingAFrameOfReferenceGetOnlyTheDeformationItem() throws Exception {
        DicomSeries fixed = DicomSeriesReader.read(DicomTestSupport.hfs());
        List<Path> slices;
        try (Stream<Path> s = Files.list(DicomTestSupport.hfs())) {
            slices = s.sorted().toList();
        }
        DicomSeries moving = DicomSeriesReader.read(slices.get(20));
        assertEquals(fixed.frameOfReferenceUid(), moving.frameOfReferenceUid());
        DisplacementField field = smoothField(fixed.volume().geometry().withSize(32, 32, 5,
                new double[] {8, 8, 30}), rigid());
        Path reg = new RegistrationWriter(new UidGenerator()).write(fixed, moving, rigid(), field, out);
        assertEquals(List.of(), DicomTestSupport.ownWarnings(reg, DicomTestSupport.firstFile(DicomTestSupport.hfs())));
        // a reader choosing the item by source frame of reference finds the deformation, not an identity
        assertEquals("1 " + fixed.frameOfReferenceUid() + " True False 051Y 92.9864476785",
                DicomTestSupport.pydicom(reg, """
                        items = ds.DeformableRegistrationSequence
                        print(len(items), items[0].SourceFrameOfReferenceUID,
                              'DeformableRegistrationGridSequence' in items[0], 'Laterality' in ds,
                              ds.PatientAge, ds.PatientWeight)
                        """));
        assertArrayEquals(field.vectors(), RegistrationReader.read(reg).field().vectors(), 2e-5f);
    }
}
