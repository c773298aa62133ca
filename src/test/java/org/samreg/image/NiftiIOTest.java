package org.samreg.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiIOTest {
    @TempDir
    Path dir;

    /** An oblique grid: rotated 30° about z, with a reflected slice axis, anisotropic spacing, offset origin. */
    private static Geometry obliqueGrid(int nx, int ny, int nz) {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        return new Geometry(nx, ny, nz, new double[] {0.8, 1.25, 3}, new double[] {-12.5, 40, 7},
                new double[] {c, -s, 0, s, c, 0, 0, 0, -1});
    }

    private static void assertSameGeometry(Geometry expected, Geometry actual) {
        assertTrue(expected.sameGrid(actual, 1e-4), "expected " + expected + " but read " + actual);
    }

    private static float[] randomValues(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * 100;
        }
        return v;
    }

    @Test
    void scalarRoundTripKeepsVoxelsAndGeometry() throws IOException {
        Geometry g = obliqueGrid(7, 5, 4);
        Volume original = Volume.grey(g, randomValues(g.voxelCount(), 1));
        for (String name : List.of("scalar.nii", "scalar.nii.gz")) {
            Path file = dir.resolve(name);
            NiftiIO.writeScalar(file, original);
            Volume read = NiftiIO.read(file);
            assertSameGeometry(g, read.geometry());
            assertArrayEquals(original.data(), read.data(), name);
        }
        assertTrue(Files.size(dir.resolve("scalar.nii")) == 352 + 4L * g.voxelCount());
    }

    @Test
    void twoDimensionalImageRoundTrips() throws IOException {
        Geometry g = obliqueGrid(6, 3, 1);
        Volume original = Volume.grey(g, randomValues(g.voxelCount(), 2));
        Path file = dir.resolve("slice.nii");
        NiftiIO.writeScalar(file, original);
        Volume read = NiftiIO.read(file);
        assertTrue(read.geometry().is2D());
        assertSameGeometry(g, read.geometry());
        assertArrayEquals(original.data(), read.data());
    }

    @Test
    void labelRoundTripUsesUint8OrInt16() throws IOException {
        Geometry g = obliqueGrid(4, 3, 2);
        float[] small = new float[g.voxelCount()];
        float[] large = new float[g.voxelCount()];
        for (int i = 0; i < small.length; i++) {
            small[i] = i % 6;
            large[i] = i * 50 - 300;
        }
        Path smallFile = dir.resolve("small.nii");
        Path largeFile = dir.resolve("large.nii");
        NiftiIO.writeLabels(smallFile, Volume.grey(g, small));
        NiftiIO.writeLabels(largeFile, Volume.grey(g, large));
        assertEquals(352 + g.voxelCount(), Files.size(smallFile), "uint8 labels");
        assertEquals(352 + 2 * g.voxelCount(), Files.size(largeFile), "int16 labels");
        assertArrayEquals(small, NiftiIO.read(smallFile).data());
        assertArrayEquals(large, NiftiIO.read(largeFile).data());
        assertSameGeometry(g, NiftiIO.read(largeFile).geometry());
        assertThrows(IllegalArgumentException.class,
                () -> NiftiIO.writeLabels(dir.resolve("bad.nii"), Volume.grey(g, randomValues(g.voxelCount(), 3))));
    }

    @Test
    void channelRoundTrip() throws IOException {
        Geometry g = obliqueGrid(5, 4, 3);
        List<Volume> channels = List.of(binary(g, 0), binary(g, 1), binary(g, 2));
        Path file = dir.resolve("channels.nii.gz");
        NiftiIO.writeChannels(file, channels);
        List<Volume> read = NiftiIO.readChannels(file);
        assertEquals(3, read.size());
        for (int c = 0; c < 3; c++) {
            assertSameGeometry(g, read.get(c).geometry());
            assertArrayEquals(channels.get(c).data(), read.get(c).data());
        }
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> NiftiIO.read(file));
        assertTrue(e.getMessage().contains("channels.nii.gz"));
    }

    private static Volume binary(Geometry g, int phase) {
        float[] v = new float[g.voxelCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 3 == phase ? 1 : 0;
        }
        return Volume.grey(g, v);
    }

    @Test
    void nibabelReadsTheFieldAndTheScalarImageAsWeMeanThem() throws Exception {
        // an independent reader: Debian's nibabel must find the same voxel-to-RAS mapping and the RAS vectors
        Geometry g = obliqueGrid(4, 5, 3);
        VectorImage field = new VectorImage(g, randomValues(3 * g.voxelCount(), 7));
        Path fieldFile = dir.resolve("field.nii.gz"), scalarFile = dir.resolve("scalar.nii.gz");
        NiftiIO.writeField(fieldFile, field);
        Volume scalar = Volume.grey(g, randomValues(g.voxelCount(), 8));
        NiftiIO.writeScalar(scalarFile, scalar);
        int i = 3, j = 1, k = 2, v = g.index(i, j, k);
        String out = ExternalTools.python("nibabel", "python3-nibabel", String.join("\n",
                "f = nibabel.load(sys.argv[1]); s = nibabel.load(sys.argv[2])",
                "i, j, k = 3, 1, 2",
                "ras = f.affine @ [i, j, k, 1]",
                "u = f.get_fdata()[i, j, k, 0, :]",
                "print(f.shape, f.header['intent_code'], *['%.5f' % x for x in ras[:3]], *['%.5f' % x for x in u])",
                "print((s.affine == f.affine).all(), '%.5f' % s.get_fdata()[i, j, k])"),
                fieldFile.toString(), scalarFile.toString());
        String[] lines = out.lines().toArray(String[]::new);
        String[] words = lines[0].replace("(4, 5, 3, 1, 3)", "shape").split(" ");
        assertEquals("shape", words[0], out);
        assertEquals(String.valueOf(NiftiIO.INTENT_DISPLACEMENT_VECTOR), words[1], out);
        double[] lps = g.toPatient(i, j, k);
        double[] expected = {-lps[0], -lps[1], lps[2], -field.vectors()[3 * v], -field.vectors()[3 * v + 1],
            field.vectors()[3 * v + 2]};
        for (int c = 0; c < 6; c++) {
            assertEquals(expected[c], Double.parseDouble(words[2 + c]), 1e-3, "RAS position then vector: " + out);
        }
        assertEquals("True", lines[1].split(" ")[0], "the scalar image and the field share one affine: " + out);
        assertEquals(scalar.data()[v], Double.parseDouble(lines[1].split(" ")[1]), 1e-4, out);
    }

    @Test
    void fieldRoundTripStoresRasVectors() throws IOException {
        Geometry g = obliqueGrid(4, 5, 3);
        VectorImage field = new VectorImage(g, randomValues(3 * g.voxelCount(), 4));
        Path file = dir.resolve("field.nii");
        NiftiIO.writeField(file, field);
        VectorImage read = NiftiIO.readField(file);
        assertSameGeometry(g, read.grid());
        assertArrayEquals(field.vectors(), read.vectors());

        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5, raw.getShort(40));
        assertEquals(1, raw.getShort(48), "dim[4]");
        assertEquals(3, raw.getShort(50), "dim[5]");
        assertEquals(NiftiIO.INTENT_DISPLACEMENT_VECTOR, raw.getShort(68));
        int n = g.voxelCount();
        assertEquals(-field.vectors()[0], raw.getFloat(352), "x in RAS is -x in LPS");
        assertEquals(-field.vectors()[1], raw.getFloat(352 + 4 * n), "y block follows the x block");
        assertEquals(field.vectors()[2], raw.getFloat(352 + 8 * n));
    }

    @Test
    void writtenSformAndQformDescribeTheSameGeometry() throws IOException {
        Geometry g = obliqueGrid(3, 3, 3);
        Path file = dir.resolve("both.nii");
        NiftiIO.writeScalar(file, Volume.grey(g, new float[g.voxelCount()]));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(254, (short) 0); // hide the sform: the qform alone must give the same grid
        Path qformOnly = dir.resolve("qform.nii");
        Files.write(qformOnly, bytes);
        assertSameGeometry(g, NiftiIO.read(qformOnly).geometry());
    }

    @Test
    void qformQuaternionGivesDirectionAndOrigin() throws IOException {
        HandBuiltNifti nifti = new HandBuiltNifti().size(2, 2, 2).values((short) 4, 1, 2, 3, 4, 5, 6, 7, 8);
        nifti.qformCode = 1;
        float half = (float) Math.sqrt(0.5);
        nifti.quaternion = new float[] {0, 0, half}; // 90° about the z axis
        nifti.qoffset = new float[] {10, 20, 30};
        nifti.pixdim = new float[] {-1, 2, 3, 4, 1, 1, 1, 1}; // qfac -1 flips the slice axis
        Geometry g = NiftiIO.read(nifti.writeTo(dir.resolve("q.nii"))).geometry();
        // RAS: i -> +y, j -> -x, k -> -z; LPS negates the first two rows
        assertArrayEquals(new double[] {0, 1, 0, -1, 0, 0, 0, 0, -1}, g.direction(), 1e-6);
        assertArrayEquals(new double[] {-10, -20, 30}, g.origin(), 1e-6);
        assertArrayEquals(new double[] {2, 3, 4}, g.spacing(), 1e-6);
        assertArrayEquals(new double[] {-10, -20 - 2, 30 - 4}, g.toPatient(1, 0, 1), 1e-5);
    }

    @Test
    void bigEndianGzipAndPlainFilesReadAlike() throws IOException {
        double[] values = {-3, 0, 7, 1000, -32768, 32767};
        for (String name : List.of("be.nii", "be.nii.gz")) {
            HandBuiltNifti nifti = new HandBuiltNifti();
            nifti.order = ByteOrder.BIG_ENDIAN;
            nifti.size(3, 2, 1).values((short) 4, values);
            nifti.sformCode = 1;
            nifti.pixdim = new float[] {1, 0.5f, 0.5f, 2, 1, 1, 1, 1};
            nifti.srow = new float[] {-0.5f, 0, 0, 5, 0, 0.5f, 0, -6, 0, 0, 2, 7};
            Volume v = NiftiIO.read(nifti.writeTo(dir.resolve(name)));
            assertArrayEquals(new float[] {-3, 0, 7, 1000, -32768, 32767}, v.data(), name);
            assertTrue(v.geometry().is2D());
            assertArrayEquals(new double[] {1, 0, 0, 0, -1, 0, 0, 0, 1}, v.geometry().direction(), 1e-6);
            assertArrayEquals(new double[] {-5, 6, 7}, v.geometry().origin(), 1e-6);
        }
    }

    @Test
    void everySupportedDatatypeAndScaling() throws IOException {
        double[] values = {0, 1, 100, 127};
        for (short datatype : new short[] {2, 256, 4, 512, 8, 16, 64}) {
            HandBuiltNifti nifti = new HandBuiltNifti().size(4, 1, 1).values(datatype, values);
            nifti.slope = 2;
            nifti.inter = -1;
            Volume v = NiftiIO.read(nifti.writeTo(dir.resolve("t" + datatype + ".nii")));
            assertArrayEquals(new float[] {-1, 1, 199, 253}, v.data(), "datatype " + datatype);
        }
        HandBuiltNifti negative = new HandBuiltNifti().size(2, 1, 1).values((short) 256, -128, -5);
        assertArrayEquals(new float[] {-128, -5}, NiftiIO.read(negative.writeTo(dir.resolve("i8.nii"))).data());
        HandBuiltNifti unsigned = new HandBuiltNifti().size(2, 1, 1).values((short) 512, 65535, 40000);
        assertArrayEquals(new float[] {65535, 40000}, NiftiIO.read(unsigned.writeTo(dir.resolve("u16.nii"))).data());
    }

    @Test
    void rgb24GivesThreeComponents() throws IOException {
        HandBuiltNifti nifti = new HandBuiltNifti().size(2, 1, 1);
        nifti.datatype = 128;
        nifti.data = new byte[] {(byte) 255, 0, 10, 1, 2, (byte) 200};
        Volume v = NiftiIO.read(nifti.writeTo(dir.resolve("rgb.nii")));
        assertEquals(3, v.components());
        assertArrayEquals(new float[] {255, 0, 10, 1, 2, 200}, v.data());
    }

    @Test
    void aHeaderClaimingMoreThanTheHeapHoldsIsRefusedBeforeAnythingIsAllocated() throws IOException {
        // 2 GB of uint8 declared (8.6 GB as floats), none stored: the test JVM has 8 GB
        Path file = new HandBuiltNifti().size(32767, 32767, 2).values((short) 2).writeTo(dir.resolve("huge.nii.gz"));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> NiftiIO.read(file));
        assertTrue(e.getMessage().contains("too large for this JVM") && e.getMessage().contains("-Xmx"),
                e.getMessage());
    }

    @Test
    void nanInTheOrientationIsRefusedNamingTheField() throws IOException {
        HandBuiltNifti q = new HandBuiltNifti().size(2, 2, 2).values((short) 2, 1, 2, 3, 4, 5, 6, 7, 8);
        q.qformCode = 1;
        q.quaternion[1] = Float.NaN;
        Path qfile = q.writeTo(dir.resolve("qform.nii"));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> NiftiIO.read(qfile));
        assertTrue(e.getMessage().contains("quatern_b/c/d and qoffset_x/y/z hold NaN"), e.getMessage());

        HandBuiltNifti s = new HandBuiltNifti().size(2, 2, 2).values((short) 2, 1, 2, 3, 4, 5, 6, 7, 8);
        s.sformCode = 1;
        s.srow = new float[] {1, 0, 0, 0, 0, 1, 0, Float.NaN, 0, 0, 1, 0};
        Path sfile = s.writeTo(dir.resolve("sform.nii"));
        e = assertThrows(ImageFormatException.class, () -> NiftiIO.read(sfile));
        assertTrue(e.getMessage().contains("srow_x/srow_y/srow_z hold NaN"), e.getMessage());
    }

    @Test
    void aMissingSpacingIsRefusedUnlessTheAxisIsASingleVoxel() throws IOException {
        for (float bad : new float[] {0, Float.NaN}) {
            HandBuiltNifti n = new HandBuiltNifti().size(2, 2, 2).values((short) 2, 1, 2, 3, 4, 5, 6, 7, 8);
            n.pixdim[2] = bad;
            Path file = n.writeTo(dir.resolve("pixdim.nii"));
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> NiftiIO.read(file));
            assertTrue(e.getMessage().contains("pixdim[2] is " + bad), e.getMessage());
        }
        HandBuiltNifti flat = new HandBuiltNifti().size(2, 2).values((short) 2, 1, 2, 3, 4);
        flat.pixdim[3] = 0;
        assertEquals(1.0, NiftiIO.read(flat.writeTo(dir.resolve("flat.nii"))).geometry().spacing(2));
    }

    @Test
    void unsupportedDatatypeIsNamed() throws IOException {
        HandBuiltNifti nifti = new HandBuiltNifti().size(1, 1, 1);
        nifti.datatype = 32; // complex64
        nifti.data = new byte[8];
        Path file = nifti.writeTo(dir.resolve("complex.nii"));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> NiftiIO.read(file));
        assertTrue(e.getMessage().contains("complex.nii") && e.getMessage().contains("datatype 32"), e.getMessage());
    }

    @Test
    void acdcFrameHasItsSizeSpacingAndOrientation() throws IOException {
        Path file = SharedData.require("data/pairs/acdc/patient067/patient067_frame01.nii.gz");
        Volume v = NiftiIO.read(file);
        Geometry g = v.geometry();
        assertEquals(List.of(256, 216, 10), List.of(g.nx, g.ny, g.nz));
        assertArrayEquals(new double[] {1.367, 1.367, 10}, g.spacing(), 1e-3);
        // the file's sform rows are (-1 0 0 0), (0 -1 0 0), (0 0 1 0) in RAS; negating the first two rows for LPS
        // leaves the identity, so the grid is axis-aligned in LPS (a RAS-identity file would not be)
        float[] sform = rawSform(file);
        double[] expected = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double norm = Math.sqrt(sq(sform[c]) + sq(sform[4 + c]) + sq(sform[8 + c]));
                expected[3 * r + c] = (r < 2 ? -1 : 1) * sform[4 * r + c] / norm;
            }
        }
        assertArrayEquals(expected, g.direction(), 1e-6);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, g.direction(), 1e-6);
        assertArrayEquals(new double[] {-sform[3], -sform[7], sform[11]}, g.origin(), 1e-4);
        float[] range = v.range();
        assertTrue(range[1] > range[0]);
    }

    private static float[] rawSform(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteBuffer h = ByteBuffer.wrap(in.readNBytes(348)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(348, h.getInt(0));
            float[] s = new float[12];
            for (int i = 0; i < 12; i++) {
                s[i] = h.getFloat(280 + 4 * i);
            }
            return s;
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    @Test
    void prostateLabelsHaveThreeBinaryChannels() throws IOException {
        Path file = SharedData.require("data/pairs/prostate-mr-us/fixed_labels/case000000.nii.gz");
        List<Volume> channels = NiftiIO.readChannels(file);
        assertEquals(3, channels.size());
        for (Volume channel : channels) {
            Geometry g = channel.geometry();
            assertEquals(List.of(44, 59, 41), List.of(g.nx, g.ny, g.nz));
            assertArrayEquals(new double[] {0.4, 0.4, 0.4}, g.spacing(), 1e-6);
            float[] range = channel.range();
            assertEquals(0, range[0]);
            assertEquals(1, range[1]);
        }
    }
}
