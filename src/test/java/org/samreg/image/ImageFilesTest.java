package org.samreg.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    @TempDir
    Path dir;

    private static void assertRefused(Path file, String problem) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "message says '" + problem + "': " + e.getMessage());
    }

    private Volume ramp(int nx, int ny, int nz) {
        float[] v = new float[nx * ny * nz];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Volume.grey(Geometry.axisAligned(nx, ny, nz, 1, 1, 1), v);
    }

    @Test
    void readsNiftiAndPngByExtension() throws IOException {
        Path nii = dir.resolve("a.nii.gz");
        NiftiIO.writeScalar(nii, ramp(4, 3, 2));
        assertEquals(2, ImageFiles.read(nii).geometry().nz);
        Path png = dir.resolve("a.PNG");
        RasterIO.writeLabels(png, ramp(5, 4, 1));
        assertEquals(5, ImageFiles.read(png).geometry().nx);
    }

    @Test
    void badInputIsRefusedWithTheFileName() throws IOException {
        assertRefused(dir.resolve("missing.nii.gz"), "not found");

        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertRefused(text, "unknown image file extension");

        Path empty = Files.createFile(dir.resolve("zero.nii"));
        assertRefused(empty, "empty file");

        Path whole = dir.resolve("whole.nii.gz");
        NiftiIO.writeScalar(whole, ramp(40, 30, 20));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(dir.resolve("truncated.nii.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(truncated, "truncated");

        Path headerOnly = Files.write(dir.resolve("short.nii"), new byte[100]);
        assertRefused(headerOnly, "truncated");

        Path garbage = Files.write(dir.resolve("garbage.nii"), new byte[400]);
        assertRefused(garbage, "not a NIfTI-1 file");

        Path constant = dir.resolve("constant.nii");
        float[] sevens = new float[24];
        Arrays.fill(sevens, 7);
        NiftiIO.writeScalar(constant, Volume.grey(Geometry.axisAligned(4, 3, 2, 1, 1, 1), sevens));
        assertRefused(constant, "empty image");

        Path zeroSize = new HandBuiltNifti().size(4, 0, 2).writeTo(dir.resolve("zerosize.nii"));
        assertRefused(zeroSize, "empty image");

        Path badPng = Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3, 4, 5});
        assertRefused(badPng, "broken.png");
    }

    @Test
    void readsLabelsAsValuesOrChannels() throws IOException {
        Geometry g = Geometry.axisAligned(3, 2, 2, 1, 1, 1);
        float[] a = {0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0};
        float[] b = {0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0};
        Path channels = dir.resolve("channels.nii.gz");
        NiftiIO.writeChannels(channels, List.of(Volume.grey(g, a), Volume.grey(g, b)));
        List<Volume> read = ImageFiles.readLabels(channels, ImageFiles.LabelEncoding.parse("channels"));
        assertEquals(2, read.size());
        assertArrayEquals(b, read.get(1).data());

        Path png = dir.resolve("mask.png");
        float[] mask = {0, 255, 255, 0, 0, 255};
        RasterIO.writeLabels(png, Volume.grey(Geometry.axisAligned(3, 2, 1, 1, 1, 1), mask));
        List<Volume> values = ImageFiles.readLabels(png, ImageFiles.LabelEncoding.parse("values"));
        assertEquals(1, values.size());
        assertArrayEquals(mask, values.get(0).data());
        assertThrows(ImageFormatException.class, () -> ImageFiles.readLabels(png, ImageFiles.LabelEncoding.CHANNELS));
    }

    @Test
    void realPngPairsReadAsColourImagesAndGreyLabels() throws IOException {
        Path image = SharedData.require("data/pairs/2d/cardiac_2d/image1.png");
        Volume rgb = ImageFiles.read(image);
        assertEquals(3, rgb.components());
        assertEquals(List.of(256, 216, 1), List.of(rgb.geometry().nx, rgb.geometry().ny, rgb.geometry().nz));
        Volume label = ImageFiles.readLabels(image.resolveSibling("label1.png"), ImageFiles.LabelEncoding.VALUES)
                .get(0);
        assertEquals(1, label.components());
        assertArrayEquals(new float[] {0, 255}, label.range());
    }

    @Test
    void realJpegReadsAsColour() throws IOException {
        Path jpeg = SharedData.require("data/pairs/retina/A01_1.jpg");
        Volume v = ImageFiles.read(jpeg);
        assertEquals(3, v.components());
        assertEquals(2912, v.geometry().nx);
    }
}
