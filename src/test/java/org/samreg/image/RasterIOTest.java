package org.samreg.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RasterIOTest {
    @TempDir
    Path dir;

    @Test
    void rgbRoundTrip() throws IOException {
        float[] rgb = {255, 0, 0, 0, 128, 7, 1, 2, 3, 40, 50, 60};
        Path file = dir.resolve("rgb.png");
        RasterIO.writeRgb(file, new Volume(Geometry.axisAligned(2, 2, 1, 1, 1, 1), rgb, 3));
        Volume read = RasterIO.read(file);
        assertEquals(3, read.components());
        assertArrayEquals(rgb, read.data());
    }

    @Test
    void greyIsWindowedTo8Bits() throws IOException {
        Path file = dir.resolve("grey.png");
        RasterIO.writeGrey(file, Volume.grey(Geometry.axisAligned(4, 1, 1, 1, 1, 1), new float[] {-10, 0, 60, 200}),
                0, 100);
        assertArrayEquals(new float[] {0, 0, 153, 255}, RasterIO.read(file).data());
    }

    @Test
    void sixteenBitLabelsKeepTheirValues() throws IOException {
        Path file = dir.resolve("labels16.png");
        float[] labels = {0, 300, 65535, 1};
        RasterIO.writeLabels(file, Volume.grey(Geometry.axisAligned(2, 2, 1, 1, 1, 1), labels));
        Volume read = RasterIO.read(file);
        assertEquals(1, read.components());
        assertArrayEquals(labels, read.data());
    }

    @Test
    void paletteImagesBecomeGreyOrColour() throws IOException {
        byte[] greys = {0, 100, (byte) 200};
        assertPalette(new IndexColorModel(2, 3, greys, greys, greys), 1, new float[] {0, 100, 200, 0});
        byte[] red = {(byte) 255, 0, 0};
        byte[] zero = {0, 0, 0};
        assertPalette(new IndexColorModel(2, 3, red, zero, zero), 3,
                new float[] {255, 0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0});
    }

    private void assertPalette(IndexColorModel palette, int components, float[] expected) throws IOException {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        image.getRaster().setSample(1, 0, 0, 1);
        image.getRaster().setSample(0, 1, 0, 2);
        Path file = dir.resolve("palette" + components + ".png");
        ImageIO.write(image, "png", file.toFile());
        Volume read = RasterIO.read(file);
        assertEquals(components, read.components());
        assertArrayEquals(expected, read.data());
    }
}
